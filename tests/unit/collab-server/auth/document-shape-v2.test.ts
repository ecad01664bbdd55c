import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { ClientOwners } from '../../../../collab-server/auth/client-owners'
import { decideWrite, type WriteDecision } from '../../../../collab-server/auth/write-guard'
import type { AnnotationRecord } from '../../../../editor/model/annotation'
import {
  addComment,
  addLink,
  changeType,
  createAnnotation,
  readAnnotation,
  recordToMap,
  removeLink,
  setAssignee,
  setReviewStatus,
  setThreadState,
  updateAnnotation,
} from '../../../../editor/model/annotation-store'
import type { Role } from '../../../../editor/model/roles'
import { v1RecordMap } from '../../../../editor/model/v1-records'
import { encodeRawUpdate } from '../support/raw-update'

/**
 * The collab server's shape check on data model 2 records (collab-server/auth/document-shape.ts),
 * through `decideWrite`: what the app writes passes, for an annotator too; v1 records, unknown
 * entries, shared types under an entry and over-long keys are refused, from anyone.
 */

const EDITOR_CLIENT = 1001
const PERSON = { id: 'u1', name: 'Ada' }
const CREATED = '2026-01-01T00:00:00.000Z'

const as = (role: Role) => ({ role, principal: `${role}-token` })

/** A relative position (as JSON) into the paragraph's text. */
function anchorAt(doc: Y.Doc, index: number) {
  const text = (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText
  return Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index))
}

/**
 * The server's copy: a paragraph "Hello world" and a v2 claim `r1` on "Hello", both written by the
 * editor (client 1001). `updateOf(change)` is the update a client synced with the server's current
 * state sends after making `change` (a new client each time, so a refused update leaves no gap).
 */
function setup() {
  const server = new Y.Doc()
  const editor = new Y.Doc()
  editor.clientID = EDITOR_CLIENT
  const paragraph = new Y.XmlElement('paragraph')
  editor.transact(() => {
    editor.getXmlFragment('prosemirror').push([paragraph])
    paragraph.insert(0, [new Y.XmlText('Hello world')])
  })
  createAnnotation(editor, { id: 'r1', type: 'claim', start: anchorAt(editor, 0), end: anchorAt(editor, 5), exact: 'Hello', createdBy: PERSON, createdAt: CREATED })
  Y.applyUpdate(server, Y.encodeStateAsUpdate(editor))
  const updateOf = (change: (doc: Y.Doc) => void) => {
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(client)
    change(client)
    return Y.encodeStateAsUpdate(client, before)
  }
  return { server, updateOf, owners: new ClientOwners() }
}

/** The server's record map `id`. */
const recordOf = (doc: Y.Doc, id: string) => doc.getMap('annotations').get(id) as Y.Map<unknown>

/** A plain record (as data model v1 and the app's readers see it) on "world". */
function plainRecord(doc: Y.Doc, id: string): AnnotationRecord {
  return {
    id,
    type: 'claim',
    start: anchorAt(doc, 6),
    end: anchorAt(doc, 11),
    exact: 'world',
    attrs: { verdict: 'disputed' },
    createdBy: PERSON,
    createdAt: CREATED,
    updatedAt: CREATED,
    comments: [{ id: 'c1', author: PERSON, text: 'a v1 comment', createdAt: CREATED }],
    links: [],
    history: [],
  }
}

/** Sets `key` to `value` in a new record map `r2` (plain values go in as they are). */
function newRecordWith(key: string, value: unknown) {
  return (doc: Y.Doc) => {
    const record = new Y.Map<unknown>()
    record.set(key, value)
    doc.getMap('annotations').set('r2', record)
  }
}

function expectApplied(decision: WriteDecision, server: Y.Doc, update: Uint8Array, owners: ClientOwners, role: Role) {
  expect(decision).toMatchObject({ kind: 'apply' })
  if (decision.kind !== 'apply') return
  owners.claim(decision.claims, as(role).principal)
  Y.applyUpdate(server, update)
}

const invalidShape = (message: string) => ({ kind: 'refuse', reason: 'invalid-shape', message })

describe('document shape, data model 2: what the app writes', () => {
  it('accepts base, span, note, updatedAt, attr.verdict and comment.<uuid> from an annotator, as createAnnotation, updateAnnotation and addComment write them', () => {
    const { server, updateOf, owners } = setup()
    const created = updateOf((doc) =>
      createAnnotation(doc, {
        id: 'r2',
        type: 'claim',
        start: anchorAt(doc, 6),
        end: anchorAt(doc, 11),
        exact: 'world',
        attrs: { claimant: 'Bob' },
        note: 'first note',
        createdBy: PERSON,
        createdAt: CREATED,
        updatedAt: '2026-01-02T00:00:00.000Z',
        comments: [{ id: 'c0', author: PERSON, text: 'imported comment', createdAt: CREATED }],
      }),
    )
    expectApplied(decideWrite(as('annotator'), server, created, owners), server, created, owners, 'annotator')
    expect([...recordOf(server, 'r2').keys()].sort()).toEqual(['base', 'comment.c0', 'updatedAt'])

    const updated = updateOf((doc) => updateAnnotation(doc, 'r2', { attrs: { claimant: 'Bob', verdict: 'false' }, note: 'second note', start: anchorAt(doc, 5), exact: ' world' }))
    expectApplied(decideWrite(as('annotator'), server, updated, owners), server, updated, owners, 'annotator')

    let commentId = ''
    const commented = updateOf((doc) => (commentId = addComment(doc, 'r2', PERSON, 'a reply')))
    expect(commentId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expectApplied(decideWrite(as('annotator'), server, commented, owners), server, commented, owners, 'annotator')

    // The annotator also edits the editor's record r1.
    const onEditorsRecord = updateOf((doc) => {
      updateAnnotation(doc, 'r1', { attrs: { verdict: 'supported' } })
      addComment(doc, 'r1', PERSON, 'checked')
    })
    expectApplied(decideWrite(as('annotator'), server, onEditorsRecord, owners), server, onEditorsRecord, owners, 'annotator')

    // A verdict is written with its whole review group (attr.reviewed*, null when absent).
    const keys = [...recordOf(server, 'r2').keys()]
    expect(keys.filter((key) => !key.startsWith('history.')).sort()).toEqual(
      ['attr.reviewedAt', 'attr.reviewedBy', 'attr.reviewedText', 'attr.verdict', 'base', 'comment.c0', `comment.${commentId}`, 'note', 'span', 'updatedAt'].sort(),
    )
    // The comment is in the history (updateAnnotation was called without `by`: no steps for it).
    expect(keys.filter((key) => key.startsWith('history.'))).toHaveLength(1)
    expect(readAnnotation(server, 'r2')).toMatchObject({
      record: { exact: ' world', note: 'second note', attrs: { claimant: 'Bob', verdict: 'false' }, comments: [{ id: 'c0' }, { id: commentId, text: 'a reply' }] },
    })
    expect(readAnnotation(server, 'r1')).toMatchObject({ record: { attrs: { verdict: 'supported' }, comments: [{ text: 'checked' }] } })
  })

  it('accepts comment and annotation ids of 100 characters, refuses 101, and any key over 120, from anyone', () => {
    const comment = { author: PERSON, text: 'long id', createdAt: CREATED }
    const at100 = `comment.${'c'.repeat(100)}`
    const at101 = `comment.${'c'.repeat(101)}`
    for (const role of ['editor', 'annotator'] as const) {
      const { server, updateOf, owners } = setup()
      const accepted = updateOf((doc) => recordOf(doc, 'r1').set(at100, comment))
      expectApplied(decideWrite(as(role), server, accepted, owners), server, accepted, owners, role)
      expect(recordOf(server, 'r1').get(at100)).toEqual(comment)
      expect(readAnnotation(server, 'r1')).toMatchObject({ record: { comments: [{ id: 'c'.repeat(100) }] } })
      const refused = updateOf((doc) => recordOf(doc, 'r1').set(at101, comment))
      expect(decideWrite(as(role), server, refused, owners)).toEqual(invalidShape(`annotations: records have no entry "${at101.slice(0, 40)}"`))
      const tooLong = updateOf((doc) => recordOf(doc, 'r1').set(`comment.${'c'.repeat(113)}`, comment))
      expect(decideWrite(as(role), server, tooLong, owners)).toEqual(invalidShape('annotations: a key is longer than 120 characters'))
      const record = plainRecord(server, 'x'.repeat(100))
      const longId = updateOf((doc) => createAnnotation(doc, record))
      expectApplied(decideWrite(as(role), server, longId, owners), server, longId, owners, role)
      // createAnnotation refuses such an id itself; a rogue client writes the map by hand.
      const overlong = updateOf((doc) => doc.getMap('annotations').set('y'.repeat(101), recordToMap(plainRecord(doc, 'y'.repeat(101)))))
      expect(decideWrite(as(role), server, overlong, owners)).toEqual(invalidShape('annotations: an annotation id is longer than 100 characters'))
    }
  })

  it('accepts links (`link.<id>`, as addLink writes them) from an annotator; refuses empty or over-long link ids and nested values, from anyone', () => {
    for (const role of ['editor', 'annotator'] as const) {
      const { server, updateOf, owners } = setup()
      const second = updateOf((doc) => createAnnotation(doc, plainRecord(doc, 'r2')))
      expectApplied(decideWrite(as(role), server, second, owners), server, second, owners, role)
      let linkId = ''
      const linked = updateOf((doc) => (linkId = addLink(doc, 'r2', { type: 'supports', target: 'r1' }, PERSON)))
      expectApplied(decideWrite(as(role), server, linked, owners), server, linked, owners, role)
      expect(readAnnotation(server, 'r2')).toMatchObject({ record: { links: [{ id: linkId, type: 'supports', target: 'r1' }] } })
      const unlinked = updateOf((doc) => removeLink(doc, 'r2', linkId))
      expectApplied(decideWrite(as(role), server, unlinked, owners), server, unlinked, owners, role)
      expect(readAnnotation(server, 'r2')).toMatchObject({ record: { links: [] } })

      const link = { type: 'supports', target: 'r1', createdBy: PERSON, createdAt: CREATED }
      const empty = updateOf((doc) => recordOf(doc, 'r2').set('link.', link))
      expect(decideWrite(as(role), server, empty, owners)).toEqual(invalidShape('annotations: records have no entry "link."'))
      const at101 = `link.${'l'.repeat(101)}`
      const overlong = updateOf((doc) => recordOf(doc, 'r2').set(at101, link))
      expect(decideWrite(as(role), server, overlong, owners)).toEqual(invalidShape(`annotations: records have no entry "${at101.slice(0, 40)}"`))
      const nested = updateOf((doc) => recordOf(doc, 'r2').set('link.l1', new Y.Map([['type', 'supports']])))
      expect(decideWrite(as(role), server, nested, owners).kind).toBe('refuse')
    }
  })

  it('accepts the review workflow (`assignee`, `status`, `history.<id>`, as the store writes them) from an annotator; refuses empty history ids, lookalike keys and nested values, from anyone', () => {
    for (const role of ['editor', 'annotator'] as const) {
      const { server, updateOf, owners } = setup()
      const reviewer = { id: 'u2', name: 'Bea' }
      const changes: Array<(doc: Y.Doc) => void> = [
        (doc) => setAssignee(doc, 'r1', reviewer, PERSON),
        (doc) => updateAnnotation(doc, 'r1', { attrs: { verdict: 'false', reviewedBy: reviewer, reviewedAt: CREATED, reviewedText: 'world' }, by: reviewer }),
        (doc) => setReviewStatus(doc, 'r1', 'approved', PERSON),
        (doc) => changeType(doc, 'r1', 'quote', PERSON),
      ]
      for (const change of changes) {
        const update = updateOf(change)
        expectApplied(decideWrite(as(role), server, update, owners), server, update, owners, role)
      }
      expect(readAnnotation(server, 'r1')).toMatchObject({
        record: {
          type: 'quote',
          assignee: reviewer,
          reviewStatus: { state: 'approved', by: PERSON },
        },
      })
      // Steps made in the same millisecond are ordered by id: compare as a set.
      const read = readAnnotation(server, 'r1')
      expect(read && 'record' in read ? read.record.history.map((step) => step.change).sort() : []).toEqual(['approve', 'assign', 'type', 'verdict'])

      const step = { by: PERSON, at: CREATED, change: 'note' }
      const empty = updateOf((doc) => recordOf(doc, 'r1').set('history.', step))
      expect(decideWrite(as(role), server, empty, owners)).toEqual(invalidShape('annotations: records have no entry "history."'))
      for (const key of ['statuses', 'assignees', 'history', 'review', 'types']) {
        const lookalike = updateOf((doc) => recordOf(doc, 'r1').set(key, step))
        expect(decideWrite(as(role), server, lookalike, owners)).toEqual(invalidShape(`annotations: records have no entry "${key}"`))
      }
      const nested = updateOf((doc) => recordOf(doc, 'r1').set('status', new Y.Map([['state', 'approved']])))
      expect(decideWrite(as(role), server, nested, owners).kind).toBe('refuse')
    }
  })

  it('accepts the comment thread (`thread`, as setThreadState and addComment write it) from an annotator; refuses lookalike keys and nested values, from anyone', () => {
    for (const role of ['editor', 'annotator'] as const) {
      const { server, updateOf, owners } = setup()
      const changes: Array<(doc: Y.Doc) => void> = [
        (doc) => addComment(doc, 'r1', PERSON, 'Is this sourced?'),
        (doc) => setThreadState(doc, 'r1', 'resolved', PERSON),
        (doc) => addComment(doc, 'r1', PERSON, 'Not quite: reopening'),
        (doc) => setThreadState(doc, 'r1', 'resolved', PERSON),
        (doc) => setThreadState(doc, 'r1', 'open', PERSON),
      ]
      for (const change of changes) {
        const update = updateOf(change)
        expectApplied(decideWrite(as(role), server, update, owners), server, update, owners, role)
      }
      expect(readAnnotation(server, 'r1')).toMatchObject({ record: { thread: { state: 'open', by: PERSON }, comments: [{}, {}] } })
      const read = readAnnotation(server, 'r1')
      expect(read && 'record' in read ? read.record.history.map((step) => step.change).sort() : []).toEqual(
        ['comment', 'comment', 'reopen-thread', 'reopen-thread', 'resolve', 'resolve'].sort(),
      )

      const entry = { state: 'resolved', by: PERSON, at: CREATED }
      for (const key of ['threads', 'thread.', 'thread.x', 'Thread', 'resolved']) {
        const lookalike = updateOf((doc) => recordOf(doc, 'r1').set(key, entry))
        expect(decideWrite(as(role), server, lookalike, owners)).toEqual(invalidShape(`annotations: records have no entry "${key}"`))
      }
      const nested = updateOf((doc) => recordOf(doc, 'r1').set('thread', new Y.Map([['state', 'resolved']])))
      expect(decideWrite(as(role), server, nested, owners)).toEqual(invalidShape('annotations: "thread" must be a plain JSON value'))
      let deep: unknown = entry
      for (let depth = 0; depth < 20; depth++) deep = { by: deep }
      const tooDeep = updateOf((doc) => recordOf(doc, 'r1').set('thread', deep))
      expect(decideWrite(as(role), server, tooDeep, owners)).toEqual(invalidShape('annotations: a value nests deeper than 16 levels'))
      const huge = updateOf((doc) => recordOf(doc, 'r1').set('thread', { ...entry, padding: 'x'.repeat(100_001) }))
      expect(decideWrite(as(role), server, huge, owners)).toEqual(invalidShape('annotations: a value is longer than 100000 characters as JSON'))
    }
  })

  it('refuses a viewer that resolves or reopens a thread: viewers change nothing', () => {
    const { server, updateOf, owners } = setup()
    const commented = updateOf((doc) => addComment(doc, 'r1', PERSON, 'Is this sourced?'))
    expectApplied(decideWrite(as('editor'), server, commented, owners), server, commented, owners, 'editor')
    const viewerRefusal = { kind: 'refuse', reason: 'read-only', message: 'viewers cannot change the document (this update changes annotations)' }
    const resolved = updateOf((doc) => setThreadState(doc, 'r1', 'resolved', PERSON))
    expect(decideWrite(as('viewer'), server, resolved, owners)).toEqual(viewerRefusal)
    const byHand = updateOf((doc) => recordOf(doc, 'r1').set('thread', { state: 'open', by: PERSON, at: CREATED }))
    expect(decideWrite(as('viewer'), server, byHand, owners)).toEqual(viewerRefusal)
    expect(readAnnotation(server, 'r1')).toMatchObject({ record: { comments: [{ text: 'Is this sourced?' }] } })
    expect(recordOf(server, 'r1').has('thread')).toBe(false)
  })

  it('accepts suggestion marks as the app writes them (`{ id }`, a string or a number) and their removal, from an editor', () => {
    const text = (doc: Y.Doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText
    const { server, updateOf, owners } = setup()
    for (const change of [
      (doc: Y.Doc) => text(doc).format(0, 5, { insertion: { id: 's-1' } }),
      (doc: Y.Doc) => text(doc).format(6, 5, { deletion: { id: 42 } }),
      (doc: Y.Doc) => text(doc).format(0, 5, { insertion: null }),
      (doc: Y.Doc) => text(doc).format(0, 5, { deletion: { id: 'x'.repeat(100) } }),
    ]) {
      const update = updateOf(change)
      expectApplied(decideWrite(as('editor'), server, update, owners), server, update, owners, 'editor')
    }
  })

  it('refuses attribute entries no annotation type has (`attr.__proto__`, `attr.foo`), from anyone', () => {
    for (const role of ['editor', 'annotator'] as const) {
      for (const name of ['__proto__', 'constructor', 'foo', 'reviewedby']) {
        const { server, updateOf, owners } = setup()
        const update = updateOf((doc) => recordOf(doc, 'r1').set(`attr.${name}`, { verdict: 'false' }))
        expect(decideWrite(as(role), server, update, owners)).toEqual(invalidShape(`annotations: records have no entry "attr.${name}"`))
      }
    }
  })

  it('refuses meta.schemaVersion and meta.createdAt from anyone, editors included: only the server writes them', () => {
    for (const key of ['schemaVersion', 'createdAt']) {
      const { server, updateOf, owners } = setup()
      const update = updateOf((doc) => doc.getMap('meta').set(key, key === 'schemaVersion' ? 3 : '2020-01-01T00:00:00.000Z'))
      expect(decideWrite(as('editor'), server, update, owners)).toEqual(invalidShape(`meta: "${key}" is written by the server only`))
    }
    const { server, updateOf, owners } = setup()
    const title = updateOf((doc) => doc.getMap('meta').set('title', 'Renamed'))
    expect(decideWrite(as('editor'), server, title, owners)).toMatchObject({ kind: 'apply' })
  })

  it('still keeps an annotator out of prosemirror and meta, even next to a valid record change', () => {
    const { server, updateOf, owners } = setup()
    const changes: Array<[string, (doc: Y.Doc) => void]> = [
      ['meta', (doc) => doc.getMap('meta').set('title', 'Renamed')],
      ['meta', (doc) => doc.getMap('meta').set('subtitle', 'A subtitle')],
      ['prosemirror', (doc) => ((doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Oh ')],
      ['prosemirror', (doc) => ((doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 5)],
    ]
    for (const [root, change] of changes) {
      const update = updateOf((doc) =>
        doc.transact(() => {
          updateAnnotation(doc, 'r1', { attrs: { verdict: 'false' } })
          change(doc)
        }),
      )
      expect(decideWrite(as('annotator'), server, update, owners)).toEqual({
        kind: 'refuse',
        reason: 'outside-annotations',
        message: `annotators can only change annotations (this update changes ${root})`,
      })
      // The same update from an editor fits the shape: only the role keeps the annotator out.
      expect(decideWrite(as('editor'), server, update, owners)).toMatchObject({ kind: 'apply' })
    }
  })
})

describe.each<Role>(['editor', 'annotator'])('document shape, data model 2: what a rogue or outdated client writes, from an %s', (role) => {
  it('refuses a v1 record (one entry per field, comments in a Y.Array)', () => {
    const { server, updateOf, owners } = setup()
    const v1 = updateOf((doc) => doc.getMap('annotations').set('r2', v1RecordMap(plainRecord(doc, 'r2'))))
    expect(decideWrite(as(role), server, v1, owners)).toEqual(invalidShape('annotations: records have no entry "id"'))
  })

  it('refuses a `comments` Y.Array, in a new record or added to an existing one', () => {
    const { server, updateOf, owners } = setup()
    const thread = () => {
      const comments = new Y.Array<unknown>()
      comments.push([{ id: 'c1', author: PERSON, text: 'hi', createdAt: CREATED }])
      return comments
    }
    expect(decideWrite(as(role), server, updateOf(newRecordWith('comments', thread())), owners)).toEqual(invalidShape('annotations: records have no entry "comments"'))
    const added = updateOf((doc) => recordOf(doc, 'r1').set('comments', thread()))
    expect(decideWrite(as(role), server, added, owners)).toEqual(invalidShape('annotations: records have no entry "comments"'))
  })

  // (`type` was a v1 field too; since revision 2.2 it is an entry of its own, a changed type.)
  it.each(['id', 'start', 'end', 'exact', 'attrs', 'createdBy', 'createdAt', 'comments'])('refuses the v1 field "%s" written into a v2 record', (field) => {
    const { server, updateOf, owners } = setup()
    const update = updateOf((doc) => recordOf(doc, 'r1').set(field, 'x'))
    expect(decideWrite(as(role), server, update, owners)).toEqual(invalidShape(`annotations: records have no entry "${field}"`))
  })

  it.each(['foo', 'attr.', 'comment.', 'attr', 'comment', 'Base', 'attrs.verdict', ''])('refuses the unknown entry key %j', (key) => {
    const { server, updateOf, owners } = setup()
    const update = updateOf((doc) => recordOf(doc, 'r1').set(key, 'x'))
    expect(decideWrite(as(role), server, update, owners)).toEqual(invalidShape(`annotations: records have no entry "${key}"`))
  })

  it.each<[string, () => Y.Map<unknown> | Y.Array<unknown> | Y.Text]>([
    ['base', () => new Y.Map()],
    ['span', () => new Y.Array()],
    ['note', () => new Y.Text('a note')],
    ['updatedAt', () => new Y.Map()],
    ['attr.evidence', () => new Y.Array()],
    ['comment.c9', () => new Y.Map()],
  ])('refuses a shared type under the record entry "%s"', (key, make) => {
    const { server, updateOf, owners } = setup()
    const added = updateOf((doc) => recordOf(doc, 'r1').set(key, make()))
    expect(decideWrite(as(role), server, added, owners)).toEqual(invalidShape(`annotations: "${key}" must be a plain JSON value`))
    expect(decideWrite(as(role), server, updateOf(newRecordWith(key, make())), owners)).toEqual(invalidShape(`annotations: "${key}" must be a plain JSON value`))
  })

  it('refuses a Y.Map under a record entry with content of its own, and whatever is nested under it', () => {
    const { server, updateOf, owners } = setup()
    const update = updateOf((doc) => {
      const entry = new Y.Map<unknown>()
      const inner = new Y.Array<unknown>()
      entry.set('items', inner)
      inner.push(['x'])
      recordOf(doc, 'r1').set('attr.evidence', entry)
    })
    expect(decideWrite(as(role), server, update, owners)).toEqual(invalidShape('annotations: "attr.evidence" must be a plain JSON value'))
  })

  it('refuses a write into a v1 record’s `comments` Y.Array left in the document (records nest at most 2 levels)', () => {
    const { server, owners } = setup()
    // A record the upgrade could not read keeps its v1 layout; a v1 client still holding it pushes a comment.
    const legacy = new Y.Doc()
    Y.applyUpdate(legacy, Y.encodeStateAsUpdate(server))
    legacy.getMap('annotations').set('kept', v1RecordMap(plainRecord(legacy, 'kept')))
    Y.applyUpdate(server, Y.encodeStateAsUpdate(legacy))
    const before = Y.encodeStateVector(legacy)
    ;(recordOf(legacy, 'kept').get('comments') as Y.Array<unknown>).push([{ id: 'c2', author: PERSON, text: 'v1 reply', createdAt: CREATED }])
    const update = Y.encodeStateAsUpdate(legacy, before)
    const decision = decideWrite({ role, principal: 'legacy' }, server, update, owners)
    expect(decision).toEqual(invalidShape('annotations: records nest at most 2 levels (this update writes at level 3)'))
  })

  it('refuses suggestion marks whose value is not `{ id }` (y-prosemirror would drop the marked text everywhere), and any `modification` mark', () => {
    const text = (doc: Y.Doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText
    /** The decision on marking "Hello" with `marks`, by an editor. */
    const decide = (marks: Record<string, unknown>) => {
      const { server, updateOf, owners } = setup()
      const update = updateOf((doc) => text(doc).format(0, 5, marks))
      return decideWrite(as('editor'), server, update, owners)
    }
    for (const key of ['insertion', 'deletion']) {
      const badId = invalidShape(`prosemirror: a "${key}" mark must be { id } with an id of 1 to 100 characters or a number`)
      for (const value of [{ id: { x: 1 } }, {}, { id: null }, { id: '' }, { id: 'x'.repeat(101) }, { id: 's-1', extra: 1 }, { id: Number.NaN }]) {
        expect(decide({ [key]: value })).toEqual(badId)
      }
      for (const value of ['s-1', 1, true, [{ id: 's-1' }]]) {
        expect(decide({ [key]: value })).toEqual(invalidShape(`prosemirror: a "${key}" mark must be an object { id }`))
      }
    }
    expect(decide({ modification: { id: 's-1', type: 'attr' } })).toEqual(invalidShape('prosemirror: the text takes no "modification" marks'))
  })

  it('refuses plain values nested under a record entry by a hand-made update', () => {
    const { server, owners } = setup()
    const rogue = 7400
    const update = encodeRawUpdate([
      { client: rogue, clock: 0, root: 'annotations', key: 'r9', type: 'map' },
      { client: rogue, clock: 1, parentId: [rogue, 0], key: 'base', type: 'map' },
      { client: rogue, clock: 2, parentId: [rogue, 1], key: 'type', value: 'claim' },
    ])
    expect(decideWrite(as(role), server, update, owners)).toEqual(invalidShape('annotations: "base" must be a plain JSON value'))
  })
})
