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
 * beyond `burst`. Each {@link take} spends tokens (one, or a frame's bytes), or fails when too few are left. Pure apart
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

  /** Spends `amount` tokens (default 1); false (and nothing spent) when fewer are left. */
  take(amount = 1): boolean {
    this.refill()
    if (this.tokens < amount) return false
    this.tokens -= amount
    return true
  }

  /** True when the bucket holds `burst` tokens again: it is as if it had never been used. */
  get full(): boolean {
    return this.available >= this.options.burst
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
