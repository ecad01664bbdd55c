import * as Y from 'yjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CloseCode } from '../../../editor/model/close-codes'
import { Connection, type ConnectionOptions } from '../../../collab-server/connection'
import { FRAME_OVERHEAD_BYTES, QueuedMemoryPool } from '../../../collab-server/limits/queued-memory'
import { silentLogger } from '../../../collab-server/logger'
import { encodeMessage } from '../../../collab-server/protocol'
import { Room } from '../../../collab-server/rooms/room'
import { RoomRegistry } from '../../../collab-server/rooms/room-registry'
import { readContent } from '../../../editor/yjs/document-content'
import { FakeSocket } from './support/fake-socket'
import { settle } from './support/fake-peer'
import { Gate } from './support/memory-store'
import { clientEdit, docOf, roomFixture } from './support/room-fixture'

const OPTIONS: ConnectionOptions = { maxBufferedBytes: 1024, pingIntervalMs: 30_000, logger: silentLogger }
const STEP1_FROM_EMPTY = encodeMessage({ type: 'sync-step-1', stateVector: Y.encodeStateVector(new Y.Doc()) })

const opened: Array<{ socket: FakeSocket; registry: RoomRegistry }> = []

async function fixture(docId = 'doc', options: Partial<ConnectionOptions> = {}) {
  const base = await roomFixture()
  const registry = new RoomRegistry((id, hooks) => Room.load(id, { ...base.deps, ...hooks }), silentLogger)
  const socket = new FakeSocket()
  opened.push({ socket, registry })
  const closed: Connection[] = []
  const connection = new Connection(socket.asWebSocket(), docId, registry, { ...OPTIONS, ...options }, (c) => closed.push(c))
  return { ...base, registry, socket, connection, closed }
}

/** A connection to "doc" whose room is still loading until `gate` opens. */
async function connectWhileLoading() {
  const base = await roomFixture()
  const gate = new Gate()
  base.store.loadGate = gate
  const registry = new RoomRegistry((id, hooks) => Room.load(id, { ...base.deps, ...hooks }), silentLogger)
  const socket = new FakeSocket()
  opened.push({ socket, registry })
  new Connection(socket.asWebSocket(), 'doc', registry, OPTIONS)
  return { base, registry, socket, gate }
}

describe('Connection', () => {
  afterEach(async () => {
    vi.useRealTimers()
    for (const { socket, registry } of opened.splice(0)) {
      socket.close(1000, 'test over')
      await settle()
      await registry.idle()
    }
  })

  it('answers no sync message before the room is loaded, then handles queued messages in order', async () => {
    const { base, socket, gate } = await connectWhileLoading()
    socket.receive(STEP1_FROM_EMPTY)
    socket.receive(encodeMessage({ type: 'sync-update', update: clientEdit('early') }))
    await settle()
    expect(socket.sent).toEqual([])

    gate.open()
    await settle()
    const [greeting, answer] = socket.sentMessages
    expect(socket.sentMessages.map((message) => message.type)).toEqual(['sync-step-1', 'sync-step-2'])
    if (answer.type !== 'sync-step-2' || greeting.type !== 'sync-step-1') throw new Error('unexpected messages')
    const received = docOf(answer.update)
    expect(readContent(received).textContent).toBe('Doc')
    expect(received.getText('notes').toString()).toBe('')
    expect((await base.store.loadUpdates('doc')).length).toBe(2)
  })

  it('stores what a client sent while the room loaded even if it closed before the room was ready', async () => {
    const { base, registry, socket, gate } = await connectWhileLoading()
    socket.receive(encodeMessage({ type: 'sync-update', update: clientEdit('sent then gone') }))
    socket.close(1000, 'bye')
    await settle()
    gate.open()
    await settle()
    await registry.idle()
    const stored = docOf(...(await base.store.loadUpdates('doc')).map((update) => update.data))
    expect(stored.getText('notes').toString()).toBe('sent then gone')
  })

  it('closes with 4404 when the document does not exist', async () => {
    const { socket, closed, registry } = await fixture('missing')
    await settle()
    expect(socket.closes).toEqual([{ code: CloseCode.DocumentNotFound, reason: 'document not found' }])
    expect(closed.length).toBe(1)
    expect(registry.roomCount).toBe(0)
  })

  it('closes with 4422 on a malformed frame and ignores what follows', async () => {
    const { socket, registry } = await fixture()
    await settle()
    socket.receive(Uint8Array.of(0x00, 0x09))
    socket.receive(STEP1_FROM_EMPTY)
    await settle()
    expect(socket.closes).toEqual([{ code: CloseCode.MalformedMessage, reason: 'malformed message: sync message type: unknown value 9 at byte 1' }])
    expect(socket.sentMessages.map((message) => message.type)).toEqual(['sync-step-1'])
    await registry.idle()
    expect(registry.roomCount).toBe(0)
  })

  it('closes a slow consumer with 4008 instead of buffering more', async () => {
    const { socket } = await fixture()
    await settle()
    socket.bufferedAmount = 1025
    socket.receive(STEP1_FROM_EMPTY)
    await settle()
    expect(socket.sentMessages.map((message) => message.type)).toEqual(['sync-step-1'])
    expect(socket.closes).toEqual([{ code: CloseCode.SlowConsumer, reason: 'slow consumer' }])
  })

  it('counts each unsent frame with its per-frame overhead: tiny frames close a reader that does not keep up', async () => {
    const { socket, connection } = await fixture()
    await settle()
    const greeting = socket.sent.length
    const unwritten: Array<() => void> = []
    socket.send = (frame: Uint8Array, callback?: (error?: Error) => void) => {
      socket.sent.push(frame)
      unwritten.push(() => callback?.())
    }
    // 4-byte frames: 8 payload bytes would never reach maxBufferedBytes (1024); 2 × (4 + 512) does.
    for (let i = 0; i < 3; i++) connection.send(new Uint8Array(4))
    expect(socket.sent).toHaveLength(greeting + 2)
    expect(connection.queuedBytes).toBe(2 * (4 + FRAME_OVERHEAD_BYTES))
    expect(socket.closes).toEqual([{ code: CloseCode.SlowConsumer, reason: 'slow consumer' }])
    unwritten.forEach((written) => written())
    expect(connection.queuedBytes).toBe(0)
  })

  it('closes with 1013 beyond the update rate limit: earlier updates applied, the overflowing one not', async () => {
    let now = 0
    let rateLimited = 0
    const { socket, store } = await fixture('doc', {
      rateLimit: { perSecond: 1, burst: 2 },
      clock: () => now,
      onRateLimited: () => (rateLimited += 1),
    })
    await settle()
    const edits = ['one', 'two', 'three'].map((text) => encodeMessage({ type: 'sync-update', update: clientEdit(text) }))
    socket.receive(edits[0])
    socket.receive(edits[1])
    await settle()
    expect(socket.closes).toEqual([])
    socket.receive(edits[2])
    now += 10_000
    socket.receive(STEP1_FROM_EMPTY)
    await settle()
    expect(socket.closes).toEqual([{ code: CloseCode.RateLimited, reason: 'rate limit exceeded' }])
    expect(rateLimited).toBe(1)
    const stored = docOf(...(await store.loadUpdates('doc')).map((row) => row.data))
    const notes = stored.getText('notes').toString()
    expect(notes).toHaveLength('one'.length + 'two'.length)
    expect(notes).not.toContain('three')
    expect(socket.sentMessages.map((message) => message.type)).toEqual(['sync-step-1'])
  })

  it('gives other messages a budget of their own', async () => {
    const { socket, store } = await fixture('doc', { rateLimit: { perSecond: 1, burst: 2 }, clock: () => 0 })
    await settle()
    socket.receive(STEP1_FROM_EMPTY)
    socket.receive(STEP1_FROM_EMPTY)
    socket.receive(encodeMessage({ type: 'sync-update', update: clientEdit('typed') }))
    await settle()
    expect(socket.closes).toEqual([])
    expect((await store.loadUpdates('doc')).length).toBe(2)
    socket.receive(encodeMessage({ type: 'query-awareness' }))
    await settle()
    expect(socket.closes).toEqual([{ code: CloseCode.RateLimited, reason: 'rate limit exceeded' }])
  })

  it('leaves its memory pools when the client closes first, so no pool keeps it (its socket, queues, room)', async () => {
    const [documentPool, serverPool] = [new QueuedMemoryPool(1024 * 1024), new QueuedMemoryPool(1024 * 1024)]
    const { socket, connection, closed } = await fixture('doc', { memoryPools: [documentPool, serverPool] })
    await settle()
    expect([documentPool.has(connection), serverPool.has(connection)]).toEqual([true, true])
    socket.peerClose(1001, 'going away')
    await settle()
    expect(closed).toEqual([connection])
    expect(socket.closes).toEqual([])
    expect([documentPool.has(connection), serverPool.has(connection)]).toEqual([false, false])
    expect([documentPool.bytes, serverPool.bytes]).toEqual([0, 0])
  })

  it('closes with 4401 "token expired" at the first ping after its token expired', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    let now = 1_000_000
    const { socket, closed } = await fixture('doc', { pingIntervalMs: 1000, expiresAt: now + 1500, wallClock: () => now })
    await settle()
    expect(socket.sentMessages.map((message) => message.type)).toEqual(['sync-step-1'])
    now += 1000
    vi.advanceTimersByTime(1000)
    expect(socket.closes).toEqual([])
    expect(socket.pings).toBe(1)
    socket.emit('pong')
    now += 1000
    vi.advanceTimersByTime(1000)
    expect(socket.closes).toEqual([{ code: CloseCode.Unauthorized, reason: 'token expired' }])
    expect(socket.pings).toBe(1)
    await settle()
    expect(closed.length).toBe(1)
  })

  it('closes at once with 4401 "token expired" when its token expired before it was connected, sending nothing', async () => {
    const { socket, closed } = await fixture('doc', { expiresAt: 5_000, wallClock: () => 5_000 })
    expect(socket.closes).toEqual([{ code: CloseCode.Unauthorized, reason: 'token expired' }])
    await settle()
    expect(socket.sent).toEqual([])
    expect(closed.length).toBe(1)
  })

  it('pings every interval and terminates a socket that did not answer', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { socket } = await fixture('doc', { pingIntervalMs: 1000 })
    vi.advanceTimersByTime(1000)
    expect(socket.pings).toBe(1)
    socket.emit('pong')
    vi.advanceTimersByTime(1000)
    expect(socket.pings).toBe(2)
    expect(socket.terminated).toBe(false)
    vi.advanceTimersByTime(1000)
    expect(socket.terminated).toBe(true)
  })
})
