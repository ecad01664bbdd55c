import { MessageType, SyncMessageType } from '../protocol'
import { TokenBucket, type Clock } from './token-bucket'

/** The sustained rate and the burst of one connection's messages. */
export interface RateLimit {
  /** Messages per second a connection may send for as long as it likes. */
  readonly perSecond: number
  /** Messages it may send at once, on top of the sustained rate. */
  readonly burst: number
  /** Bytes per second, sustained, of every frame together; omitted: bytes are not limited. */
  readonly bytesPerSecond?: number
  /** Bytes it may send at once (at least the largest frame allowed); default `bytesPerSecond`. */
  readonly bytesBurst?: number
}

/** Which budget a frame is counted against. */
export type MessageBudget = 'updates' | 'awareness' | 'other'

/** A budget that ran out: one of the message budgets, or the byte budget every frame spends. */
export type ExhaustedBudget = MessageBudget | 'bytes'

/**
 * How many times larger the awareness budget is than the others. y-websocket clients send every
 * awareness change they receive back to the server (their provider broadcasts each awareness
 * `update` event, remote ones included), so in a busy room every client sends about as many
 * awareness messages as all the others' cursors move; the server applies those echoes as no-ops.
 */
export const AWARENESS_BUDGET_FACTOR = 10

/**
 * Awareness frames spend the awareness budget; auth and awareness-query frames and SyncStep1 the
 * "other" budget; every other frame (document updates, and anything that may decode as one) the
 * update budget. Read from the
 * first two bytes, so a flood is limited before it is decoded: every known type is a one-byte
 * varUint, and a type written in more bytes than it needs (which the decoder accepts) counts as an
 * update, so it cannot draw on both budgets.
 */
export function budgetOf(frame: Uint8Array): MessageBudget {
  const type = frame[0]
  if (type === MessageType.Awareness) return 'awareness'
  const isOther = type === MessageType.Auth || type === MessageType.QueryAwareness || (type === MessageType.Sync && frame[1] === SyncMessageType.Step1)
  return isOther ? 'other' : 'updates'
}

/**
 * One connection's rate limit: a token bucket for document updates, one for awareness
 * ({@link AWARENESS_BUDGET_FACTOR} times larger) and one of the updates' size for every other
 * frame (SyncStep1, awareness queries, auth), so cursor traffic never eats into the edits' budget
 * and a flood of SyncStep1s (each answered with the whole document) is bounded too. With
 * `bytesPerSecond`, every frame also spends its length from a byte bucket, so a few huge frames
 * are limited as well as many small ones.
 */
export class MessageRateLimiter {
  private readonly buckets: Record<MessageBudget, TokenBucket>
  private readonly bytes: TokenBucket | null

  constructor(limit: RateLimit, now?: Clock) {
    const options = { perSecond: limit.perSecond, burst: limit.burst, now }
    const awareness = { ...options, perSecond: limit.perSecond * AWARENESS_BUDGET_FACTOR, burst: limit.burst * AWARENESS_BUDGET_FACTOR }
    this.buckets = { updates: new TokenBucket(options), awareness: new TokenBucket(awareness), other: new TokenBucket(options) }
    const { bytesPerSecond, bytesBurst } = limit
    this.bytes = bytesPerSecond === undefined ? null : new TokenBucket({ perSecond: bytesPerSecond, burst: bytesBurst ?? bytesPerSecond, now })
  }

  /**
   * Spends a token for `frame` and, with a byte budget, its length; returns the exhausted budget
   * (nothing spent), or null when the frame may pass.
   */
  admit(frame: Uint8Array): ExhaustedBudget | null {
    const budget = budgetOf(frame)
    const bucket = this.buckets[budget]
    if (bucket.available < 1) return budget
    if (this.bytes && !this.bytes.take(frame.byteLength)) return 'bytes'
    bucket.take()
    return null
  }
}
