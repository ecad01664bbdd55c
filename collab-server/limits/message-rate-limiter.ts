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
 * Awareness, auth and awareness-query frames and SyncStep1 spend the "other" budget; every other
 * frame (document updates, and anything that may decode as one) the update budget. Read from the
 * first two bytes, so a flood is limited before it is decoded: every known type is a one-byte
 * varUint, and a type written in more bytes than it needs (which the decoder accepts) counts as an
 * update, so it cannot draw on both budgets.
 */
export function budgetOf(frame: Uint8Array): MessageBudget {
  const type = frame[0]
  const isOther =
    type === MessageType.Awareness ||
    type === MessageType.Auth ||
    type === MessageType.QueryAwareness ||
    (type === MessageType.Sync && frame[1] === SyncMessageType.Step1)
  return isOther ? 'other' : 'updates'
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
