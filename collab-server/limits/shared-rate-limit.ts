import { TokenBucket, type Clock } from './token-bucket'

/** The budget that several connections share (one remote address, one token). */
export interface SharedRateLimit {
  /** Document updates and other non-awareness messages per second, sustained, of all the connections together. */
  readonly perSecond: number
  /** Such messages they may send at once. */
  readonly burst: number
  /** Bytes per second of every frame, sustained, of all the connections together. */
  readonly bytesPerSecond: number
  /** Bytes they may send at once. */
  readonly bytesBurst: number
}

/** What one frame spends from a shared budget. */
export interface SharedSpend {
  /** 1 for a document update, SyncStep1 or query; 0 for awareness (cursors have their own per-connection budget). */
  readonly messages: number
  readonly bytes: number
}

/** Which part of a shared budget a member overdrew. */
export type SharedExhausted = 'messages' | 'bytes'

/** Use in the last second or so: decays by e each second, so it reads about as a rate. */
class RecentUse {
  private value = 0
  private at: number

  constructor(private readonly now: Clock) {
    this.at = now()
  }

  add(amount: number): number {
    const now = this.now()
    this.value = this.value * Math.exp(-Math.max(0, now - this.at) / 1000) + amount
    this.at = now
    return this.value
  }
}

interface MemberUse {
  readonly messages: RecentUse
  readonly bytes: RecentUse
}

/**
 * A budget shared by the connections of one key: a message bucket and a byte bucket. While they
 * hold tokens every frame passes. Once one is empty, a frame passes only if its sender used less
 * than an equal share of the sustained rate recently; the sender that used more is the one to
 * close, so one flooding connection never costs the quiet ones of the same address their socket.
 */
export class SharedBudget {
  private readonly messages: TokenBucket
  private readonly bytes: TokenBucket
  private readonly members = new Map<object, MemberUse>()

  constructor(
    private readonly limit: SharedRateLimit,
    private readonly now: Clock = () => performance.now(),
  ) {
    this.messages = new TokenBucket({ perSecond: limit.perSecond, burst: limit.burst, now })
    this.bytes = new TokenBucket({ perSecond: limit.bytesPerSecond, burst: limit.bytesBurst, now })
  }

  /** Connections counted in this budget. */
  get memberCount(): number {
    return this.members.size
  }

  /** True when no connection is a member and both buckets are full: forgetting it changes nothing. */
  get idle(): boolean {
    return this.members.size === 0 && this.messages.full && this.bytes.full
  }

  join(member: object): void {
    if (!this.members.has(member)) this.members.set(member, { messages: new RecentUse(this.now), bytes: new RecentUse(this.now) })
  }

  leave(member: object): void {
    this.members.delete(member)
  }

  /**
   * Spends a member's frame; returns what it overdrew when the budget is empty and the member used
   * more than its share (close it), else null (the frame passes). A non-member always passes.
   */
  spend(member: object, spend: SharedSpend): SharedExhausted | null {
    const use = this.members.get(member)
    if (!use) return null
    const share = 1 / this.members.size
    if (spend.messages > 0 && this.overdrawn(this.messages, use.messages, spend.messages, this.limit.perSecond * share)) return 'messages'
    if (this.overdrawn(this.bytes, use.bytes, spend.bytes, this.limit.bytesPerSecond * share)) return 'bytes'
    return null
  }

  private overdrawn(bucket: TokenBucket, use: RecentUse, amount: number, fairShare: number): boolean {
    const recent = use.add(amount)
    return !bucket.take(amount) && recent > fairShare
  }
}

/** How often {@link SharedBudgets} looks for budgets it can forget. */
const SWEEP_INTERVAL_MS = 10_000

/**
 * The shared budgets by key (`address:…`, `token:…`). A budget is created by the first connection
 * of its key and forgotten only once no connection holds it and it has refilled, so closing and
 * reopening connections does not reset it.
 */
export class SharedBudgets {
  private readonly budgets = new Map<string, SharedBudget>()
  private sweptAt: number

  constructor(
    private readonly limit: SharedRateLimit,
    private readonly now: Clock = () => performance.now(),
  ) {
    this.sweptAt = now()
  }

  /** Budgets currently kept (for tests and metrics). */
  get size(): number {
    return this.budgets.size
  }

  /**
   * The budget of `key`, created when there is none. Idle budgets are forgotten only here, so a
   * caller that joins the budget before calling again keeps it.
   */
  get(key: string): SharedBudget {
    this.sweep()
    let budget = this.budgets.get(key)
    if (!budget) {
      budget = new SharedBudget(this.limit, this.now)
      this.budgets.set(key, budget)
    }
    return budget
  }

  private sweep(): void {
    if (this.now() - this.sweptAt < SWEEP_INTERVAL_MS) return
    this.sweptAt = this.now()
    for (const [key, budget] of this.budgets) if (budget.idle) this.budgets.delete(key)
  }
}
