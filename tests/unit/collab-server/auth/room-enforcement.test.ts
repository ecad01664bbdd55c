import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import type { UpdateRefusalReason } from '../../../../collab-server/auth/write-guard'
import { Room } from '../../../../collab-server/rooms/room'
import { createAnnotation, readAnnotation, updateAnnotation } from '../../../../editor/model/annotation-store'
import { FakePeer } from '../support/fake-peer'
import { encodeRawUpdate } from '../support/raw-update'
import { roomFixture } from '../support/room-fixture'

async function loadedRoom() {
  const refused: UpdateRefusalReason[] = []
  const fixture = await roomFixture({ onUpdateRefused: (reason) => refused.push(reason) })
  const room = await Room.load('doc', fixture.deps)
  if (!room) throw new Error('fixture document missing')
  return { ...fixture, room, refused }
}

/** The update a client synced with `room` sends after making `change`. */
function clientUpdate(room: Room, change: (doc: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc))
  const before = Y.encodeStateVector(client)
  change(client)
  return Y.encodeStateAsUpdate(client, before)
}

/** Adds record `a1` as the app does (data model 2), anchored at the start of the text. */
const addAnnotation = (doc: Y.Doc) => {
  const anchor = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('prosemirror'), 0))
  createAnnotation(doc, { id: 'a1', type: 'claim', start: anchor, end: anchor, exact: '', createdBy: { id: 'u1', name: 'Annotator' } })
}
const typeText = (doc: Y.Doc) => {
  const paragraph = new Y.XmlElement('paragraph')
  doc.transact(() => doc.getXmlFragment('prosemirror').push([paragraph]))
  paragraph.insert(0, [new Y.XmlText('typed')])
}

describe('Room: roles', () => {
  it('refuses a viewer update whole: permission-denied, then 4409; others notice nothing', async () => {
    const { room, store, refused } = await loadedRoom()
    const [viewer, editor] = [new FakePeer('viewer', 'viewer'), new FakePeer('editor')]
    room.join(viewer)
    room.join(editor)
    const before = Y.encodeStateAsUpdate(room.doc)
    room.receive(viewer, { type: 'sync-update', update: clientUpdate(room, addAnnotation) })
    room.receive(viewer, { type: 'query-awareness' })
    await room.idle()

    const reason = 'viewers cannot change the document (this update changes annotations)'
    expect(viewer.sent.slice(1)).toEqual([{ type: 'auth-permission-denied', reason }])
    expect(viewer.closedWith).toEqual({ code: 4409, reason: `update refused: ${reason}` })
    expect(editor.sentTypes).toEqual(['sync-step-1'])
    expect(editor.closedWith).toBeNull()
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before)
    expect(store.calls.appendUpdate).toBeUndefined()
    expect(refused).toEqual(['read-only'])
    await room.close()
  })

  it("ignores a viewer's SyncStep2 that changes nothing, and keeps it connected", async () => {
    const { room, store } = await loadedRoom()
    const viewer = new FakePeer('viewer', 'viewer')
    room.join(viewer)
    room.receive(viewer, { type: 'sync-step-2', update: clientUpdate(room, () => {}) })
    await room.idle()
    expect(viewer.closedWith).toBeNull()
    expect(store.calls.appendUpdate).toBeUndefined()
    await room.close()
  })

  it("applies, stores and relays an annotator's annotation", async () => {
    const { room, store } = await loadedRoom()
    const [annotator, editor] = [new FakePeer('annotator', 'annotator'), new FakePeer('editor')]
    room.join(annotator)
    room.join(editor)
    room.receive(annotator, { type: 'sync-update', update: clientUpdate(room, addAnnotation) })
    await room.idle()
    expect(annotator.closedWith).toBeNull()
    expect(store.calls.appendUpdate).toBe(1)
    expect(editor.sentTypes).toEqual(['sync-step-1', 'sync-update'])
    expect(readAnnotation(room.doc, 'a1')).toMatchObject({ record: { id: 'a1', type: 'claim' } })
    await room.close()
  })

  it("refuses an annotator's text edit, even inside a SyncStep2 that also adds an annotation", async () => {
    const { room, store, refused } = await loadedRoom()
    const annotator = new FakePeer('annotator', 'annotator')
    room.join(annotator)
    const before = Y.encodeStateAsUpdate(room.doc)
    const mixed = clientUpdate(room, (doc) => {
      addAnnotation(doc)
      typeText(doc)
    })
    room.receive(annotator, { type: 'sync-step-2', update: mixed })
    room.receive(annotator, { type: 'sync-update', update: clientUpdate(room, addAnnotation) })
    await room.idle()
    const reason = 'annotators can only change annotations (this update changes prosemirror)'
    expect(annotator.sent.slice(1)).toEqual([{ type: 'auth-permission-denied', reason }])
    expect(annotator.closedWith).toEqual({ code: 4409, reason: `update refused: ${reason}` })
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before)
    expect(store.calls.appendUpdate).toBeUndefined()
    expect(refused).toEqual(['outside-annotations'])
    await room.close()
  })

  it('lets an editor change anything', async () => {
    const { room } = await loadedRoom()
    const editor = new FakePeer('editor', 'editor')
    room.join(editor)
    room.receive(editor, { type: 'sync-update', update: clientUpdate(room, typeText) })
    await room.idle()
    expect(editor.closedWith).toBeNull()
    expect(room.doc.getXmlFragment('prosemirror').toString()).toContain('typed')
    await room.close()
  })
})

describe('Room: an editor cannot slip a forbidden shape in through updates held for later', () => {
  it('decides a held chain of nested maps again when it can integrate, and refuses it then', async () => {
    const { room, store, refused } = await loadedRoom()
    const editor = new FakePeer('editor')
    room.join(editor)
    const Z = 9191
    const chain = (from: number, parent: readonly [number, number]) =>
      encodeRawUpdate(
        Array.from({ length: 30 }, (_, index) => ({
          client: Z,
          clock: from + index,
          parentId: index === 0 ? parent : ([Z, from + index - 1] as const),
          key: 'note',
          type: 'map' as const,
        })),
      )
    // Four chains of 30 maps, each continuing the last, all under a record Z:0 the room does not have yet.
    for (let part = 0; part < 4; part++) room.receive(editor, { type: 'sync-update', update: chain(1 + part * 30, [Z, part * 30]) })
    await room.idle()
    expect(editor.closedWith).toBeNull()
    expect(room.heldBytes).toBeGreaterThan(0)
    room.receive(editor, { type: 'sync-update', update: encodeRawUpdate([{ client: Z, clock: 0, root: 'annotations', key: 'rec', type: 'map' }]) })
    await room.idle()
    expect(editor.closedWith).toEqual({ code: 4409, reason: 'update refused: annotations: "note" must be a plain JSON value' })
    expect(refused).toEqual(['invalid-shape'])
    expect(room.heldBytes).toBe(0)
    expect(room.doc.store.pendingStructs).toBeNull()
    const record = room.doc.getMap('annotations').get('rec') as Y.Map<unknown>
    expect([...record.keys()]).toEqual([])
    expect(store.calls.appendUpdate).toBe(1)
    await room.close()
  })
})

describe('Room: an annotator back from offline work', () => {
  it('holds a change typed before its SyncStep2 arrived, and applies both when it does (nothing lost, nobody closed)', async () => {
    const { room, refused } = await loadedRoom()
    const annotator = new FakePeer('annotator', 'annotator')
    const editor = new FakePeer('editor')
    room.join(annotator)
    room.join(editor)
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc))
    const online = Y.encodeStateVector(client)
    // Offline: a new record; then, back online, a note typed before the SyncStep2 went out.
    addAnnotation(client)
    const offlineWork = Y.encodeStateAsUpdate(client, online)
    const afterOffline = Y.encodeStateVector(client)
    updateAnnotation(client, 'a1', { note: 'typed at once' })
    room.receive(annotator, { type: 'sync-update', update: Y.encodeStateAsUpdate(client, afterOffline) })
    await room.idle()
    expect(annotator.closedWith).toBeNull()
    expect(room.heldBytes).toBeGreaterThan(0)
    room.receive(annotator, { type: 'sync-step-2', update: offlineWork })
    await room.idle()
    expect(annotator.closedWith).toBeNull()
    expect(refused).toEqual([])
    expect(room.heldBytes).toBe(0)
    expect(readAnnotation(room.doc, 'a1')).toMatchObject({ record: { id: 'a1', note: 'typed at once' } })
    expect(editor.sentTypes).toEqual(['sync-step-1', 'sync-update', 'sync-update'])
    await room.close()
  })
})
