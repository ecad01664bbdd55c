import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { AnnotationRecord, AnnotationType, ClaimAttrs, Person } from '../../../../editor/model/annotation'
import { addComment, annotationsMap, createAnnotation, deleteAnnotation, readAnnotation, updateAnnotation } from '../../../../editor/model/annotation-store'
import { withReviewStamp } from '../../../../editor/model/claim-review'
import { anchorsFor, createReplicas, editRun, findText, resolvedById, send } from './support/replicas'
import { alice, bob } from './support/seed'
import { SYNC_ORDERS } from './support/sync-orders'
import { at, T0, T1, T2, T3, useFakeClock } from './support/fake-clock'

/**
 * The merge rules of data model v2 (docs/data-model.md, "Merge rules"): every entry of a record is
 * last-writer-wins on its own, so concurrent changes of different parts of one annotation merge.
 * Each rule is run with two or three replicas making their changes at once, then brought together
 * in several sync orders; every replica must end with the same record.
 */

const SPAN = 'a special state to us'
const ELSEWHERE = 'It is practically'
const FARTHER = 'Avigdor Liberman'
const carol: Person = { id: 'user-carol', name: 'Carol' }

useFakeClock()

const ID = 'c1'

/** Replicas that all hold one annotation on SPAN, created on the first, and nothing else yet. */
interface Setup {
  replicas: Y.Doc[]
  /** The state they share, before anyone's concurrent change. */
  common: Uint8Array
}

function setup(count: 2 | 3, type: AnnotationType, attrs: unknown): Setup {
  const replicas = createReplicas(count)
  const [a] = replicas
  const { from, to } = findText(a, SPAN)
  createAnnotation(a, { id: ID, type, ...anchorsFor(a, from, to), exact: SPAN, attrs, createdBy: alice })
  for (const replica of replicas.slice(1)) send(a, replica)
  return { replicas, common: Y.encodeStateAsUpdate(a) }
}

/** A way to bring the replicas together after their concurrent changes; returns every replica that must now agree. */
interface Delivery {
  name: string
  run: (setup: Setup) => Y.Doc[]
}

const LETTERS = ['A', 'B', 'C']

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items]
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]))
}

/** A fourth, fresh replica in the common state gets each replica's own changes, in `order`; then the replicas sync with each other. */
function toFreshReplica(order: number[]): Delivery {
  return {
    name: `a fresh replica gets ${order.map((index) => LETTERS[index]).join(', then ')}`,
    run: ({ replicas, common }) => {
      const fresh = new Y.Doc()
      fresh.clientID = 2001
      Y.applyUpdate(fresh, common)
      const commonVector = Y.encodeStateVector(fresh)
      const updates = replicas.map((replica) => Y.encodeStateAsUpdate(replica, commonVector))
      for (const index of order) Y.applyUpdate(fresh, updates[index])
      for (const from of replicas) for (const to of replicas) if (from !== to) send(from, to)
      return [fresh, ...replicas]
    },
  }
}

/** The sync orders for two replicas: one way then back, the other way then back, both at once; and a fresh replica getting the two in either order. */
const TWO_REPLICA_ORDERS: Delivery[] = [
  {
    name: 'A→B, then B→A',
    run: ({ replicas: [a, b] }) => {
      send(a, b)
      send(b, a)
      return [a, b]
    },
  },
  {
    name: 'B→A, then A→B',
    run: ({ replicas: [a, b] }) => {
      send(b, a)
      send(a, b)
      return [a, b]
    },
  },
  {
    name: 'A and B exchange at once',
    run: ({ replicas: [a, b] }) => {
      const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
      const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
      Y.applyUpdate(b, fromA)
      Y.applyUpdate(a, fromB)
      return [a, b]
    },
  },
  ...permutations([0, 1]).map(toFreshReplica),
]

/** The sync orders for three replicas: the chains of SYNC_ORDERS, and a fresh replica getting the three in all 6 orders. */
const THREE_REPLICA_ORDERS: Delivery[] = [
  ...Object.entries(SYNC_ORDERS).map(([name, sync]) => ({
    name: `pairwise: ${name.replace(/\b[abc]\b/g, (letter) => letter.toUpperCase())}`,
    run: ({ replicas: [a, b, c] }: Setup) => {
      sync(a, b, c)
      return [a, b, c]
    },
  })),
  ...permutations([0, 1, 2]).map(toFreshReplica),
]

/** What every replica reads for the annotation, after checking they all read the same; null when it is gone. */
function converged(replicas: Y.Doc[]): AnnotationRecord | null {
  const reads = replicas.map((replica) => readAnnotation(replica, ID))
  for (const read of reads.slice(1)) expect(read).toEqual(reads[0])
  const texts = replicas.map((replica) => resolvedById(replica)[ID] ?? null)
  for (const text of texts.slice(1)) expect(text).toEqual(texts[0])
  const [read] = reads
  if (read === null) return null
  if ('invalid' in read) throw new Error(`the merged record is invalid: ${read.invalid.error}`)
  return read.record
}

/** The record on one replica (before syncing): what that replica's writer made of it. */
function recordOn(replica: Y.Doc): AnnotationRecord {
  const read = readAnnotation(replica, ID)
  if (read === null || 'invalid' in read) throw new Error('no valid record')
  return read.record
}

/** Of replicas that wrote the same entry at once, the one whose value wins: Yjs orders the higher client id last. */
function higherClient(...writers: Y.Doc[]): Y.Doc {
  return writers.reduce((winner, writer) => (writer.clientID > winner.clientID ? writer : winner))
}

/** Sets a claim's verdict on a replica as the editor does: the verdict and its review stamp, in one update. */
function setVerdict(replica: Y.Doc, verdict: ClaimAttrs['verdict'], reviewer: Person, rationale: string): ClaimAttrs {
  const current = recordOn(replica)
  const text = resolvedById(replica)[ID].text
  const attrs = withReviewStamp(current.attrs, { ...(current.attrs as ClaimAttrs), verdict, rationale }, text, reviewer, new Date().toISOString())
  updateAnnotation(replica, ID, { attrs })
  return attrs
}

/** Moves the annotation on a replica to the unique text `needle`. */
function moveSpan(replica: Y.Doc, needle: string): Pick<AnnotationRecord, 'start' | 'end' | 'exact'> {
  const { from, to } = findText(replica, needle)
  updateAnnotation(replica, ID, { ...anchorsFor(replica, from, to), exact: needle })
  const { start, end, exact } = recordOn(replica)
  return { start, end, exact }
}

/** One test per sync order: `scenario` makes the concurrent changes and returns the check of the merged record. */
function forEachOrder(count: 2 | 3, scenario: (setup: Setup) => (merged: AnnotationRecord | null, replicas: Y.Doc[]) => void, type: AnnotationType = 'claim', attrs: unknown = {}) {
  for (const delivery of count === 2 ? TWO_REPLICA_ORDERS : THREE_REPLICA_ORDERS) {
    it(`(sync: ${delivery.name})`, () => {
      const state = setup(count, type, attrs)
      const check = scenario(state)
      const replicas = delivery.run(state)
      check(converged(replicas), replicas)
    })
  }
}

describe('rule 1: one sets the verdict while another adds evidence: both kept', () => {
  forEachOrder(2, ({ replicas: [a, b] }) => {
    const review = at(T1, () => setVerdict(a, 'false', alice, 'The numbers are wrong.'))
    at(T2, () => updateAnnotation(b, ID, { attrs: { evidence: ['https://example.org/report'] } }))
    return (merged) => {
      expect(merged?.attrs).toEqual({
        verdict: 'false',
        rationale: 'The numbers are wrong.',
        reviewedBy: alice,
        reviewedAt: T1,
        reviewedText: SPAN,
        evidence: ['https://example.org/report'],
      })
      expect(review).toMatchObject({ verdict: 'false', reviewedBy: alice })
    }
  })
})

describe('rule 2: comments', () => {
  describe('one sets the verdict while another comments: both kept', () => {
    forEachOrder(2, ({ replicas: [a, b] }) => {
      at(T1, () => setVerdict(a, 'supported', alice, 'Checked.'))
      const commentId = at(T2, () => addComment(b, ID, bob, 'What is the source?'))
      return (merged) => {
        expect(merged?.attrs).toMatchObject({ verdict: 'supported', reviewedBy: alice, reviewedAt: T1 })
        expect(merged?.comments).toEqual([{ id: commentId, author: bob, text: 'What is the source?', createdAt: T2 }])
      }
    })
  })

  describe('three people comment at once: every comment kept, ordered by createdAt', () => {
    forEachOrder(3, ({ replicas: [a, b, c] }) => {
      // Written in another order than their times, so the order read is not the order of writing or of client ids.
      const fromC = at(T1, () => addComment(c, ID, carol, 'First, from C'))
      const fromA = at(T3, () => addComment(a, ID, alice, 'Last, from A'))
      const fromB = at(T2, () => addComment(b, ID, bob, 'Second, from B'))
      return (merged) => {
        expect(merged?.comments.map(({ id, text, createdAt }) => ({ id, text, createdAt }))).toEqual([
          { id: fromC, text: 'First, from C', createdAt: T1 },
          { id: fromB, text: 'Second, from B', createdAt: T2 },
          { id: fromA, text: 'Last, from A', createdAt: T3 },
        ])
      }
    })
  })

  describe('two people comment at the same moment: both kept, ordered by id', () => {
    forEachOrder(2, ({ replicas: [a, b] }) => {
      const fromA = at(T1, () => addComment(a, ID, alice, 'From A'))
      const fromB = at(T1, () => addComment(b, ID, bob, 'From B'))
      return (merged) => {
        const expected = [
          { id: fromA, text: 'From A' },
          { id: fromB, text: 'From B' },
        ].sort((x, y) => (x.id < y.id ? -1 : 1))
        expect(merged?.comments.map(({ id, text }) => ({ id, text }))).toEqual(expected)
      }
    })
  })
})

describe('rule 3: one moves the span while another edits the note: both kept', () => {
  forEachOrder(2, ({ replicas: [a, b] }) => {
    const moved = at(T1, () => moveSpan(a, ELSEWHERE))
    at(T2, () => updateAnnotation(b, ID, { note: 'Check the translation.' }))
    return (merged, replicas) => {
      expect(merged).toMatchObject({ ...moved, note: 'Check the translation.' })
      for (const replica of replicas) expect(resolvedById(replica)[ID]).toEqual({ status: 'attached', text: ELSEWHERE })
    }
  })
})

describe('rule 4: two set the same attribute at once', () => {
  describe('two set the verdict, one adding evidence with it: one verdict wins, the same everywhere, and the evidence is kept', () => {
    forEachOrder(2, ({ replicas: [a, b] }) => {
      // B writes first in time; Yjs still orders the higher client id last.
      at(T2, () => updateAnnotation(a, ID, { attrs: { verdict: 'disputed', evidence: ['https://example.org/a'] } }))
      at(T1, () => updateAnnotation(b, ID, { attrs: { verdict: 'misleading' } }))
      const winner = higherClient(a, b)
      return (merged) => expect(merged?.attrs).toEqual({ verdict: winner === a ? 'disputed' : 'misleading', evidence: ['https://example.org/a'] })
    })
  })

  describe("three set the verdict with their review stamps while one also edits the note: the winner's whole review is kept, and the note too", () => {
    forEachOrder(3, ({ replicas: [a, b, c] }) => {
      // B sees other words when it reviews: it typed inside the span first.
      const { run, index } = findText(b, SPAN)
      editRun(run, index + 2, 'very ')
      const reviews = new Map<Y.Doc, ClaimAttrs>([
        [b, at(T1, () => setVerdict(b, 'supported', bob, 'B checked it.'))],
        [c, at(T2, () => setVerdict(c, 'unverifiable', carol, 'C could not tell.'))],
        [a, at(T3, () => setVerdict(a, 'false', alice, 'A found it wrong.'))],
      ])
      // A, whose verdict loses to a higher client id, also edits the note, which no one else touches.
      at(T3, () => updateAnnotation(a, ID, { note: 'Note from A.' }))
      const winner = higherClient(a, b, c)
      return (merged) => {
        // The reviews differ in every part, so a mix of writers would show.
        expect(new Set([...reviews.values()].map((review) => JSON.stringify([review.verdict, review.rationale, review.reviewedBy, review.reviewedAt]))).size).toBe(3)
        expect(reviews.get(b)!.reviewedText).toBe('a very special state to us')
        expect(reviews.get(a)!.reviewedText).toBe(SPAN)
        expect(merged!.attrs).toEqual(reviews.get(winner))
        expect(merged!.note).toBe('Note from A.')
      }
    })
  })
})

describe('rule 5: two move the span at once: one span wins whole, and a concurrent note is kept', () => {
  forEachOrder(3, ({ replicas: [a, b, c] }) => {
    const spans = new Map([
      [a, at(T1, () => moveSpan(a, ELSEWHERE))],
      [b, at(T1, () => moveSpan(b, FARTHER))],
    ])
    at(T2, () => updateAnnotation(c, ID, { note: 'Note from C.' }))
    const winner = higherClient(a, b)
    const span = spans.get(winner)!
    return (merged, replicas) => {
      expect(spans.get(a)!.exact).not.toBe(spans.get(b)!.exact)
      expect({ start: merged!.start, end: merged!.end, exact: merged!.exact }).toEqual(span)
      expect(merged!.note).toBe('Note from C.')
      for (const replica of replicas) expect(resolvedById(replica)[ID]).toEqual({ status: 'attached', text: span.exact })
    }
  })
})

describe('rule 6: one deletes the annotation while others edit it and comment on it: it is gone everywhere', () => {
  forEachOrder(3, ({ replicas: [a, b, c] }) => {
    // The deleting replica has the lowest client id, so delete wins not by the map rule but because the edits land in the deleted record.
    at(T1, () => expect(deleteAnnotation(a, ID)).toBe(true))
    at(T2, () => updateAnnotation(b, ID, { note: 'Edited on B.', attrs: { verdict: 'false' } }))
    at(T2, () => moveSpan(b, ELSEWHERE))
    at(T3, () => addComment(c, ID, carol, 'Commented on C.'))
    return (merged, replicas) => {
      expect(merged).toBeNull()
      for (const replica of replicas) {
        expect(annotationsMap(replica).has(ID)).toBe(false)
        expect(resolvedById(replica)).toEqual({})
      }
    }
  })
})

describe('rule 7: one removes an attribute while another changes a different one: both kept', () => {
  forEachOrder(
    2,
    ({ replicas: [a, b] }) => {
      at(T1, () => updateAnnotation(a, ID, { attrs: { date: '2016', summary: 'Talks in Moscow.' } }))
      at(T2, () => updateAnnotation(b, ID, { attrs: { date: '2016-09', place: 'Moscow', summary: 'Talks in Moscow.' } }))
      return (merged, replicas) => {
        expect(merged?.attrs).toEqual({ date: '2016-09', summary: 'Talks in Moscow.' })
        for (const replica of replicas) {
          const record = annotationsMap(replica).get(ID) as Y.Map<unknown>
          expect(record.get('attr.place')).toBeNull()
        }
      }
    },
    'event',
    { date: '2016', place: 'Moscow', summary: 'Talks in Moscow.' },
  )
})

describe('rule 8: updatedAt is last-writer-wins, and the changes it stamps are all kept', () => {
  forEachOrder(3, ({ replicas: [a, b, c] }) => {
    // The latest clock time is not what wins: the entry follows the map rule like any other.
    at(T3, () => updateAnnotation(a, ID, { note: 'Note from A.' }))
    at(T1, () => updateAnnotation(b, ID, { attrs: { claimant: 'The ministry' } }))
    at(T2, () => updateAnnotation(c, ID, { attrs: { summary: 'Summary from C.' } }))
    const stamps = new Map([
      [a, T3],
      [b, T1],
      [c, T2],
    ])
    const winner = higherClient(a, b, c)
    return (merged) => {
      expect(merged?.updatedAt).toBe(stamps.get(winner))
      expect(merged?.createdAt).toBe(T0)
      expect(merged).toMatchObject({ note: 'Note from A.', attrs: { claimant: 'The ministry', summary: 'Summary from C.' } })
    }
  })
})
