import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '../../../../editor/model/close-codes'
import { Room } from '../../../../collab-server/rooms/room'
import { FakePeer } from '../support/fake-peer'
import { roomFixture } from '../support/room-fixture'
import { rawAwarenessUpdate } from '../support/raw-awareness'

const ADA = { name: 'Ada', color: '#0072B2' }
const BOB = { name: 'Bob', color: '#D55E00' }

/** The awareness entries a peer was sent, in order, as [clientId, clock, state] (applied to one receiver). */
function awarenessSent(peer: FakePeer): Array<[number, number, unknown]> {
  const entries: Array<[number, number, unknown]> = []
  const receiver = new awarenessProtocol.Awareness(new Y.Doc())
  const record = ({ added, updated, removed }: Record<string, number[]>) => {
    for (const id of [...added, ...updated, ...removed]) entries.push([id, receiver.meta.get(id)!.clock, receiver.getStates().get(id) ?? null])
  }
  receiver.on('update', record)
  for (const message of peer.sent) {
    if (message.type === 'awareness') awarenessProtocol.applyAwarenessUpdate(receiver, message.update, 'server')
  }
  receiver.off('update', record)
  receiver.destroy()
  return entries
}

describe('Room awareness', () => {
  const rooms: Room[] = []
  afterEach(async () => {
    for (const room of rooms.splice(0)) await room.close()
  })

  /** A room with peers alice (client 1, state ada), bob and a viewer mallory, all joined. */
  async function roomWithAlice() {
    const { deps } = await roomFixture()
    const room = (await Room.load('doc', deps))!
    rooms.push(room)
    const [alice, bob, mallory] = [new FakePeer('alice'), new FakePeer('bob'), new FakePeer('mallory', 'viewer')]
    for (const peer of [alice, bob, mallory]) room.join(peer)
    room.receive(alice, { type: 'awareness', update: rawAwarenessUpdate([1, 1, JSON.stringify({ user: ADA })]) })
    await room.idle()
    return { room, alice, bob, mallory }
  }

  it('relays a peer’s own state to the others', async () => {
    const { room, bob, mallory } = await roomWithAlice()
    expect(room.awareness.getStates().get(1)).toEqual({ user: ADA })
    expect(awarenessSent(bob)).toEqual([[1, 1, { user: ADA }]])
    expect(awarenessSent(mallory)).toEqual([[1, 1, { user: ADA }]])
  })

  it('drops an echo of another client’s state silently; the echoing peer stays connected', async () => {
    const { room, alice, bob } = await roomWithAlice()
    room.receive(bob, { type: 'awareness', update: rawAwarenessUpdate([1, 1, JSON.stringify({ user: ADA })], [2, 1, JSON.stringify({ user: BOB })]) })
    await room.idle()
    expect(bob.closedWith).toBeNull()
    expect(awarenessSent(alice)).toEqual([[2, 1, { user: BOB }]])
    expect([...room.awareness.getStates()]).toEqual([
      [1, { user: ADA }],
      [2, { user: BOB }],
    ])
  })

  it('drops a forged state and a removal for someone else’s id (a viewer may still publish its own)', async () => {
    const { room, alice, bob, mallory } = await roomWithAlice()
    room.receive(mallory, { type: 'awareness', update: rawAwarenessUpdate([1, 50, JSON.stringify({ user: { name: 'Ada (forged)', color: '#000000' } })]) })
    room.receive(mallory, { type: 'awareness', update: rawAwarenessUpdate([1, 51, 'null']) })
    room.receive(mallory, { type: 'awareness', update: rawAwarenessUpdate([3, 1, JSON.stringify({ user: { name: 'Mallory', color: '#CC79A7' } })]) })
    await room.idle()
    expect(mallory.closedWith).toBeNull()
    expect(room.awareness.getStates().get(1)).toEqual({ user: ADA })
    expect(room.awareness.meta.get(1)?.clock).toBe(1)
    expect(awarenessSent(bob)).toEqual([
      [1, 1, { user: ADA }],
      [3, 1, { user: { name: 'Mallory', color: '#CC79A7' } }],
    ])
    expect(awarenessSent(alice)).toEqual([[3, 1, { user: { name: 'Mallory', color: '#CC79A7' } }]])
  })

  it('closes a peer that claims a 5th client id; nothing of that update is applied', async () => {
    const { room, bob, mallory } = await roomWithAlice()
    const state = JSON.stringify({ user: { name: 'Fake', color: '#000000' } })
    room.receive(mallory, { type: 'awareness', update: rawAwarenessUpdate([10, 1, state], [11, 1, state], [12, 1, state], [13, 1, state]) })
    room.receive(mallory, { type: 'awareness', update: rawAwarenessUpdate([14, 1, state]) })
    await room.idle()
    expect(mallory.closedWith).toEqual({ code: 4422, reason: 'too many awareness client ids (at most 4 per connection)' })
    expect([...room.awareness.getStates().keys()]).toEqual([1, 10, 11, 12, 13])
    expect(awarenessSent(bob).map(([id]) => id)).toEqual([1, 10, 11, 12, 13])
    room.leave(mallory)
    expect([...room.awareness.getStates().keys()]).toEqual([1])
  })

  it.each([
    ['{"user":{"name":12345}}', 'malformed message: awareness state user.name: Invalid input: expected string, received number'],
    [JSON.stringify({ user: ADA, blob: 'x'.repeat(100_000) }), 'malformed message: awareness state is 100051 bytes (at most 4096)'],
    ['{"user":', 'malformed message: awareness state is not JSON'],
  ])('closes a peer with 4422 for the state %#, applying and relaying nothing', async (json, reason) => {
    const { room, alice, bob, mallory } = await roomWithAlice()
    room.receive(mallory, { type: 'awareness', update: rawAwarenessUpdate([3, 1, JSON.stringify({ user: BOB })], [4, 1, json]) })
    room.receive(mallory, { type: 'awareness', update: rawAwarenessUpdate([5, 1, JSON.stringify({ user: BOB })]) })
    await room.idle()
    expect(mallory.closedWith).toEqual({ code: CloseCode.MalformedMessage, reason })
    expect([...room.awareness.getStates().keys()]).toEqual([1])
    expect(awarenessSent(bob)).toEqual([[1, 1, { user: ADA }]])
    expect(alice.closedWith).toBeNull()
  })

  it('frees a departed peer’s ids: its state is removed and a new connection of that client may set it', async () => {
    const { room, alice, bob } = await roomWithAlice()
    room.leave(alice)
    expect(room.awareness.getStates().has(1)).toBe(false)
    const again = new FakePeer('alice-again')
    room.join(again)
    room.receive(again, { type: 'awareness', update: rawAwarenessUpdate([1, 3, JSON.stringify({ user: ADA })]) })
    await room.idle()
    expect(again.closedWith).toBeNull()
    expect(room.awareness.getStates().get(1)).toEqual({ user: ADA })
    expect(awarenessSent(bob)).toEqual([
      [1, 1, { user: ADA }],
      [1, 1, null],
      [1, 3, { user: ADA }],
    ])
  })

  it('never lets a peer take the room’s own client id', async () => {
    const { room, mallory } = await roomWithAlice()
    room.receive(mallory, { type: 'awareness', update: rawAwarenessUpdate([room.doc.clientID, 99, JSON.stringify({ user: BOB })]) })
    await room.idle()
    expect(mallory.closedWith).toBeNull()
    expect(room.awareness.getLocalState()).toBeNull()
  })
})
