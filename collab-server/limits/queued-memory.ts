/**
 * Heap bytes one queued frame costs beyond its payload (ws's write request, frame header and
 * callback, plus the connection's own callback, rounded up; measured: see "Design measurements"
 * in docs/performance.md). Incoming messages waiting in a room are charged the same.
 */
export const FRAME_OVERHEAD_BYTES = 512

/** Why a holder of queued memory is made to let go of it. */
export type ShedReason = 'slow-consumer' | 'server-busy'

/** A connection as a holder of queued memory: what it holds, and how to make it let go. */
export interface QueueHolder {
  /** Bytes it holds queued (unsent frames and unsettled incoming messages, each with its overhead). */
  readonly queuedBytes: number
  /**
   * Since when (monotonic ms) its unsent frames have made no progress: the last time one was
   * written, or the queue started; `Infinity` when nothing waits to be sent.
   */
  readonly stalledSince: number
  /** Closes it (with the code and reason of `reason`) so its queues are freed; false when it was closing already. */
  shed(reason: ShedReason): boolean
}

/** Runs a callback later, after pending I/O callbacks (default `setImmediate`). */
export type Defer = (callback: () => void) => void

/**
 * The queued memory of a group of holders (one document's connections, or the whole server)
 * against a cap. Holders charge and discharge the pool as their queues grow and shrink. When the
 * total passes the cap, the pool sheds after pending I/O callbacks have run (so every peer that
 * reads has been credited with what it read meanwhile): the holder whose sending has been
 * stalled longest first (the reader that is not keeping up, not the room; a peer that reads
 * drains its queue all the time, however long it is), the one holding the most on a tie, until
 * the candidates left hold no more than the cap.
 */
export class QueuedMemoryPool {
  private total = 0
  private readonly holders = new Set<QueueHolder>()
  private shedScheduled = false

  constructor(
    readonly capBytes: number,
    private readonly defer: Defer = setImmediate,
  ) {}

  /** Bytes charged and not yet discharged. */
  get bytes(): number {
    return this.total
  }

  /** Makes `holder` a candidate for shedding. */
  add(holder: QueueHolder): void {
    this.holders.add(holder)
  }

  /** True while `holder` is a candidate for shedding. */
  has(holder: QueueHolder): boolean {
    return this.holders.has(holder)
  }

  /** No longer a candidate (closing, closed); its charges still count until it discharges them. Idempotent. */
  delete(holder: QueueHolder): void {
    this.holders.delete(holder)
  }

  /** Adds `bytes` (negative: frees them); past the cap, schedules shedding. */
  charge(bytes: number): void {
    this.total += bytes
    if (this.total <= this.capBytes || this.shedScheduled) return
    this.shedScheduled = true
    this.defer(() => {
      this.shedScheduled = false
      this.shedOverflow()
    })
  }

  /**
   * Sheds candidates, the most stalled first, until those left hold no more than the cap; returns
   * how many. Charges of holders already closing are not counted: they are about to be freed.
   */
  shedOverflow(): number {
    if (this.total <= this.capBytes) return 0
    const candidates = new Set(this.holders)
    let held = 0
    for (const holder of candidates) held += holder.queuedBytes
    let shed = 0
    while (held > this.capBytes) {
      const victim = mostStalledHolder(candidates)
      if (!victim) break
      candidates.delete(victim)
      held -= victim.queuedBytes
      if (victim.shed('slow-consumer')) shed += 1
    }
    return shed
  }
}

/** The holder stalled longest (holding the most on a tie); null when none holds anything. */
function mostStalledHolder(holders: Iterable<QueueHolder>): QueueHolder | null {
  let worst: QueueHolder | null = null
  for (const holder of holders) {
    if (holder.queuedBytes <= 0) continue
    const better = worst === null || holder.stalledSince < worst.stalledSince || (holder.stalledSince === worst.stalledSince && holder.queuedBytes > worst.queuedBytes)
    if (better) worst = holder
  }
  return worst
}
