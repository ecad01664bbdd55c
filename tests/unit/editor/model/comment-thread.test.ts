import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EMPTY_FILTER, hasOpenThread, matchesFilter } from '../../../../app/components/annotations/filter-annotations'
import type { AnnotationRecord, Person } from '../../../../editor/model/annotation'
import { addComment, annotationsMap, readAnnotation, setThreadState } from '../../../../editor/model/annotation-store'
import { exportedThread, threadAction, threadStatusOf, type ThreadStatus } from '../../../../editor/model/comment-thread'
import { RECORD_KEYS } from '../../../../editor/model/doc-layout'
import { historyLines } from '../../../../editor/model/history-wording'
import { resolveAnnotations } from '../../../../editor/model/resolve-annotations'
import { readContent } from '../../../../editor/yjs/document-content'
import { annotate, createReplicas, send } from './support/replicas'
import { alice, bob } from './support/seed'
import { SYNC_ORDERS } from './support/sync-orders'
import { at, T0, T1, T2, T3, useFakeClock } from './support/fake-clock'

useFakeClock()

const WORDS = 'a special state to us'
const ada: Person = { id: 'user-ada', name: 'Ada' }
const bea: Person = { id: 'user-bea', name: 'Bea' }

const recordOf = (doc: Y.Doc, id: string): AnnotationRecord => {
  const read = readAnnotation(doc, id)
  if (read === null || !('record' in read)) throw new Error(`no valid record ${id}: ${JSON.stringify(read)}`)
  return read.record
}
const threadOf = (doc: Y.Doc, id: string): ThreadStatus => threadStatusOf(recordOf(doc, id))
const mapOf = (doc: Y.Doc, id: string) => annotationsMap(doc).get(id) as Y.Map<unknown>
const steps = (doc: Y.Doc, id: string) => recordOf(doc, id).history.map((step) => `${step.change} by ${step.by.name}`)

/** One replica with a claim and Ada's comment on it at T0. */
function commentedClaim() {
  const [doc] = createReplicas(1)
  const id = at(T0, () => annotate(doc, WORDS, 'claim', 'claim-1'))
  at(T0, () => addComment(doc, id, ada, 'Who said this first?'))
  return { doc, id }
}

/** Replicas of a claim Ada commented on at T0, all in step. */
function commentedReplicas(count: number) {
  const docs = createReplicas(count)
  const id = at(T0, () => annotate(docs[0], WORDS, 'claim', 'claim-1'))
  at(T0, () => addComment(docs[0], id, ada, 'Who said this first?'))
  for (const doc of docs.slice(1)) send(docs[0], doc)
  return { docs, id }
}

/** Both ways of bringing two replicas together. */
const TWO_WAY_ORDERS: Record<string, (a: Y.Doc, b: Y.Doc) => void> = {
  'a→b, then b→a': (a, b) => {
    send(a, b)
    send(b, a)
  },
  'b→a, then a→b': (a, b) => {
    send(b, a)
    send(a, b)
  },
}

describe('thread status: derived from the comments and the `thread` entry', () => {
  const comment = (id: string, createdAt: string, author = ada) => ({ id, author, text: id, createdAt })

  it('is open without comments or without an entry; resolved by the entry until a later comment', () => {
    expect(threadStatusOf({ comments: [] })).toEqual({ state: 'open', by: null, at: null, reopenedByComment: false, comments: 0 })
    expect(threadStatusOf({ comments: [], thread: { state: 'resolved', by: bea, at: T1 } }).state).toBe('open')
    expect(threadStatusOf({ comments: [comment('c1', T0)] })).toEqual({ state: 'open', by: null, at: null, reopenedByComment: false, comments: 1 })
    const resolved = { state: 'resolved', by: bea, at: T1 } as const
    expect(threadStatusOf({ comments: [comment('c1', T0), comment('c2', T1)], thread: resolved })).toEqual({
      state: 'resolved',
      by: bea,
      at: T1,
      reopenedByComment: false,
      comments: 2,
    })
    expect(threadStatusOf({ comments: [comment('c1', T0), comment('c2', T2, bea), comment('c3', T3)], thread: resolved })).toEqual({
      state: 'open',
      by: bea,
      at: T2,
      reopenedByComment: true,
      comments: 3,
    })
    expect(threadStatusOf({ comments: [comment('c1', T0)], thread: { state: 'open', by: ada, at: T2 } })).toEqual({
      state: 'open',
      by: ada,
      at: T2,
      reopenedByComment: false,
      comments: 1,
    })
  })

  it('offers Resolve on an open thread with comments, Reopen on a resolved one, nothing on an empty one', () => {
    const open: ThreadStatus = { state: 'open', by: null, at: null, reopenedByComment: false, comments: 2 }
    expect(threadAction(open)).toBe('resolve')
    expect(threadAction({ ...open, comments: 0 })).toBeNull()
    expect(threadAction({ ...open, state: 'resolved', by: bea, at: T1 })).toBe('reopen')
  })

  it('exports the state in the shape of the entry, once someone resolved the thread', () => {
    expect(exportedThread({ state: 'open', by: null, at: null, reopenedByComment: false, comments: 2 })).toBeNull()
    expect(exportedThread({ state: 'resolved', by: bea, at: T1, reopenedByComment: false, comments: 2 })).toEqual({ state: 'resolved', by: bea, at: T1 })
    expect(exportedThread({ state: 'open', by: ada, at: T2, reopenedByComment: true, comments: 3 })).toEqual({ state: 'open', by: ada, at: T2 })
  })
})

describe('resolving and reopening (the store)', () => {
  it('resolve, reopen, resolve: the `thread` entry, updatedAt and a history step each time', () => {
    const { doc, id } = commentedClaim()
    at(T1, () => setThreadState(doc, id, 'resolved', bea))
    expect(mapOf(doc, id).get(RECORD_KEYS.thread)).toEqual({ state: 'resolved', by: bea, at: T1 })
    expect(recordOf(doc, id)).toMatchObject({ updatedAt: T1, thread: { state: 'resolved', by: bea, at: T1 } })
    expect(threadOf(doc, id)).toMatchObject({ state: 'resolved', by: bea, at: T1, comments: 1 })
    at(T2, () => setThreadState(doc, id, 'open', ada))
    expect(threadOf(doc, id)).toMatchObject({ state: 'open', by: ada, at: T2, reopenedByComment: false })
    at(T3, () => setThreadState(doc, id, 'resolved', ada))
    expect(threadOf(doc, id)).toMatchObject({ state: 'resolved', by: ada, at: T3 })
    expect(steps(doc, id)).toEqual(['comment by Ada', 'resolve by Bea', 'reopen-thread by Ada', 'resolve by Ada'])
    expect(
      historyLines(recordOf(doc, id))
        .slice(2)
        .map((line) => `${line.by.name} ${line.what}`),
    ).toEqual(['Bea resolved the comment thread', 'Ada reopened the comment thread', 'Ada resolved the comment thread'])
  })

  it('a comment on a resolved thread reopens it in the same transaction, with a reopen step next to the comment step', () => {
    const { doc, id } = commentedClaim()
    at(T1, () => setThreadState(doc, id, 'resolved', bea))
    const transactions: string[][] = []
    mapOf(doc, id).observe((event) => transactions.push([...event.keysChanged].sort()))
    at(T2, () => addComment(doc, id, ada, 'One more thing'))
    expect(transactions).toHaveLength(1)
    expect(transactions[0]).toEqual(expect.arrayContaining([RECORD_KEYS.thread, RECORD_KEYS.updatedAt]))
    expect(mapOf(doc, id).get(RECORD_KEYS.thread)).toEqual({ state: 'open', by: ada, at: T2 })
    expect(threadOf(doc, id)).toMatchObject({ state: 'open', by: ada, at: T2, reopenedByComment: false, comments: 2 })
    expect(steps(doc, id).slice(2).sort()).toEqual(['comment by Ada', 'reopen-thread by Ada'])
    // A comment on an open thread writes no thread entry.
    at(T3, () => addComment(doc, id, bea, 'Agreed'))
    expect(mapOf(doc, id).get(RECORD_KEYS.thread)).toEqual({ state: 'open', by: ada, at: T2 })
  })

  it('refuses what does not apply, naming why', () => {
    const [doc] = createReplicas(1)
    const id = at(T0, () => annotate(doc, WORDS, 'claim', 'claim-1'))
    expect(() => setThreadState(doc, id, 'resolved', bea)).toThrow('thread: there are no comments to resolve')
    at(T0, () => addComment(doc, id, ada, 'First'))
    expect(() => setThreadState(doc, id, 'open', bea)).toThrow('thread: the thread is already open')
    at(T1, () => setThreadState(doc, id, 'resolved', bea))
    expect(() => setThreadState(doc, id, 'resolved', ada)).toThrow('thread: the thread is already resolved')
    expect(() => setThreadState(doc, id, 'resolved', { id: '', name: 'Nobody' })).toThrow(/already resolved/)
    at(T2, () => setThreadState(doc, id, 'open', ada))
    expect(() => setThreadState(doc, id, 'resolved', { id: '', name: 'Nobody' })).toThrow(/^by: /)
    expect(() => setThreadState(doc, 'missing', 'resolved', bea)).toThrow('annotation "missing" does not exist')
  })
})

describe('clocks that disagree', () => {
  it('a resolution by someone whose clock is behind the newest comment still resolves, once', () => {
    const [a, b] = createReplicas(2)
    const id = at(T0, () => annotate(a, WORDS, 'claim', 'claim-1'))
    send(a, b)
    at(T2, () => addComment(b, id, bea, 'Source?'))
    send(b, a)
    // Ada's clock runs behind: she has seen Bea's comment (T2) and resolves at her T1.
    at(T1, () => setThreadState(a, id, 'resolved', ada))
    expect(threadOf(a, id)).toMatchObject({ state: 'resolved', by: ada })
    expect(threadAction(threadOf(a, id))).toBe('reopen')
    expect(() => at(T1, () => setThreadState(a, id, 'resolved', ada))).toThrow(/already resolved/)
    expect(steps(a, id).filter((step) => step.startsWith('resolve'))).toHaveLength(1)
  })

  it('a comment dated far ahead does not pin the thread open', () => {
    const { doc, id } = commentedClaim()
    mapOf(doc, id).set(`${RECORD_KEYS.commentPrefix}ahead`, { author: bea, text: 'from the future', createdAt: '9999-01-01T00:00:00.000Z' })
    at(T1, () => setThreadState(doc, id, 'resolved', ada))
    expect(threadOf(doc, id).state).toBe('resolved')
    // A comment written after it (in the app) reopens it all the same.
    at(T2, () => addComment(doc, id, ada, 'One more thing'))
    expect(threadOf(doc, id).state).toBe('open')
  })

  it('times are compared as instants, not as text', () => {
    const thread = { state: 'resolved', by: bea, at: '2026-11-26T09:01:00.500Z' } as const
    const comment = { id: 'c', author: ada, text: 'x', createdAt: '2026-11-26T09:01:00Z' }
    // "…:00Z" sorts after "…:00.500Z" as text, but is half a second earlier.
    expect(threadStatusOf({ comments: [comment], thread }).state).toBe('resolved')
    expect(threadStatusOf({ comments: [comment], thread: { ...thread, at: '2026-11-26T09:01:00.000Z' } }).state).toBe('resolved')
    const later = { ...comment, id: 'd', createdAt: '2026-11-26T09:01:01Z' }
    const latest = { ...comment, id: 'e', createdAt: '2026-11-26T09:02:00.000Z' }
    // The earliest comment after the resolution reopened it, whatever the order read.
    expect(threadStatusOf({ comments: [latest, later, comment], thread })).toMatchObject({ state: 'open', at: later.createdAt, reopenedByComment: true })
  })
})

describe('thread entries merge: every replica reads the same, in every sync order', () => {
  it.each(Object.entries(TWO_WAY_ORDERS))('Bea resolves while Ada, who has not seen it, comments later: open again, reopened by the comment (%s)', (_name, deliver) => {
    const {
      docs: [a, b],
      id,
    } = commentedReplicas(2)
    at(T2, () => setThreadState(b, id, 'resolved', bea))
    at(T3, () => addComment(a, id, ada, 'Wait, one more source'))
    deliver(a, b)
    for (const doc of [a, b]) {
      expect(threadOf(doc, id)).toEqual({ state: 'open', by: ada, at: T3, reopenedByComment: true, comments: 2 })
      expect(recordOf(doc, id).thread).toEqual({ state: 'resolved', by: bea, at: T2 })
    }
  })

  it.each(Object.entries(TWO_WAY_ORDERS))(
    'Ada comments, then Bea, who has not received it, resolves: the resolution is the later, so the thread is resolved with both comments under it (%s)',
    (_name, deliver) => {
      const {
        docs: [a, b],
        id,
      } = commentedReplicas(2)
      at(T1, () => addComment(a, id, ada, 'Written before the resolution'))
      at(T2, () => setThreadState(b, id, 'resolved', bea))
      deliver(a, b)
      for (const doc of [a, b]) expect(threadOf(doc, id)).toEqual({ state: 'resolved', by: bea, at: T2, reopenedByComment: false, comments: 2 })
    },
  )

  it.each(Object.entries(TWO_WAY_ORDERS))('Ada comments on the resolved thread while Bea reopens it: open, both steps kept (%s)', (_name, deliver) => {
    const {
      docs: [a, b],
      id,
    } = commentedReplicas(2)
    at(T1, () => setThreadState(a, id, 'resolved', bea))
    send(a, b)
    at(T2, () => addComment(a, id, ada, 'Reopening with a question'))
    at(T3, () => setThreadState(b, id, 'open', bea))
    deliver(a, b)
    for (const doc of [a, b]) {
      expect(threadOf(doc, id).state).toBe('open')
      expect(steps(doc, id).sort()).toEqual(['comment by Ada', 'comment by Ada', 'reopen-thread by Ada', 'reopen-thread by Bea', 'resolve by Bea'])
    }
    expect(threadOf(a, id)).toEqual(threadOf(b, id))
  })

  it.each(Object.entries(SYNC_ORDERS))('Ada and Bea resolve at once: resolved, last writer wins (the higher client id), the same everywhere (%s)', (_name, deliver) => {
    const {
      docs: [a, b, c],
      id,
    } = commentedReplicas(3)
    at(T1, () => setThreadState(a, id, 'resolved', ada))
    at(T1, () => setThreadState(b, id, 'resolved', bea))
    deliver(a, b, c)
    for (const doc of [a, b, c]) {
      expect(threadOf(doc, id)).toMatchObject({ state: 'resolved', by: bea, at: T1 })
      expect(steps(doc, id).sort()).toEqual(['comment by Ada', 'resolve by Ada', 'resolve by Bea'])
    }
  })

  it.each(Object.entries(SYNC_ORDERS))('a resolution while someone edits the claim: both kept (%s)', (_name, deliver) => {
    const {
      docs: [a, b, c],
      id,
    } = commentedReplicas(3)
    at(T1, () => setThreadState(a, id, 'resolved', ada))
    at(T1, () => mapOf(c, id).set(`${RECORD_KEYS.attrPrefix}claimant`, 'Liberman'))
    deliver(a, b, c)
    for (const doc of [a, b, c]) expect(recordOf(doc, id)).toMatchObject({ attrs: { claimant: 'Liberman' }, thread: { state: 'resolved', by: ada } })
  })
})

describe('hostile thread entries never hide the annotation; the thread reads open', () => {
  const deep = () => {
    let value: unknown = 'bottom'
    for (let depth = 0; depth < 40; depth++) value = { by: value }
    return value
  }
  const hostile: Array<[string, unknown]> = [
    ['a string', 'resolved'],
    ['null', null],
    ['an unknown state', { state: 'archived', by: bea, at: T1 }],
    ['no person', { state: 'resolved', at: T1 }],
    ['a person without id', { state: 'resolved', by: { name: 'Bea' }, at: T1 }],
    ['a bad time', { state: 'resolved', by: bea, at: 'yesterday' }],
    ['an extra field', { state: 'resolved', by: bea, at: T1, script: '<img src=x onerror=alert(1)>' }],
    ['a name of 5000 characters', { state: 'resolved', by: { id: 'x', name: 'x'.repeat(5000) }, at: T1 }],
    ['a value of 200,000 characters (beyond the shape limits)', { state: 'resolved', by: bea, at: T1, padding: 'x'.repeat(200_000) }],
    ['a value nested 40 deep (beyond the shape limits)', { state: 'resolved', by: deep(), at: T1 }],
    ['a shared type', new Y.Map([['state', 'resolved']])],
  ]
  it.each(hostile)('%s: left out, the record reads with its comments', (_name, value) => {
    const { doc, id } = commentedClaim()
    mapOf(doc, id).set(RECORD_KEYS.thread, value)
    const record = recordOf(doc, id)
    expect(record.thread).toBeUndefined()
    expect(record.comments).toHaveLength(1)
    expect(threadOf(doc, id)).toEqual({ state: 'open', by: null, at: null, reopenedByComment: false, comments: 1 })
    expect(resolveAnnotations(doc, readContent(doc)).invalid).toEqual([])
    // People can still resolve it: the stray entry is overwritten.
    at(T2, () => setThreadState(doc, id, 'resolved', bea))
    expect(threadOf(doc, id)).toMatchObject({ state: 'resolved', by: bea })
  })

  it('the same goes for stray links, history steps and workflow entries beyond the shape limits', () => {
    const { doc, id } = commentedClaim()
    const huge = { padding: 'x'.repeat(200_000) }
    mapOf(doc, id).set(`${RECORD_KEYS.linkPrefix}huge`, huge)
    mapOf(doc, id).set(`${RECORD_KEYS.historyPrefix}huge`, huge)
    mapOf(doc, id).set(RECORD_KEYS.status, huge)
    mapOf(doc, id).set(RECORD_KEYS.assignee, new Y.Map())
    expect(recordOf(doc, id)).toMatchObject({ links: [], history: [{ change: 'comment' }], comments: [{ text: 'Who said this first?' }] })
    // A comment or an attribute beyond the limits still makes the record invalid: those are its content.
    mapOf(doc, id).set(`${RECORD_KEYS.commentPrefix}huge`, huge)
    expect(readAnnotation(doc, id)).toEqual({ invalid: { id, error: 'comment.huge: a value is longer than 100000 characters as JSON' } })
  })

  it('a resolution dated in the far future keeps the thread resolved until someone comments or reopens it', () => {
    const { doc, id } = commentedClaim()
    const future = '9999-12-31T23:59:59.000Z'
    mapOf(doc, id).set(RECORD_KEYS.thread, { state: 'resolved', by: bob, at: future })
    expect(threadOf(doc, id)).toMatchObject({ state: 'resolved', by: bob, at: future })
    // A comment dated now is not later than it, but commenting writes `open` itself.
    at(T1, () => addComment(doc, id, ada, 'Still not convinced'))
    expect(threadOf(doc, id)).toMatchObject({ state: 'open', by: ada, at: T1 })
    mapOf(doc, id).set(RECORD_KEYS.thread, { state: 'resolved', by: bob, at: future })
    at(T2, () => setThreadState(doc, id, 'open', alice))
    expect(threadOf(doc, id)).toMatchObject({ state: 'open', by: alice, at: T2 })
  })
})

describe('the panel’s "Open threads" filter', () => {
  it('keeps annotations with comments whose thread is open', () => {
    const { doc, id } = commentedClaim()
    const quiet = at(T0, () => annotate(doc, 'It is practically', 'quote', 'quote-1'))
    const shown = () =>
      resolveAnnotations(doc, readContent(doc))
        .annotations.filter((annotation) => matchesFilter(annotation, { ...EMPTY_FILTER, openThreads: true }))
        .map((annotation) => annotation.id)
    expect(shown()).toEqual([id])
    at(T1, () => setThreadState(doc, id, 'resolved', bea))
    expect(shown()).toEqual([])
    expect(resolveAnnotations(doc, readContent(doc)).annotations.map((annotation) => [annotation.id, hasOpenThread(annotation)])).toEqual(
      expect.arrayContaining([
        [id, false],
        [quiet, false],
      ]),
    )
    at(T2, () => addComment(doc, id, ada, 'Back again'))
    expect(shown()).toEqual([id])
  })
})
