import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../../../editor/model/close-codes'
import { createDocument } from '../../../../collab-server/documents'
import { silentLogger } from '../../../../collab-server/logger'
import { Room } from '../../../../collab-server/rooms/room'
import { EVICTED_REASON, RoomRegistry } from '../../../../collab-server/rooms/room-registry'
import { FakePeer, settle } from '../support/fake-peer'
import { Gate } from '../support/memory-store'
import { clientEdit, docOf, roomFixture } from '../support/room-fixture'

async function registryFixture(options: { maxRooms?: number } = {}) {
  const fixture = await roomFixture()
  for (const id of ['a', 'b', 'c']) await createDocument(fixture.store, { id, title: id.toUpperCase(), format: 'blank' })
  const registry = new RoomRegistry((id, hooks) => Room.load(id, { ...fixture.deps, ...hooks }), silentLogger, options)
  return { ...fixture, registry }
}

/** Acquires a document's room and joins a fake peer to it, as a connection would. */
async function openPeer(registry: RoomRegistry, id: string) {
  const lease = registry.acquire(id)
  const room = (await lease.room) as Room
  const peer = new FakePeer(`${id}-peer`)
  room.join(peer)
  return { lease, room, peer }
}

describe('RoomRegistry', () => {
  it('loads a document once for concurrent first connections', async () => {
    const { registry, store } = await registryFixture()
    store.loadGate = new Gate()
    const leases = [registry.acquire('doc'), registry.acquire('doc'), registry.acquire('doc')]
    store.loadGate.open()
    const rooms = await Promise.all(leases.map((lease) => lease.room))
    expect(store.calls.loadUpdates).toBe(1)
    expect(new Set(rooms).size).toBe(1)
    expect(registry.roomCount).toBe(1)
    leases.forEach((lease) => lease.release())
    await registry.idle()
  })

  it('unloads when the last lease is released and reloads the stored state later', async () => {
    const { registry, store } = await registryFixture()
    const [first, second] = [registry.acquire('doc'), registry.acquire('doc')]
    const room = (await first.room) as Room
    const peer = new FakePeer('p')
    room.join(peer)
    room.receive(peer, { type: 'sync-update', update: clientEdit('kept') })
    room.leave(peer)
    first.release()
    first.release()
    expect(registry.roomCount).toBe(1)
    second.release()
    await registry.idle()
    expect(registry.roomCount).toBe(0)

    const again = registry.acquire('doc')
    const reloaded = (await again.room) as Room
    expect(reloaded).not.toBe(room)
    expect(store.calls.loadUpdates).toBe(2)
    expect(reloaded.doc.getText('notes').toString()).toBe('kept')
    again.release()
    await registry.idle()
  })

  it('does not load again until the previous room has stored everything', async () => {
    const { registry, store } = await registryFixture()
    const lease = registry.acquire('doc')
    const room = (await lease.room) as Room
    const peer = new FakePeer('p')
    room.join(peer)
    store.appendGate = new Gate()
    room.receive(peer, { type: 'sync-update', update: clientEdit('late write') })
    room.leave(peer)
    lease.release()

    const next = registry.acquire('doc')
    await settle()
    expect(store.calls.loadUpdates).toBe(1)
    store.appendGate.open()
    const reloaded = (await next.room) as Room
    expect(reloaded.doc.getText('notes').toString()).toBe('late write')
    next.release()
    await registry.idle()
  })

  it('answers null for a missing document and finds it once created', async () => {
    const { registry, store } = await registryFixture()
    const missing = registry.acquire('later')
    expect(await missing.room).toBeNull()
    await createDocument(store, { id: 'later', title: 'Later', format: 'blank' })
    const found = registry.acquire('later')
    expect((await found.room)?.doc).toBeInstanceOf(Y.Doc)
    missing.release()
    found.release()
    await registry.idle()
    expect(registry.roomCount).toBe(0)
  })

  describe('with maxRooms', () => {
    it('evicts the least recently used room to load one more, closing its peers with 1013', async () => {
      const { registry, store } = await registryFixture({ maxRooms: 2 })
      const a = await openPeer(registry, 'a')
      const b = await openPeer(registry, 'b')
      a.room.receive(a.peer, { type: 'sync-update', update: clientEdit('kept in a') })
      a.lease.touch()
      const c = await openPeer(registry, 'c')

      expect(b.peer.closedWith).toEqual({ code: CloseCode.ServerAtCapacity, reason: EVICTED_REASON })
      expect(a.peer.closedWith).toBeNull()
      expect(c.peer.closedWith).toBeNull()
      expect(registry.roomCount).toBe(2)
      expect(store.calls.loadUpdates).toBe(3)

      // b's connection releases its lease when its socket closes: nothing is unloaded twice.
      b.lease.release()
      a.lease.release()
      await registry.idle()
      expect(registry.roomCount).toBe(1)
      const reopened = await openPeer(registry, 'a')
      expect(reopened.room).not.toBe(a.room)
      expect(reopened.room.doc.getText('notes').toString()).toBe('kept in a')
      reopened.lease.release()
      c.lease.release()
      await registry.idle()
      expect(registry.roomCount).toBe(0)
    })

    it('stores what the evicted room was still writing before the new room loads', async () => {
      const { registry, store } = await registryFixture({ maxRooms: 1 })
      const a = await openPeer(registry, 'a')
      store.appendGate = new Gate()
      a.room.receive(a.peer, { type: 'sync-update', update: clientEdit('in flight') })
      await settle()
      const b = registry.acquire('b')
      await settle()
      expect(a.peer.closedWith?.code).toBe(CloseCode.ServerAtCapacity)
      expect(store.calls.loadUpdates).toBe(1)
      store.appendGate.open()
      await b.room
      expect(registry.roomCount).toBe(1)
      expect(
        docOf(...(store.updates.get('a') ?? []).map((row) => row.data))
          .getText('notes')
          .toString(),
      ).toBe('in flight')
      a.lease.release()
      b.release()
      await registry.idle()
    })

    it('closes a peer that joins an evicted room with 1013', async () => {
      const { registry } = await registryFixture({ maxRooms: 1 })
      const first = registry.acquire('a')
      const late = registry.acquire('a')
      const room = (await first.room) as Room
      registry.acquire('b')
      await settle()
      const peer = new FakePeer('late')
      room.join(peer)
      expect(peer.closedWith).toEqual({ code: CloseCode.ServerAtCapacity, reason: EVICTED_REASON })
      expect(await late.room).toBe(room)
    })

    it('never evicts for a missing document, nor the room being requested', async () => {
      const { registry } = await registryFixture({ maxRooms: 1 })
      const a = await openPeer(registry, 'a')
      expect(await registry.acquire('missing').room).toBeNull()
      const again = await openPeer(registry, 'a')
      expect(again.room).toBe(a.room)
      expect(a.peer.closedWith).toBeNull()
      expect(registry.roomCount).toBe(1)
    })

    it('never holds more than maxRooms when many documents load at once', async () => {
      const { registry, store } = await registryFixture({ maxRooms: 2 })
      store.loadGate = new Gate()
      let most = 0
      const leases = ['a', 'b', 'c', 'doc'].map((id) => registry.acquire(id))
      const watch = setInterval(() => (most = Math.max(most, registry.roomCount)), 0)
      store.loadGate.open()
      const rooms = await Promise.all(leases.map((lease) => lease.room))
      await registry.idle()
      clearInterval(watch)
      most = Math.max(most, registry.roomCount)
      expect(rooms.every((room) => room instanceof Room)).toBe(true)
      expect(most).toBeLessThanOrEqual(2)
      expect(registry.roomCount).toBe(2)
    })
  })
})
