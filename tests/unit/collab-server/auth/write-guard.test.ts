import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { ClientOwners, MAX_NEW_CLIENTS_PER_PRINCIPAL } from '../../../../collab-server/auth/client-owners'
import type { Role } from '../../../../editor/model/roles'
import { decideWrite, type WriteDecision } from '../../../../collab-server/auth/write-guard'
import { createAnnotation } from '../../../../editor/model/annotation-store'
import { encodeRawUpdate } from '../support/raw-update'

const EDITOR_CLIENT = 1001

/** The server's copy: a paragraph the editor (client 1001) typed, and one annotation record. */
function setup() {
  const server = new Y.Doc()
  const editor = new Y.Doc()
  editor.clientID = EDITOR_CLIENT
  const paragraph = new Y.XmlElement('paragraph')
  editor.transact(() => {
    editor.getXmlFragment('prosemirror').push([paragraph])
    paragraph.insert(0, [new Y.XmlText('Hello')])
  })
  Y.applyUpdate(server, Y.encodeStateAsUpdate(editor))
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  const updateOf = (change: (doc: Y.Doc) => void, doc: Y.Doc = client) => {
    const before = Y.encodeStateVector(doc)
    change(doc)
    return Y.encodeStateAsUpdate(doc, before)
  }
  return { server, editor, client, updateOf, owners: new ClientOwners() }
}

const as = (role: Role, principal = `${role}-token`) => ({ role, principal })

/** A relative position (as JSON) into the paragraph's text, as the editor anchors a span. */
function anchorAt(doc: Y.Doc, index: number) {
  const text = (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText
  return Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index))
}

/** A Y.Doc that writes under `clientID`, holding the server's state. */
function forgerOf(server: Y.Doc, clientID: number): Y.Doc {
  const forger = new Y.Doc()
  Y.applyUpdate(forger, Y.encodeStateAsUpdate(server))
  // Set after syncing: Yjs picks a new client id when a remote update writes under its own.
  forger.clientID = clientID
  return forger
}

/** The update of `second` alone, after `first` was made and left out: a gap in the client's clocks. */
function gappedUpdate(doc: Y.Doc, first: (doc: Y.Doc) => void, second: (doc: Y.Doc) => void): Uint8Array {
  first(doc)
  const afterFirst = Y.encodeStateVector(doc)
  second(doc)
  return Y.encodeStateAsUpdate(doc, afterFirst)
}

function applyDecision(decision: WriteDecision, server: Y.Doc, update: Uint8Array, owners: ClientOwners, principal: string) {
  if (decision.kind !== 'apply') throw new Error(`expected apply, got ${JSON.stringify(decision)}`)
  owners.claim(decision.claims, principal)
  Y.applyUpdate(server, update)
}

describe('decideWrite: an update decoded once', () => {
  it('decides on the decoded update it is given instead of decoding the bytes again', () => {
    const { server, updateOf, owners } = setup()
    const textChange = updateOf((doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).push([new Y.XmlText('!')]), forgerOf(server, 77))
    const annotation = updateOf((doc) =>
      createAnnotation(doc, { id: 'a1', type: 'event', start: anchorAt(doc, 0), end: anchorAt(doc, 5), exact: 'Hello', attrs: {}, createdBy: { id: 'u', name: 'U' } }),
    )
    expect(decideWrite(as('annotator'), server, annotation, owners).kind).toBe('apply')
    // The protocol decoder hands over what Y.decodeUpdate made of the bytes; that is what is judged.
    expect(decideWrite(as('annotator'), server, annotation, owners, Y.decodeUpdate(textChange))).toEqual({
      kind: 'refuse',
      reason: 'outside-annotations',
      message: 'annotators can only change annotations (this update changes prosemirror)',
    })
    expect(decideWrite(as('annotator'), server, annotation, owners, Y.decodeUpdate(annotation)).kind).toBe('apply')
  })
})

describe('decideWrite: roles', () => {
  it('applies an editor’s text change and records the client id it wrote under', () => {
    const { server, client, updateOf, owners } = setup()
    const update = updateOf((doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).push([new Y.XmlText('!')]))
    expect(decideWrite(as('editor'), server, update, owners)).toEqual({ kind: 'apply', claims: [{ client: client.clientID, isNew: true }] })
  })

  it('refuses bytes that are not an update, from anyone', () => {
    const { server, owners } = setup()
    expect(decideWrite(as('editor'), server, Uint8Array.of(0xff), owners)).toEqual({ kind: 'refuse', reason: 'unresolvable', message: 'it is not a Yjs update' })
  })

  it('ignores an update that changes nothing from a viewer, refuses any change', () => {
    const { server, updateOf, owners } = setup()
    expect(
      decideWrite(
        as('viewer'),
        server,
        updateOf(() => {}),
        owners,
      ),
    ).toEqual({ kind: 'ignore' })
    expect(
      decideWrite(
        as('viewer'),
        server,
        updateOf((doc) => doc.getMap('meta').set('title', 'x')),
        owners,
      ),
    ).toEqual({
      kind: 'refuse',
      reason: 'read-only',
      message: 'viewers cannot change the document (this update changes meta)',
    })
  })

  it('applies annotation changes from an annotator and refuses the rest, naming what it touched', () => {
    const { server, updateOf, owners } = setup()
    expect(
      decideWrite(
        as('annotator'),
        server,
        updateOf((doc) => doc.getMap('annotations').set('a', new Y.Map())),
        owners,
      ),
    ).toMatchObject({ kind: 'apply' })
    const touchAll = setup().updateOf((doc) =>
      doc.transact(() => {
        doc.getMap('annotations').set('b', new Y.Map())
        doc.getMap('meta').set('title', 'x')
        doc.getXmlFragment('prosemirror').push([new Y.XmlElement('paragraph')])
        doc.getText('z'.repeat(60)).insert(0, 'x')
        doc.getArray('another').push([1])
      }),
    )
    expect(decideWrite(as('annotator'), server, touchAll, owners)).toEqual({
      kind: 'refuse',
      reason: 'outside-annotations',
      message: `annotators can only change annotations (this update changes another, meta, prosemirror, …)`,
    })
  })

  it('holds an update that cannot be placed yet, watching the clients it refers to', () => {
    const { server, owners } = setup()
    const elsewhere = new Y.Doc()
    elsewhere.getMap('annotations').set('a', 1)
    const follower = new Y.Doc()
    Y.applyUpdate(follower, Y.encodeStateAsUpdate(elsewhere))
    const before = Y.encodeStateVector(follower)
    follower.getMap('annotations').set('a', 2)
    expect(decideWrite(as('annotator'), server, Y.encodeStateAsUpdate(follower, before), owners)).toEqual({
      kind: 'hold',
      watch: new Set([elsewhere.clientID, follower.clientID]),
    })
  })
})

describe('decideWrite: a non-editor’s update must integrate at once, under its own client ids', () => {
  it('refuses annotation structs under the editor’s client id a few clocks ahead (they would wait, then integrate into the editor’s next paste)', () => {
    const { server, owners } = setup()
    const forged = gappedUpdate(
      forgerOf(server, EDITOR_CLIENT),
      (doc) => doc.getMap('annotations').set('x', 'skipped'),
      (doc) => doc.getMap('annotations').set('y', 'waits'),
    )
    expect(decideWrite(as('annotator'), server, forged, owners)).toEqual({
      kind: 'refuse',
      reason: 'foreign-client',
      message: 'it writes under another writer’s client id',
    })
  })

  it('refuses annotation structs under the editor’s client id at its very next clock (they would shadow the editor’s next change)', () => {
    const { server, owners } = setup()
    const forger = forgerOf(server, EDITOR_CLIENT)
    const before = Y.encodeStateVector(forger)
    forger.getMap('annotations').set('x', new Y.Map())
    const forged = Y.encodeStateAsUpdate(forger, before)
    expect(decideWrite(as('annotator'), server, forged, owners)).toEqual({
      kind: 'refuse',
      reason: 'foreign-client',
      message: 'it writes under another writer’s client id',
    })
  })

  it('never lets a deletion of clocks the server does not have wait inside Yjs: held whole outside the document, or refused under another writer’s id', () => {
    const { server, owners } = setup()
    // Client 777 is new: clock 0 never sent, clock 1 sent with its own deletion.
    const update = encodeRawUpdate([{ client: 777, clock: 1, root: 'annotations', key: 'x', value: 'waits' }], [[777, 1, 1]])
    expect(decideWrite(as('annotator'), server, update, owners)).toEqual({ kind: 'hold', watch: new Set([777]) })
    const aheadOfEditor = encodeRawUpdate([{ client: EDITOR_CLIENT, clock: 10, root: 'annotations', key: 'x', value: 'waits' }], [[EDITOR_CLIENT, 5, 6]])
    expect(decideWrite(as('annotator'), server, aheadOfEditor, owners)).toEqual({ kind: 'refuse', reason: 'foreign-client', message: 'it writes under another writer’s client id' })
  })

  it('refuses structs whose dependencies form a cycle (Yjs would keep both pending)', () => {
    const { server, owners } = setup()
    const first = encodeRawUpdate([
      { client: 501, clock: 0, root: 'annotations', key: 'r', type: 'map' },
      { client: 501, clock: 1, parentId: [501, 0], key: 'note', value: 'in doc' },
    ])
    Y.applyUpdate(server, first)
    const cycle = encodeRawUpdate([
      { client: 601, clock: 0, origin: [501, 1], rightOrigin: [602, 0], value: 'a' },
      { client: 602, clock: 0, origin: [601, 0], value: 'b' },
    ])
    expect(decideWrite(as('annotator', 'p'), server, cycle, owners)).toEqual({ kind: 'refuse', reason: 'unresolvable', message: 'its structs depend on each other in a cycle' })
    const chain = encodeRawUpdate([
      { client: 601, clock: 0, origin: [501, 1], value: 'a' },
      { client: 602, clock: 0, origin: [601, 0], value: 'b' },
    ])
    expect(decideWrite(as('annotator', 'p'), server, chain, owners)).toMatchObject({ kind: 'apply' })
  })

  it('lets an annotator keep writing under its own client id on a later connection with the same token, and nobody else', () => {
    const { server, client, updateOf, owners } = setup()
    const first = updateOf((doc) => doc.getMap('annotations').set('a1', new Y.Map()))
    applyDecision(decideWrite(as('annotator', 'link-1'), server, first, owners), server, first, owners, 'link-1')
    const second = updateOf((doc) => (doc.getMap('annotations').get('a1') as Y.Map<unknown>).set('note', 'more'))
    expect(decideWrite(as('annotator', 'link-1'), server, second, owners)).toEqual({ kind: 'apply', claims: [{ client: client.clientID, isNew: false }] })
    expect(decideWrite(as('annotator', 'link-2'), server, second, owners)).toMatchObject({ kind: 'refuse', reason: 'foreign-client' })
  })

  it('after a restart (no owners known), lets a client id with only annotation content be taken up again, never the editor’s', () => {
    const { server, updateOf, owners } = setup()
    const first = updateOf((doc) => doc.getMap('annotations').set('a1', new Y.Map()))
    applyDecision(decideWrite(as('annotator'), server, first, owners), server, first, owners, 'annotator-token')
    const restarted = new ClientOwners()
    const later = updateOf((doc) => (doc.getMap('annotations').get('a1') as Y.Map<unknown>).set('note', 'more'))
    expect(decideWrite(as('annotator', 'new-token'), server, later, restarted)).toMatchObject({ kind: 'apply' })
    const forger = forgerOf(server, EDITOR_CLIENT)
    const before = Y.encodeStateVector(forger)
    forger.getMap('annotations').set('x', new Y.Map())
    expect(decideWrite(as('annotator'), server, Y.encodeStateAsUpdate(forger, before), restarted)).toMatchObject({ kind: 'refuse', reason: 'foreign-client' })
  })

  it('refuses an editor’s client id to an annotator even when the editor wrote only annotations', () => {
    const { server, owners } = setup()
    const editorDoc = forgerOf(server, 4242)
    const before = Y.encodeStateVector(editorDoc)
    editorDoc.getMap('annotations').set('e1', new Y.Map())
    const byEditor = Y.encodeStateAsUpdate(editorDoc, before)
    applyDecision(decideWrite(as('editor', 'editor-token'), server, byEditor, owners), server, byEditor, owners, 'editor-token')
    const again = Y.encodeStateVector(editorDoc)
    editorDoc.getMap('annotations').set('e2', new Y.Map())
    expect(decideWrite(as('annotator'), server, Y.encodeStateAsUpdate(editorDoc, again), owners)).toMatchObject({ kind: 'refuse', reason: 'foreign-client' })
  })

  it(`refuses a principal's client id number ${MAX_NEW_CLIENTS_PER_PRINCIPAL + 1}`, () => {
    const { server, owners } = setup()
    owners.claim(
      Array.from({ length: MAX_NEW_CLIENTS_PER_PRINCIPAL }, (_, index) => ({ client: 10_000 + index, isNew: true })),
      'spammer',
    )
    const doc = forgerOf(server, 99)
    const before = Y.encodeStateVector(doc)
    doc.getMap('annotations').set('a', new Y.Map())
    expect(decideWrite(as('annotator', 'spammer'), server, Y.encodeStateAsUpdate(doc, before), owners)).toEqual({
      kind: 'refuse',
      reason: 'foreign-client',
      message: `it starts more than ${MAX_NEW_CLIENTS_PER_PRINCIPAL} client ids`,
    })
  })
})

describe('decideWrite: shape, for every role', () => {
  /** Y.Maps nested `depth` deep under `annotations` (Yjs itself overflows its stack making these). */
  function nestedMaps(client: number, depth: number): Uint8Array {
    return encodeRawUpdate(
      Array.from({ length: depth }, (_, clock) =>
        clock === 0
          ? { client, clock, root: 'annotations', key: 'deep', type: 'map' as const }
          : { client, clock, parentId: [client, clock - 1] as const, key: 'note', type: 'map' as const },
      ),
    )
  }

  it.each<Role>(['editor', 'annotator'])('refuses a 10,000-deep nested Y.Map under annotations from an %s', (role) => {
    const { server, owners } = setup()
    const update = nestedMaps(321, 10_000)
    expect(update.byteLength).toBeLessThan(140_000)
    expect(decideWrite(as(role), server, update, owners)).toEqual({
      kind: 'refuse',
      reason: 'invalid-shape',
      message: 'annotations: "note" must be a plain JSON value',
    })
  })

  it('refuses a record with an entry the data model does not have, and a comment that is not a plain value', () => {
    const { server, updateOf, owners } = setup()
    const extra = updateOf((doc) => {
      const record = new Y.Map<unknown>()
      record.set('payload', 'x')
      doc.getMap('annotations').set('r', record)
    })
    expect(decideWrite(as('annotator'), server, extra, owners)).toMatchObject({ reason: 'invalid-shape', message: 'annotations: records have no entry "payload"' })
    const comments = setup().updateOf((doc) => {
      const record = new Y.Map<unknown>()
      record.set('comment.c1', new Y.Map())
      doc.getMap('annotations').set('r2', record)
    })
    expect(decideWrite(as('annotator'), server, comments, owners)).toMatchObject({ reason: 'invalid-shape', message: 'annotations: "comment.c1" must be a plain JSON value' })
  })

  it('refuses a plain value nested deeper than 16 levels, or longer than 100,000 characters', () => {
    const { server, updateOf, owners } = setup()
    let deep: unknown = 'leaf'
    for (let level = 0; level < 17; level++) deep = { a: deep }
    const update = updateOf((doc) => {
      const record = new Y.Map<unknown>()
      record.set('attr.summary', deep)
      doc.getMap('annotations').set('r', record)
    })
    expect(decideWrite(as('editor'), server, update, owners)).toMatchObject({ reason: 'invalid-shape', message: 'annotations: a value nests deeper than 16 levels' })
    const long = setup().updateOf((doc) => doc.getMap('meta').set('title', 'x'.repeat(100_001)))
    expect(decideWrite(as('editor'), server, long, owners)).toMatchObject({ reason: 'invalid-shape', message: 'meta: a value is longer than 100000 characters as JSON' })
  })

  it('refuses text nested deeper than 32 elements, and types nested deeper than 32 under roots the data model does not name', () => {
    const { server, updateOf, owners } = setup()
    const deep = updateOf((doc) => {
      let element = new Y.XmlElement('blockquote')
      const top = element
      for (let level = 1; level < 40; level++) {
        const inner = new Y.XmlElement('blockquote')
        element.push([inner])
        element = inner
      }
      doc.getXmlFragment('prosemirror').push([top])
    })
    expect(decideWrite(as('editor'), server, deep, owners)).toMatchObject({
      reason: 'invalid-shape',
      message: 'prosemirror: the text nests at most 32 elements (this update writes at level 33)',
    })
    const otherRoot = setup().updateOf((doc) => {
      let map = doc.getMap('scratch')
      for (let level = 0; level < 40; level++) {
        const inner = new Y.Map<unknown>()
        map.set('m', inner)
        map = inner
      }
    })
    expect(decideWrite(as('editor'), server, otherRoot, owners)).toMatchObject({
      reason: 'invalid-shape',
      message: 'scratch: shared types nest at most 32 levels (this update writes at level 33)',
    })
  })

  it('accepts what the editor itself writes: records with comments, marks and headings', () => {
    const { server, updateOf, owners } = setup()
    const update = updateOf((doc) =>
      doc.transact(() => {
        createAnnotation(doc, {
          id: 'r',
          type: 'event',
          start: anchorAt(doc, 0),
          end: anchorAt(doc, 5),
          exact: 'Hello',
          attrs: { participants: ['A', 'B'] },
          note: 'a note',
          createdBy: { id: 'u', name: 'U' },
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-02T00:00:00.000Z',
          comments: [{ id: 'c', author: { id: 'u', name: 'U' }, text: 'hi', createdAt: '2026-01-02T00:00:00.000Z' }],
        })
        const heading = new Y.XmlElement('heading')
        heading.setAttribute('level', '2')
        const text = new Y.XmlText()
        text.insert(0, 'Title', { link: { href: 'https://example.org', title: null }, strong: {} })
        heading.push([text])
        doc.getXmlFragment('prosemirror').push([heading])
      }),
    )
    expect(decideWrite(as('editor'), server, update, owners)).toMatchObject({ kind: 'apply' })
    Y.applyUpdate(server, update)
    expect([...(server.getMap('annotations').get('r') as Y.Map<unknown>).keys()].sort()).toEqual(['base', 'comment.c', 'updatedAt'])
  })
})

describe('decideWrite: an editor’s update that cannot integrate yet', () => {
  it('refuses deep nesting sent with a clock gap, which would skip the placed shape check and integrate later', () => {
    const { server, owners } = setup()
    const client = 8080
    const deep = encodeRawUpdate(
      Array.from({ length: 200 }, (_, index) => {
        const clock = index + 1
        // The first map's parent is content the server does not have yet: the whole update waits.
        return { client, clock, parentId: index === 0 ? ([9999, 5] as const) : ([client, clock - 1] as const), key: 'attrs', type: 'map' as const }
      }),
    )
    expect(decideWrite(as('editor'), server, deep, owners)).toEqual({ kind: 'refuse', reason: 'invalid-shape', message: 'shared types nest at most 32 levels' })
    // Within the limits, it is held aside until record 9999:5 arrives, then decided again whole.
    const shallow = encodeRawUpdate([{ client, clock: 1, parentId: [9999, 5], key: 'later', type: 'map' }])
    expect(decideWrite(as('editor'), server, shallow, owners)).toEqual({ kind: 'hold', watch: new Set([client, 9999]) })
  })
})

describe('ClientOwners.claimPresence: publishing presence claims only ids without content', () => {
  it('never grants an annotator an id that has someone’s content (its writer may be offline), and keeps a fresh id for the one who published it', () => {
    const { server, owners } = setup()
    // After a reload no one owns the editor's id; the annotator publishes presence under it.
    owners.claimPresence(server, [EDITOR_CLIENT], 'annotator-token')
    const forger = forgerOf(server, EDITOR_CLIENT)
    const before = Y.encodeStateVector(forger)
    forger.getMap('annotations').set('x', new Y.Map())
    expect(decideWrite(as('annotator'), server, Y.encodeStateAsUpdate(forger, before), owners)).toEqual({
      kind: 'refuse',
      reason: 'foreign-client',
      message: 'it writes under another writer’s client id',
    })
    // A fresh id published by the editor first cannot be taken by an annotator that writes under it.
    owners.claimPresence(server, [5150], 'editor-token')
    const fresh = forgerOf(server, 5150)
    const freshBefore = Y.encodeStateVector(fresh)
    fresh.getMap('annotations').set('y', new Y.Map())
    expect(decideWrite(as('annotator'), server, Y.encodeStateAsUpdate(fresh, freshBefore), owners)).toMatchObject({ kind: 'refuse', reason: 'foreign-client' })
  })

  it(`counts presence claims against the ${MAX_NEW_CLIENTS_PER_PRINCIPAL} new ids of a principal`, () => {
    const { server, owners } = setup()
    owners.claimPresence(
      server,
      Array.from({ length: MAX_NEW_CLIENTS_PER_PRINCIPAL + 5 }, (_, index) => 20_000 + index),
      'cycler',
    )
    const doc = forgerOf(server, 20_000 + MAX_NEW_CLIENTS_PER_PRINCIPAL + 1)
    const before = Y.encodeStateVector(doc)
    doc.getMap('annotations').set('a', new Y.Map())
    expect(decideWrite(as('annotator', 'cycler'), server, Y.encodeStateAsUpdate(doc, before), owners)).toMatchObject({
      kind: 'refuse',
      message: `it starts more than ${MAX_NEW_CLIENTS_PER_PRINCIPAL} client ids`,
    })
  })
})

describe('decideWrite: findings of the adversarial review', () => {
  it('refuses a partly known struct that declares another place than its known part (a plain value under a 5000-character key)', () => {
    const { server, owners } = setup()
    const own = 7000
    const first = encodeRawUpdate([
      { client: own, clock: 0, root: 'annotations', key: 'r1', type: 'map' },
      { client: own, clock: 1, parentId: [own, 0], key: 'note', value: 'x' },
    ])
    applyDecision(decideWrite(as('annotator'), server, first, owners), server, first, owners, 'annotator-token')
    // Clock 1 again, now two values long, declared as a root entry under a huge key.
    const tail = encodeRawUpdate([{ client: own, clock: 1, root: 'annotations', key: 'K'.repeat(5000), values: ['x', 'plain'] }])
    expect(decideWrite(as('annotator'), server, tail, owners)).toEqual({ kind: 'refuse', reason: 'unresolvable', message: 'it contradicts itself or the document' })
  })

  it('checks the key of deleted content too', () => {
    const { server, owners } = setup()
    const update = encodeRawUpdate([{ client: 7100, clock: 0, root: 'meta', key: 'D'.repeat(1000), value: 1 }], [[7100, 0, 1]])
    expect(decideWrite(as('editor'), server, update, owners)).toEqual({ kind: 'refuse', reason: 'invalid-shape', message: 'meta: a key is longer than 120 characters' })
  })

  it('holds a known struct resent with an origin the server does not have (Yjs would keep the rest pending), refuses one naming its own later clock (Yjs would throw)', () => {
    const { server, owners } = setup()
    const own = 7200
    const first = encodeRawUpdate([
      { client: own, clock: 0, root: 'annotations', key: 'r1', type: 'map' },
      { client: own, clock: 1, parentId: [own, 0], key: 'note', value: 'a' },
    ])
    applyDecision(decideWrite(as('annotator'), server, first, owners), server, first, owners, 'annotator-token')
    const unknownOrigin = encodeRawUpdate([
      { client: own, clock: 1, origin: [4242, 5], value: 'a' },
      { client: own, clock: 2, parentId: [own, 0], key: 'note', value: 'b' },
    ])
    expect(decideWrite(as('annotator'), server, unknownOrigin, owners)).toEqual({ kind: 'hold', watch: new Set([own, 4242]) })
    const ownFuture = encodeRawUpdate([{ client: own, clock: 1, origin: [own, 50], value: 'a' }])
    expect(decideWrite(as('annotator'), server, ownFuture, owners)).toMatchObject({ kind: 'refuse', reason: 'unresolvable' })
  })

  it('refuses values that are not JSON (a bigint, binary data) instead of throwing', () => {
    const { server, owners } = setup()
    for (const value of [10n, Uint8Array.of(1, 2)]) {
      const update = encodeRawUpdate([
        { client: 7300, clock: 0, root: 'annotations', key: 'r', type: 'map' },
        { client: 7300, clock: 1, parentId: [7300, 0], key: 'note', value },
      ])
      expect(decideWrite(as('annotator'), server, update, owners)).toMatchObject({ kind: 'refuse', reason: 'invalid-shape' })
    }
  })

  it('lets an annotator take up its own id again after a restart even when it deleted a record (whose fields are garbage-collected)', () => {
    const { server, client, updateOf, owners } = setup()
    const created = updateOf((doc) => {
      const record = new Y.Map<unknown>()
      doc.getMap('annotations').set('gone', record)
      record.set('note', 'soon deleted')
    })
    applyDecision(decideWrite(as('annotator'), server, created, owners), server, created, owners, 'annotator-token')
    const kept = updateOf((doc) => doc.getMap('annotations').set('kept', new Y.Map()))
    applyDecision(decideWrite(as('annotator'), server, kept, owners), server, kept, owners, 'annotator-token')
    const deleted = updateOf((doc) => doc.getMap('annotations').delete('gone'))
    applyDecision(decideWrite(as('annotator'), server, deleted, owners), server, deleted, owners, 'annotator-token')
    expect(server.store.clients.get(client.clientID)!.some((struct) => struct instanceof Y.GC)).toBe(true)
    const later = updateOf((doc) => doc.getMap('annotations').set('new', new Y.Map()))
    expect(decideWrite(as('annotator'), server, later, new ClientOwners())).toMatchObject({ kind: 'apply' })
  })
})
