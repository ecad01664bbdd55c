import { describe, expect, it } from 'vitest'
import { MemoryWatchdog, MIN_SHED_BYTES, type HeapReading } from '../../../../collab-server/limits/memory-watchdog'
import type { QueueHolder, ShedReason } from '../../../../collab-server/limits/queued-memory'
import { silentLogger, type LogFields, type Logger } from '../../../../collab-server/logger'

const MiB = 1024 * 1024

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

/** A logger that keeps its warnings. */
function warningsLogger(): Logger & { warnings: Array<{ event: string; fields?: LogFields }> } {
  const warnings: Array<{ event: string; fields?: LogFields }> = []
  return { ...silentLogger, warnings, warn: (event, fields) => warnings.push({ event, fields }) }
}

describe('MemoryWatchdog', () => {
  function watchdog(heap: HeapReading, holders: QueueHolder[], onShed?: (count: number) => void, logger: Logger = silentLogger) {
    return new MemoryWatchdog({ ratio: 0.75, intervalMs: 1000, holders: () => holders, logger, readHeap: () => heap, onShed })
  }

  it('does nothing while the heap is under the ratio', () => {
    const holders = [holder(500 * MiB)]
    expect(watchdog({ used: 750 * MiB, limit: 1000 * MiB }, holders).check()).toBe(0)
    expect(holders[0].shedAs).toEqual([])
  })

  it('closes the connections holding the most queued memory, largest first, until they cover the excess', () => {
    const holders = [holder(30 * MiB), holder(80 * MiB), holder(0), holder(50 * MiB), holder(20 * MiB)]
    const shedCounts: number[] = []
    const dog = watchdog({ used: 870 * MiB, limit: 1000 * MiB }, holders, (count) => shedCounts.push(count)) // 120 MiB over
    expect(dog.check()).toBe(2)
    expect(holders.map((h) => h.shedAs.length)).toEqual([0, 1, 0, 1, 0])
    expect(holders[1].shedAs).toEqual(['server-busy'])
    expect(shedCounts).toEqual([2])
    // Two checks are skipped so that the freed memory is collected before the heap is judged again;
    // then the two already closing are passed over and the next largest are closed.
    expect([dog.check(), dog.check(), dog.check()]).toEqual([0, 0, 2])
    expect(holders.map((h) => h.shedAs.length)).toEqual([1, 2, 0, 2, 1])
  })

  it('closes no one when no connection holds queued memory', () => {
    const holders = [holder(0)]
    expect(watchdog({ used: 990, limit: 1000 }, holders).check()).toBe(0)
    expect(holders[0].shedAs).toEqual([])
  })

  it('only logs when the heap is full of something other than queues: ordinary clients holding a few frames stay', () => {
    // A heap full of big rooms; every client has a frame or two in flight, as they almost always do.
    const holders = [holder(600), holder(4 * 1024), holder(MIN_SHED_BYTES - 1)]
    const logger = warningsLogger()
    const dog = watchdog({ used: 990 * MiB, limit: 1000 * MiB }, holders, undefined, logger)
    expect([dog.check(), dog.check()]).toEqual([0, 0])
    expect(holders.map((h) => h.shedAs)).toEqual([[], [], []])
    expect(logger.warnings.map(({ event, fields }) => [event, fields?.shed])).toEqual([
      ['memory-high', 0],
      ['memory-high', 0],
    ])
  })

  it('closes only connections holding at least 1 MiB, even when the small ones are many', () => {
    const small = Array.from({ length: 50 }, () => holder(512 * 1024))
    const big = holder(MIN_SHED_BYTES)
    expect(watchdog({ used: 990 * MiB, limit: 1000 * MiB }, [...small, big]).check()).toBe(1)
    expect(big.shedAs).toEqual(['server-busy'])
    expect(small.filter((h) => h.shedAs.length > 0)).toEqual([])
  })

  it('refuses a ratio outside (0, 1]', () => {
    expect(() => new MemoryWatchdog({ ratio: 0, intervalMs: 1, holders: () => [], logger: silentLogger })).toThrow('MemoryWatchdog: ratio must be in (0, 1] (got 0)')
  })
})
