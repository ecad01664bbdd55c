/** A monotonic clock in milliseconds (default `performance.now`); injectable for tests. */
export type Clock = () => number

/** Rate and burst of a {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second, up to `burst`: the sustained rate. Positive. */
  readonly perSecond: number
  /** Tokens the bucket holds at most, and starts with: how many takes may come at once. Positive. */
  readonly burst: number
  readonly now?: Clock
}

/**
 * A token bucket: starts full with `burst` tokens and refills continuously at `perSecond`, never
 * beyond `burst`. Each {@link take} spends one token, or fails when none is left. Pure apart
 * from the clock.
 */
export class TokenBucket {
  private tokens: number
  private refilledAt: number
  private readonly now: Clock

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.perSecond > 0) || !(options.burst > 0)) {
      throw new RangeError(`TokenBucket: perSecond and burst must be positive (got ${options.perSecond}, ${options.burst})`)
    }
    this.now = options.now ?? (() => performance.now())
    this.tokens = options.burst
    this.refilledAt = this.now()
  }

  /** Spends one token; false (and nothing spent) when the bucket is empty. */
  take(): boolean {
    this.refill()
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  /** Tokens available right now (fractional while refilling). */
  get available(): number {
    this.refill()
    return this.tokens
  }

  private refill(): void {
    const now = this.now()
    const elapsedMs = Math.max(0, now - this.refilledAt)
    this.refilledAt = now
    this.tokens = Math.min(this.options.burst, this.tokens + (elapsedMs / 1000) * this.options.perSecond)
  }
}
