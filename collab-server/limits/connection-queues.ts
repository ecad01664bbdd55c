import { FRAME_OVERHEAD_BYTES, type QueuedMemoryPool } from './queued-memory'
import type { Clock } from './token-bucket'

/** How much one connection may hold queued. */
export interface QueueLimits {
  /** Unsent frames to the peer, in bytes with {@link FRAME_OVERHEAD_BYTES} per frame. */
  readonly maxOutgoingBytes: number
  /** Messages from the peer handed to its room and not yet applied and stored. */
  readonly maxIncomingMessages: number
  /** Their bytes, with {@link FRAME_OVERHEAD_BYTES} per message. */
  readonly maxIncomingBytes: number
}

/** What a connection's incoming messages wait for: everything handed to the room so far to be applied and stored. */
export interface Settling {
  idle(): Promise<void>
}

/**
 * The queued memory of one connection: frames handed to `ws` and not yet written to the socket,
 * and messages handed to its room and not yet settled (applied and stored). Each is charged with
 * a per-frame overhead, since a flood of tiny frames costs the heap far more than its payload, and
 * charged to the pools the connection belongs to (its document's, the server's) as well.
 */
export class ConnectionQueues {
  private outgoingFrames = 0
  private outgoingPayload = 0
  private incomingMessages = 0
  private incomingCost = 0
  private checkpoint = false
  private progressAt = 0
  private incomingReserved = 0
  /** Called with the reservations of incoming messages that have settled (see {@link receiving}). */
  onSettled: (reserved: number) => void = () => {}

  constructor(
    private readonly limits: QueueLimits,
    private readonly pools: readonly QueuedMemoryPool[] = [],
    private readonly now: Clock = () => performance.now(),
  ) {}

  /** Since when the unsent frames have made no progress (see `QueueHolder.stalledSince`). */
  get stalledSince(): number {
    return this.outgoingFrames > 0 ? this.progressAt : Number.POSITIVE_INFINITY
  }

  /** Bytes held queued, both ways, overhead included. */
  get bytes(): number {
    return this.outgoingBytes() + this.incomingCost
  }

  /** Unsent bytes to the peer with their overhead; `socketBuffered` (ws's `bufferedAmount`) counts when it is larger than the payload tracked. */
  outgoingBytes(socketBuffered = 0): number {
    return this.outgoingFrames * FRAME_OVERHEAD_BYTES + Math.max(this.outgoingPayload, socketBuffered)
  }

  /** True when the unsent frames already pass the connection's cap (the peer does not keep up). */
  outgoingFull(socketBuffered = 0): boolean {
    return this.outgoingBytes(socketBuffered) > this.limits.maxOutgoingBytes
  }

  /** Charges one frame of `bytes` about to be sent; returns the call that discharges it once written (once). */
  sending(bytes: number): () => void {
    if (this.outgoingFrames === 0) this.progressAt = this.now()
    this.outgoingFrames += 1
    this.outgoingPayload += bytes
    this.charge(bytes + FRAME_OVERHEAD_BYTES)
    let done = false
    return () => {
      if (done) return
      done = true
      this.progressAt = this.now()
      this.outgoingFrames -= 1
      this.outgoingPayload -= bytes
      this.charge(-(bytes + FRAME_OVERHEAD_BYTES))
    }
  }

  /**
   * Charges one incoming message of `bytes`; false (nothing charged) when it would pass the incoming
   * caps. `reserved` (e.g. document quota taken by it) is handed back to {@link onSettled} once it settles.
   */
  receiving(bytes: number, reserved = 0): boolean {
    const cost = bytes + FRAME_OVERHEAD_BYTES
    if (this.incomingMessages + 1 > this.limits.maxIncomingMessages) return false
    if (this.incomingCost + cost > this.limits.maxIncomingBytes) return false
    this.incomingMessages += 1
    this.incomingCost += cost
    this.incomingReserved += reserved
    this.charge(cost)
    return true
  }

  /**
   * Discharges the incoming messages once `room` has settled everything handed to it so far
   * (`idle()`), again and again while more arrive; one wait at a time. Counts are an upper bound:
   * a busy room settles a quiet peer's message only with everyone's before it.
   */
  settleWith(room: Settling): void {
    if (this.checkpoint || this.incomingMessages === 0) return
    this.checkpoint = true
    const [messages, cost, reserved] = [this.incomingMessages, this.incomingCost, this.incomingReserved]
    void room.idle().finally(() => {
      this.checkpoint = false
      this.incomingMessages -= messages
      this.incomingCost -= cost
      this.incomingReserved -= reserved
      this.charge(-cost)
      this.onSettled(reserved)
      this.settleWith(room)
    })
  }

  /** Discharges every incoming message at once: they never reached a room (nor reserved anything there). */
  dropIncoming(): void {
    this.charge(-this.incomingCost)
    this.incomingReserved = 0
    this.incomingMessages = 0
    this.incomingCost = 0
  }

  private charge(bytes: number): void {
    for (const pool of this.pools) pool.charge(bytes)
  }
}
