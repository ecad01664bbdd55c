import { getHeapStatistics } from 'node:v8'
import type { Logger } from '../logger'
import type { QueueHolder } from './queued-memory'

/** The V8 heap now: bytes in use and the most it may grow to. */
export interface HeapReading {
  readonly used: number
  readonly limit: number
}

/** Options of a {@link MemoryWatchdog}. */
export interface MemoryWatchdogOptions {
  /** Shed load when the heap in use passes this fraction of its limit (0–1). */
  readonly ratio: number
  /** How often the heap is read. */
  readonly intervalMs: number
  /** The connections that may be shed. */
  readonly holders: () => Iterable<QueueHolder>
  /** Only a connection holding at least this many queued bytes is shed; default {@link MIN_SHED_BYTES}. */
  readonly minShedBytes?: number
  readonly logger: Logger
  /** Called with the number of connections shed, each time some are. */
  readonly onShed?: (count: number) => void
  /** Reads the heap; default `v8.getHeapStatistics()`. */
  readonly readHeap?: () => HeapReading
}

function v8Heap(): HeapReading {
  const stats = getHeapStatistics()
  return { used: stats.used_heap_size, limit: stats.heap_size_limit }
}

/** Checks skipped after a shed, so the freed memory is collected before the heap is judged again. */
const COOLDOWN_CHECKS = 2

/**
 * Queued bytes below which closing a connection frees too little to matter: an ordinary client
 * holds a few frames at most, and closing it would only cost it its socket.
 */
export const MIN_SHED_BYTES = 1024 * 1024

/**
 * Sheds load before the heap runs out: when the heap in use passes `ratio` of its limit, closes
 * the connections holding at least `minShedBytes` of queued memory (`server-busy`: 1013, the
 * client retries), the largest first, until they hold at least the excess — at least one. Rooms
 * stay; when no connection holds that much (a heap full of something other than queues, such as
 * big rooms), the heap is logged and nobody is closed.
 */
export class MemoryWatchdog {
  private timer: NodeJS.Timeout | null = null
  private cooldown = 0
  private readonly readHeap: () => HeapReading

  constructor(private readonly options: MemoryWatchdogOptions) {
    if (!(options.ratio > 0 && options.ratio <= 1)) throw new RangeError(`MemoryWatchdog: ratio must be in (0, 1] (got ${options.ratio})`)
    this.readHeap = options.readHeap ?? v8Heap
  }

  /** Starts checking every `intervalMs` (the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => this.check(), this.options.intervalMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** Reads the heap once and sheds if needed; returns how many connections were shed. */
  check(): number {
    if (this.cooldown > 0) {
      this.cooldown -= 1
      return 0
    }
    const { used, limit } = this.readHeap()
    const threshold = limit * this.options.ratio
    if (used <= threshold) return 0
    const minShedBytes = this.options.minShedBytes ?? MIN_SHED_BYTES
    const holders = [...this.options.holders()].filter((holder) => holder.queuedBytes >= minShedBytes)
    holders.sort((a, b) => b.queuedBytes - a.queuedBytes)
    const excess = used - threshold
    let freed = 0
    let shed = 0
    for (const holder of holders) {
      if (shed > 0 && freed >= excess) break
      if (!holder.shed('server-busy')) continue // closing already: its memory is on its way out
      freed += holder.queuedBytes
      shed += 1
    }
    this.options.logger.warn('memory-high', { heapUsed: used, heapLimit: limit, ratio: this.options.ratio, shed, queuedBytesFreed: freed })
    if (shed === 0) return 0
    this.cooldown = COOLDOWN_CHECKS
    this.options.onShed?.(shed)
    return shed
  }
}
