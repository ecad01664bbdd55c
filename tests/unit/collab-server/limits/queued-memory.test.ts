import { describe, expect, it } from 'vitest'
import { ConnectionQueues } from '../../../../collab-server/limits/connection-queues'
import { FRAME_OVERHEAD_BYTES, QueuedMemoryPool, type QueueHolder, type ShedReason } from '../../../../collab-server/limits/queued-memory'

/** A holder whose numbers the test sets; records how it was shed. */
function holder(queuedBytes: number, stalledSince: number, pool?: QueuedMemoryPool): QueueHolder & { shedAs: ShedReason[] } {
  const shedAs: ShedReason[] = []
  const self = {
    queuedBytes,
    stalledSince,
    shedAs,
    shed(reason: ShedReason) {
      shedAs.push(reason)
      pool?.delete(self)
      return true
    },
  }
  pool?.add(self)
  return self
}

/** A pool whose deferred shedding runs when the test says. */
function manualPool(cap: number) {
  const deferred: Array<() => void> = []
  const pool = new QueuedMemoryPool(cap, (callback) => deferred.push(callback))
  return { pool, runDeferred: () => deferred.splice(0).forEach((callback) => callback()) }
}

describe('QueuedMemoryPool', () => {
  it('sheds, after pending I/O, the holder stalled longest — not the one holding most — until the rest fit', () => {
    const { pool, runDeferred } = manualPool(1000)
    const reader = holder(700, 90, pool) // large queue, but written to a moment ago
    const stalled = holder(400, 10, pool)
    const quiet = holder(0, Number.POSITIVE_INFINITY, pool)
    pool.charge(1100)
    expect(stalled.shedAs).toEqual([]) // decided later, once write callbacks have run
    runDeferred()
    expect([reader.shedAs, stalled.shedAs, quiet.shedAs]).toEqual([[], ['slow-consumer'], []])
  })

  it('does not shed for memory that closing holders still hold', () => {
    const { pool, runDeferred } = manualPool(1000)
    const open = holder(600, 10, pool)
    const closing = holder(900, 5) // not a candidate: already closing
    pool.charge(open.queuedBytes + closing.queuedBytes)
    runDeferred()
    expect(open.shedAs).toEqual([])
    expect(pool.shedOverflow()).toBe(0)
  })

  it('sheds the largest of equally stalled holders, and several when one is not enough', () => {
    const { pool } = manualPool(1000)
    const small = holder(300, 10, pool)
    const large = holder(800, 10, pool)
    const older = holder(200, 5, pool)
    pool.charge(1300)
    expect(pool.shedOverflow()).toBe(2)
    expect([older.shedAs, large.shedAs, small.shedAs]).toEqual([['slow-consumer'], ['slow-consumer'], []])
  })
})

describe('ConnectionQueues', () => {
  const limits = { maxOutgoingBytes: 10 * FRAME_OVERHEAD_BYTES, maxIncomingMessages: 3, maxIncomingBytes: 100_000 }

  it('counts every unsent frame with its overhead, in its pools too, until written', () => {
    const pool = new QueuedMemoryPool(Number.MAX_SAFE_INTEGER)
    const queues = new ConnectionQueues(limits, [pool])
    const written = Array.from({ length: 9 }, () => queues.sending(10))
    expect(queues.bytes).toBe(9 * (10 + FRAME_OVERHEAD_BYTES))
    expect(pool.bytes).toBe(queues.bytes)
    expect(queues.outgoingFull()).toBe(false)
    queues.sending(10)
    expect(queues.outgoingFull()).toBe(true) // 100 payload bytes: over only because of the overhead
    written.forEach((done) => {
      done()
      done() // once only
    })
    expect(queues.bytes).toBe(10 + FRAME_OVERHEAD_BYTES)
    expect(queues.outgoingFull(20 * FRAME_OVERHEAD_BYTES)).toBe(true) // ws's own count, when larger
  })

  it('reports how long its unsent frames have waited without progress', () => {
    let now = 100
    const queues = new ConnectionQueues(limits, [], () => now)
    expect(queues.stalledSince).toBe(Number.POSITIVE_INFINITY)
    const first = queues.sending(1)
    now = 200
    queues.sending(1)
    expect(queues.stalledSince).toBe(100)
    now = 300
    first()
    expect(queues.stalledSince).toBe(300)
  })

  it('refuses incoming messages beyond its caps and discharges them once the room is idle', async () => {
    const pool = new QueuedMemoryPool(Number.MAX_SAFE_INTEGER)
    const queues = new ConnectionQueues(limits, [pool])
    let settle: () => void = () => {}
    const room = { idle: () => new Promise<void>((resolve) => (settle = resolve)) }
    expect([queues.receiving(5), queues.receiving(5), queues.receiving(5), queues.receiving(5)]).toEqual([true, true, true, false])
    queues.settleWith(room)
    expect(queues.bytes).toBe(3 * (5 + FRAME_OVERHEAD_BYTES))
    settle()
    await new Promise((resolve) => setImmediate(resolve))
    expect([queues.bytes, pool.bytes]).toEqual([0, 0])
    expect(queues.receiving(70_000)).toBe(true)
    expect(queues.receiving(40_000)).toBe(false) // over maxIncomingBytes
  })
})
