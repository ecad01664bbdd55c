import { describe, expect, it } from 'vitest'
import { MemoryWatchdog, type HeapReading } from '../../../../collab-server/limits/memory-watchdog'
import type { QueueHolder, ShedReason } from '../../../../collab-server/limits/queued-memory'
import { silentLogger } from '../../../../collab-server/logger'

function holder(queuedBytes: number): QueueHolder & { shedAs: ShedReason[] } {
  const shedAs: ShedReason[] = []
  return {
    queuedBytes,
    stalledSince: 0,
    shedAs,
    shed: (reason) => {
      shedAs.push(reason)
      return shedAs.length === 1 // a second shed finds it closing already
    },
  }
}

describe('MemoryWatchdog', () => {
  function watchdog(heap: HeapReading, holders: QueueHolder[], onShed?: (count: number) => void) {
    return new MemoryWatchdog({ ratio: 0.75, intervalMs: 1000, holders: () => holders, logger: silentLogger, readHeap: () => heap, onShed })
  }

  it('does nothing while the heap is under the ratio', () => {
    const holders = [holder(500)]
    expect(watchdog({ used: 750, limit: 1000 }, holders).check()).toBe(0)
    expect(holders[0]!.shedAs).toEqual([])
  })

  it('closes the connections holding the most queued memory, largest first, until they cover the excess', () => {
    const holders = [holder(30), holder(80), holder(0), holder(50), holder(20)]
    const shedCounts: number[] = []
    const dog = watchdog({ used: 870, limit: 1000 }, holders, (count) => shedCounts.push(count)) // 120 over
    expect(dog.check()).toBe(2)
    expect(holders.map((h) => h.shedAs.length)).toEqual([0, 1, 0, 1, 0])
    expect(holders[1]!.shedAs).toEqual(['server-busy'])
    expect(shedCounts).toEqual([2])
    // Two checks are skipped so that the freed memory is collected before the heap is judged again;
    // then the two already closing are passed over and the next largest are closed.
    expect([dog.check(), dog.check(), dog.check()]).toEqual([0, 0, 2])
    expect(holders.map((h) => h.shedAs.length)).toEqual([1, 2, 0, 2, 1])
  })

  it('closes no one when no connection holds queued memory', () => {
    const holders = [holder(0)]
    expect(watchdog({ used: 990, limit: 1000 }, holders).check()).toBe(0)
    expect(holders[0]!.shedAs).toEqual([])
  })

  it('refuses a ratio outside (0, 1]', () => {
    expect(() => new MemoryWatchdog({ ratio: 0, intervalMs: 1, holders: () => [], logger: silentLogger })).toThrow('MemoryWatchdog: ratio must be in (0, 1] (got 0)')
  })
})
