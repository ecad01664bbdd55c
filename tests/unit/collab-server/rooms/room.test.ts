import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../../../editor/model/close-codes'
import { Room } from '../../../../collab-server/rooms/room'
import { readContent } from '../../../../editor/yjs/document-content'
import { FakePeer, settle } from '../support/fake-peer'
import { Gate } from '../support/memory-store'
import { clientEdit, docOf, roomFixture } from '../support/room-fixture'

async function loadedRoom(overrides = {}) {
  const fixture = await roomFixture(overrides)
  const room = await Room.load('doc', fixture.deps)
  if (!room) throw new Error('fixture document missing')
  return { ...fixture, room }
}

function updateOf(peer: FakePeer, index: number): Uint8Array {
  const message = peer.sent[index]
  if (message.type !== 'sync-step-2' && message.type !== 'sync-update') throw new Error(`not an update: ${message.type}`)
  return message.update
}

describe('Room', () => {
  it('loads nothing for a missing document', async () => {
    const { deps } = await roomFixture()
    expect(await Room.load('missing', deps)).toBeNull()
  })

  it('loads the stored state without writing it back', async () => {
    const { room, store } = await loadedRoom()
    expect(readContent(room.doc).textContent).toBe('Doc')
    expect(store.calls.appendUpdate).toBeUndefined()
    await room.close()
  })

  it('greets a joining peer with SyncStep1 and answers its SyncStep1 with the whole state', async () => {
    const { room } = await loadedRoom()
    const peer = new FakePeer('a')
    room.join(peer, [{ type: 'sync-step-1', stateVector: Y.encodeStateVector(new Y.Doc()) }])
    await room.idle()
    expect(peer.sentTypes).toEqual(['sync-step-1', 'sync-step-2'])
    expect(readContent(docOf(updateOf(peer, 1))).textContent).toBe('Doc')
    await room.close()
  })

  it('stores a peer update before relaying it to the other peers only', async () => {
    const { room, store } = await loadedRoom()
    const [alice, bob] = [new FakePeer('alice'), new FakePeer('bob')]
    room.join(alice)
    room.join(bob)
    await room.idle()
    store.appendGate = new Gate()
    room.receive(alice, { type: 'sync-update', update: clientEdit('hi') })
    await settle()
    expect(store.calls.appendUpdate).toBe(1)
    expect(bob.sentTypes).toEqual(['sync-step-1'])

    store.appendGate.open()
    await room.idle()
    expect(bob.sentTypes).toEqual(['sync-step-1', 'sync-update'])
    expect(docOf(updateOf(bob, 1)).getText('notes').toString()).toBe('hi')
    expect(alice.sentTypes).toEqual(['sync-step-1'])
    expect((await store.loadUpdates('doc')).length).toBe(2)
    await room.close()
  })

  it('handles a peer’s messages in order, after the previous update is stored', async () => {
    const { room, store } = await loadedRoom()
    const alice = new FakePeer('alice')
    room.join(alice)
    store.appendGate = new Gate()
    room.receive(alice, { type: 'sync-update', update: clientEdit('x') })
    room.receive(alice, { type: 'sync-step-1', stateVector: Y.encodeStateVector(new Y.Doc()) })
    await settle()
    expect(alice.sentTypes).toEqual(['sync-step-1'])
    store.appendGate.open()
    await room.idle()
    expect(alice.sentTypes).toEqual(['sync-step-1', 'sync-step-2'])
    expect(docOf(updateOf(alice, 1)).getText('notes').toString()).toBe('x')
    await room.close()
  })

  it('closes every peer with 1011 and relays nothing when storing fails', async () => {
    let failures = 0
    const { room, store } = await loadedRoom({ onFailed: () => failures++ })
    const [alice, bob] = [new FakePeer('alice'), new FakePeer('bob')]
    room.join(alice)
    room.join(bob)
    store.failAppends = true
    room.receive(alice, { type: 'sync-update', update: clientEdit('lost') })
    await room.idle()
    expect(failures).toBe(1)
    expect(alice.closedWith).toEqual({ code: CloseCode.InternalError, reason: 'document unavailable' })
    expect(bob.closedWith).toEqual({ code: CloseCode.InternalError, reason: 'document unavailable' })
    expect(bob.sentTypes).toEqual(['sync-step-1'])
    const late = new FakePeer('late')
    room.join(late)
    expect(late.closedWith?.code).toBe(CloseCode.InternalError)
    await room.close()
  })

  it('compacts once more updates than the threshold are stored, keeping the content', async () => {
    const { room, store } = await loadedRoom({ compactionThreshold: 3 })
    const alice = new FakePeer('alice')
    room.join(alice)
    for (const text of ['a', 'b', 'c']) room.receive(alice, { type: 'sync-update', update: clientEdit(text) })
    await room.idle()
    expect(store.calls.compact).toBe(1)
    expect((await store.loadUpdates('doc')).length).toBe(1)
    room.receive(alice, { type: 'sync-update', update: clientEdit('d') })
    await room.idle()
    const stored = docOf(...(await store.loadUpdates('doc')).map((row) => row.data))
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(room.doc))
    expect(readContent(stored).textContent).toBe('Doc')
    await room.close()
  })

  it('relays awareness and removes a departed peer’s states', async () => {
    const { room } = await loadedRoom()
    const [alice, bob] = [new FakePeer('alice'), new FakePeer('bob')]
    room.join(alice)
    room.join(bob)
    const client = new Y.Doc()
    const awareness = new awarenessProtocol.Awareness(client)
    awareness.setLocalStateField('user', { name: 'alice', color: '#0072B2' })
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [client.clientID])
    awareness.destroy()
    room.receive(alice, { type: 'awareness', update })
    await room.idle()
    expect(bob.sentTypes).toEqual(['sync-step-1', 'awareness'])
    expect(alice.sentTypes).toEqual(['sync-step-1'])
    expect(room.awareness.getStates().get(client.clientID)).toEqual({ user: { name: 'alice', color: '#0072B2' } })

    room.leave(alice)
    expect(room.awareness.getStates().has(client.clientID)).toBe(false)
    expect(bob.sentTypes).toEqual(['sync-step-1', 'awareness', 'awareness'])
    await room.close()
  })

  describe('pending content', () => {
    /** An update of `text` typed after `before`, without the update that typed `before`: a clock gap. */
    function updateWithGap(before: string, text: string): Uint8Array {
      const doc = new Y.Doc()
      doc.getText('notes').insert(0, before)
      const known = Y.encodeStateVector(doc)
      doc.getText('notes').insert(before.length, text)
      return Y.encodeStateAsUpdate(doc, known)
    }

    async function pendingFixture(maxPendingBytes?: number) {
      const refused: string[] = []
      const fixture = await loadedRoom({ maxPendingBytes, onUpdateRefused: (reason: string) => refused.push(reason) })
      const [sender, bystander] = [new FakePeer('sender'), new FakePeer('bystander')]
      fixture.room.join(sender)
      fixture.room.join(bystander)
      await fixture.room.idle()
      return { ...fixture, refused, sender, bystander }
    }

    it('keeps an update that overtook the one it builds on, and applies it when that one arrives', async () => {
      const { room, sender, bystander } = await pendingFixture()
      const doc = new Y.Doc()
      doc.getText('notes').insert(0, 'first')
      const first = Y.encodeStateAsUpdate(doc)
      const known = Y.encodeStateVector(doc)
      doc.getText('notes').insert(5, ' second')
      room.receive(sender, { type: 'sync-update', update: Y.encodeStateAsUpdate(doc, known) })
      await room.idle()
      expect(sender.closedWith).toBeNull()
      expect(room.heldBytes).toBeGreaterThan(0)
      expect(room.doc.store.pendingStructs).toBeNull()
      expect(bystander.sentTypes).toEqual(['sync-step-1'])
      room.receive(sender, { type: 'sync-update', update: first })
      await room.idle()
      expect(room.doc.getText('notes').toString()).toBe('first second')
      expect(room.heldBytes).toBe(0)
      // Relayed in the order they applied, each once.
      expect(bystander.sentTypes).toEqual(['sync-step-1', 'sync-update', 'sync-update'])
      await room.close()
    })

    it('never sends held content in the answer to a SyncStep1 (it is not stored)', async () => {
      const { room, store, sender } = await pendingFixture()
      room.receive(sender, { type: 'sync-update', update: updateWithGap('never sent', 'SECRET-PENDING') })
      await room.idle()
      expect(room.heldBytes).toBeGreaterThan(0)
      const joiner = new FakePeer('joiner')
      room.join(joiner, [{ type: 'sync-step-1', stateVector: Y.encodeStateVector(new Y.Doc()) }])
      await room.idle()
      const answer = joiner.sent.find((message) => message.type === 'sync-step-2')
      if (answer?.type !== 'sync-step-2') throw new Error('no SyncStep2 answer')
      expect(JSON.stringify(Y.decodeUpdate(answer.update))).not.toContain('SECRET-PENDING')
      expect(docOf(answer.update).store.pendingStructs).toBeNull()
      // The room still holds the update, to apply when the missing one arrives.
      expect(room.heldBytes).toBeGreaterThan(0)
      expect(JSON.stringify((await store.loadUpdates('doc')).map((update) => Y.decodeUpdate(update.data)))).not.toContain('SECRET-PENDING')
      await room.close()
    })

    it('drops held updates beyond the limit and closes their sender with 4422', async () => {
      const { room, store, refused, sender, bystander } = await pendingFixture(8)
      room.receive(sender, { type: 'sync-update', update: updateWithGap('never sent', ' typed later') })
      room.receive(sender, { type: 'sync-update', update: clientEdit('after the gap') })
      await room.idle()
      expect(sender.closedWith).toEqual({ code: CloseCode.UnknownContent, reason: 'update refers to unknown content' })
      expect(room.heldBytes).toBe(0)
      expect(refused).toEqual(['unresolvable'])
      expect(store.calls.appendUpdate).toBeUndefined()
      expect(bystander.sentTypes).toEqual(['sync-step-1'])
      expect(room.doc.getText('notes').toString()).toBe('')
      await room.close()
    })

    it('drops deletions of content the room does not have beyond the limit', async () => {
      const { room, sender } = await pendingFixture(4)
      const doc = new Y.Doc()
      doc.getText('notes').insert(0, 'unknown')
      const known = Y.encodeStateVector(doc)
      doc.getText('notes').delete(0, 3)
      room.receive(sender, { type: 'sync-update', update: Y.encodeStateAsUpdate(doc, known) })
      await room.idle()
      expect(sender.closedWith?.code).toBe(CloseCode.UnknownContent)
      expect(room.heldBytes).toBe(0)
      expect(room.doc.store.pendingDs).toBeNull()
      await room.close()
    })

    it('holds an update whole while part of it cannot integrate, and never leaves content pending in Yjs', async () => {
      const { room, sender, bystander } = await pendingFixture()
      const update = Y.mergeUpdates([clientEdit('applied'), updateWithGap('missing', ' waits')])
      room.receive(sender, { type: 'sync-update', update })
      await room.idle()
      expect(sender.closedWith).toBeNull()
      expect(room.doc.store.pendingStructs).toBeNull()
      expect(room.heldBytes).toBe(update.byteLength)
      expect(room.doc.getText('notes').toString()).toBe('')
      expect(bystander.sentTypes).toEqual(['sync-step-1'])
      await room.close()
    })

    it('drops held updates beyond maxPendingBytes, applying and storing nothing of them', async () => {
      const { room, store, refused, sender, bystander } = await pendingFixture(64)
      room.receive(sender, { type: 'sync-update', update: clientEdit('applied') })
      const update = Y.mergeUpdates([clientEdit('held'), updateWithGap('missing', 'x'.repeat(200))])
      room.receive(sender, { type: 'sync-update', update })
      await room.idle()
      expect(sender.closedWith).toEqual({ code: CloseCode.UnknownContent, reason: 'update refers to unknown content' })
      expect(room.heldBytes).toBe(0)
      expect(refused).toEqual(['unresolvable'])
      expect(room.doc.getText('notes').toString()).toBe('applied')
      expect(bystander.sentTypes).toEqual(['sync-step-1', 'sync-update'])
      const stored = docOf(...(await store.loadUpdates('doc')).map((row) => row.data))
      expect(stored.getText('notes').toString()).toBe('applied')
      await room.close()
    })

    it('closes the peer that sent most of the held updates with 4422, and the others whose updates were dropped with 1013 (they resend)', async () => {
      const heavy = updateWithGap('missing one', 'y'.repeat(300))
      const light = updateWithGap('missing two', ' z')
      // The limit lies between the heavy update alone and both.
      const { room, refused, sender, bystander } = await pendingFixture(heavy.byteLength + light.byteLength - 1)
      room.receive(sender, { type: 'sync-update', update: heavy })
      await room.idle()
      expect(sender.closedWith).toBeNull()
      room.receive(bystander, { type: 'sync-update', update: light })
      await room.idle()
      expect(sender.closedWith).toEqual({ code: CloseCode.UnknownContent, reason: 'update refers to unknown content' })
      expect(bystander.closedWith).toEqual({ code: CloseCode.ServerBusy, reason: 'server busy' })
      expect(room.heldBytes).toBe(0)
      expect(refused).toEqual(['unresolvable'])
      await room.close()
    })

    it(`closes a peer with more than 32 updates held (4422), dropping them`, async () => {
      const { room, refused, sender, bystander } = await pendingFixture()
      for (let index = 0; index < 33; index++) room.receive(sender, { type: 'sync-update', update: updateWithGap(`missing ${index}`, 'x') })
      await room.idle()
      expect(sender.closedWith).toEqual({ code: CloseCode.UnknownContent, reason: 'update refers to unknown content' })
      expect(bystander.closedWith).toBeNull()
      expect(room.heldBytes).toBe(0)
      expect(refused).toEqual(['unresolvable'])
      await room.close()
    })

    it('forgets the held updates of a peer that leaves (its next connection sends them again)', async () => {
      const { room, sender } = await pendingFixture()
      room.receive(sender, { type: 'sync-update', update: updateWithGap('missing', ' waits') })
      await room.idle()
      expect(room.heldBytes).toBeGreaterThan(0)
      room.leave(sender)
      expect(room.heldBytes).toBe(0)
      room.receive(sender, { type: 'sync-update', update: updateWithGap('missing', ' again') })
      await room.idle()
      expect(room.heldBytes).toBe(0)
      await room.close()
    })

    it('still applies an update that completes earlier pending content', async () => {
      const { room, sender } = await pendingFixture()
      const doc = new Y.Doc()
      doc.getText('notes').insert(0, 'first')
      const first = Y.encodeStateAsUpdate(doc)
      const known = Y.encodeStateVector(doc)
      doc.getText('notes').insert(5, ' second')
      const second = Y.encodeStateAsUpdate(doc, known)
      room.receive(sender, { type: 'sync-update', update: Y.mergeUpdates([clientEdit('applied'), second]) })
      room.receive(sender, { type: 'sync-update', update: first })
      await room.idle()
      expect(sender.closedWith).toBeNull()
      expect(room.heldBytes).toBe(0)
      expect(room.doc.getText('notes').toString()).toContain('first second')
      await room.close()
    })
  })
})
