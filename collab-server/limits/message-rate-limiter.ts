import { MessageType, SyncMessageType } from '../protocol'
import { TokenBucket, type Clock } from './token-bucket'

/** The sustained rate and the burst of one connection's messages. */
export interface RateLimit {
  /** Messages per second a connection may send for as long as it likes. */
  readonly perSecond: number
  /** Messages it may send at once, on top of the sustained rate. */
  readonly burst: number
}

/** Which budget a frame is counted against. */
export type MessageBudget = 'updates' | 'other'

/**
 * Document updates (a sync message of type SyncStep2 or Update) spend the update budget; every
 * other frame, including one that will turn out malformed, the other. Read from the first two
 * bytes, so a flood is limited before it is decoded (every type is a one-byte varUint).
 */
export function budgetOf(frame: Uint8Array): MessageBudget {
  const isUpdate =
    frame[0] === MessageType.Sync && (frame[1] === SyncMessageType.Step2 || frame[1] === SyncMessageType.Update)
  return isUpdate ? 'updates' : 'other'
}

/**
 * One connection's rate limit: two token buckets of the same size, one for document updates and
 * one for every other frame (awareness, SyncStep1, awareness queries), so cursor traffic never
 * eats into the edits' budget and a flood of SyncStep1s (each answered with the whole document) is
 * bounded too.
 */
export class MessageRateLimiter {
  private readonly buckets: Record<MessageBudget, TokenBucket>

  constructor(limit: RateLimit, now?: Clock) {
    const options = { perSecond: limit.perSecond, burst: limit.burst, now }
    this.buckets = { updates: new TokenBucket(options), other: new TokenBucket(options) }
  }

  /** Spends a token for `frame`; returns the exhausted budget, or null when the frame may pass. */
  admit(frame: Uint8Array): MessageBudget | null {
    const budget = budgetOf(frame)
    return this.buckets[budget].take() ? null : budget
  }
}
