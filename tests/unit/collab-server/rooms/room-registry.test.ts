import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { createDocument } from '../../../../collab-server/documents'
import { silentLogger } from '../../../../collab-server/logger'
import { Room } from '../../../../collab-server/rooms/room'
import { RoomRegistry } from '../../../../collab-server/rooms/room-registry'
import { FakePeer, settle } from '../support/fake-peer'
import { Gate } from '../support/memory-store'
import { clientEdit, roomFixture } from '../support/room-fixture'

async function registryFixture() {
  const fixture = await roomFixture()
  const registry = new RoomRegistry((id, hooks) => Room.load(id, { ...fixture.deps, ...hooks }), silentLogger)
  return { ...fixture, registry }
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
})
