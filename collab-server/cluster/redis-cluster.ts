import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Logger } from '../logger'
import type { ClusterMetrics } from '../metrics'
import {
  clusterKeysFor,
  compareStreamIds,
  decodeAwarenessMessage,
  encodeAwarenessMessage,
  parseRevocation,
  parseStreamFields,
  streamFields,
  type AwarenessMessage,
  type ClusterKeys,
} from './cluster-messages'
import type { ChannelHandlers, ClusterLink, DocumentFollower, RemoteUpdate } from './document-channel'
import { DEFAULT_KEY_PREFIX } from '../redis-key-prefix'

/** How often an instance renews its liveness, records its read positions and trims streams. */
const TICK_MS = 2_000
/** An instance whose liveness key is older than this is presumed gone: streams are trimmed past it. */
const INSTANCE_TTL_SECONDS = 20
/** Longest wait of one blocking stream read; a new document interrupts it at once. */
const BLOCK_MS = 10_000
/** Entries read at once per stream. */
const READ_COUNT = 500
const STREAM_ID = /^\d+-\d+$/
/** Longest wait for the cluster's answer to a claim of client ids (a peer's message waits for it). */
const CLAIM_TIMEOUT_MS = 250
/** After a lookup went unanswered, documents decide client ids alone this long (a hung Redis must not stall every room). */
const CLAIM_BREAKER_MS = 5_000
/** Client ids looked up at most per message (more than a principal may start anyway). */
const MAX_LOOKUP_CLIENTS = 1_000
/** Removes an instance's read position; deletes the stream and the owners hash when no reader is left. */
const DROP_READER_SCRIPT = `
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[2], KEYS[3]) end
return 1`
/** Longest wait for Redis while unloading a document or stopping: a Redis that is down never holds them up. */
const CLEANUP_TIMEOUT_MS = 1_000

/** Longest wait for Redis while loading a document: a Redis that is down or hung fails the load (the client tries again) instead of holding it. */
const LOAD_TIMEOUT_MS = 3_000
/** Every this many maintenance ticks (~10 s), the open share-link sockets are checked against the store's revocations. */
const REVOCATION_CHECK_TICKS = 5

/** `work`, rejected when it does not settle within `ms` (Redis is hung, or ioredis holds the command in its offline queue). */
async function withTimeout<T>(work: Promise<T>, what: string, ms = LOAD_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer ${what} within ${ms} ms`)), ms)))
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/** Waits for `work` at most `ms`; its failure or lateness is ignored (best-effort cleanup). */
async function boundedCleanup(work: Promise<unknown>, ms = CLEANUP_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))])
  clearTimeout(timer)
}

/** What {@link RedisCluster.connect} needs. */
export interface RedisClusterOptions {
  readonly url: string
  readonly logger: Logger
  /**
   * Called when another instance revoked a document's share links: the generation to close below
   * is read from the store, never taken from the message (anyone who can write to Redis could forge it).
   */
  readonly onRevocation: (docId: string) => void
  /** Called when revocations may have been missed (the subscriber reconnected) and every ~10 s: check the open share-link sockets against the store. */
  readonly onRevocationCheck?: () => void
  /** Prefix of every key and channel (`REDIS_KEY_PREFIX`); default `spanwise`. */
  readonly keyPrefix?: string
  /** Counts published and received updates, fan-out delay and resyncs; omitted: nothing is measured. */
  readonly metrics?: ClusterMetrics
}

/**
 * The cluster over Redis (issue 15). Each document is a Redis stream of the updates the instances
 * accepted and stored (the store is written first, so every entry is durable before anyone reads
 * it); every instance holding the document reads the stream from its last position and applies
 * what it did not publish. Awareness goes over pub/sub (it is ephemeral). Each instance records
 * its read position per document and renews a liveness key; streams are trimmed below the lowest
 * position of the live readers, and deleted when no instance holds the document. Whenever entries
 * may have been missed — the reader's connection was lost (Redis restarted, or the network), or
 * this instance was presumed gone — every followed document is read again from the store.
 *
 * Three connections: commands, one blocking reader for all streams, one subscriber.
 */
export class RedisCluster implements ClusterLink {
  readonly instanceId = randomBytes(8).toString('hex')
  private readonly commands: Redis
  private readonly reader: Redis
  private readonly subscriber: Redis
  private readonly followers = new Map<string, RedisFollower>()
  /** @internal Until when client-id lookups are skipped (one went unanswered: Redis hangs). */
  claimsSuspendedUntil = 0
  /** The other instances known to hold a followed document (readers at follow, writers of entries read), and which. */
  private readonly peers = new Map<string, Set<string>>()
  private readerId: number | null = null
  private reading = false
  private wake: (() => void) | null = null
  private closed = false
  private tick: NodeJS.Timeout | null = null
  private loop: Promise<void> = Promise.resolve()
  private beatenOnce = false
  /** Key and channel names under this deployment's prefix. */
  readonly keys: ClusterKeys
  /** Documents unloaded while Redis did not take commands: their read position is removed once it does (see {@link maintain}). */
  private readonly unforgotten = new Set<string>()
  /** Documents whose channel the subscriber joined (ioredis joins them again when it reconnects). */
  private readonly subscribed = new Set<string>()
  private ticks = 0

  private constructor(private readonly options: RedisClusterOptions) {
    this.keys = clusterKeysFor(options.keyPrefix ?? DEFAULT_KEY_PREFIX)
    const connection = { maxRetriesPerRequest: null, enableAutoPipelining: false, lazyConnect: true, retryStrategy: (attempt: number) => Math.min(100 * attempt, 2_000) }
    this.commands = new Redis(options.url, { ...connection, connectionName: `spanwise-${this.instanceId}-commands` })
    this.reader = new Redis(options.url, { ...connection, connectionName: `spanwise-${this.instanceId}-reader` })
    this.subscriber = new Redis(options.url, { ...connection, connectionName: `spanwise-${this.instanceId}-subscriber` })
    for (const [name, client] of [
      ['commands', this.commands],
      ['reader', this.reader],
      ['subscriber', this.subscriber],
    ] as const) {
      client.on('error', (error: unknown) => options.logger.warn('redis-error', { connection: name, error: String(error) }))
    }
  }

  /** Connects to Redis (rejects when it cannot be reached at start), then starts reading. */
  static async connect(options: RedisClusterOptions): Promise<RedisCluster> {
    const cluster = new RedisCluster(options)
    try {
      await Promise.all([cluster.commands.connect(), cluster.reader.connect(), cluster.subscriber.connect()])
      await cluster.subscriber.subscribe(cluster.keys.revocations)
    } catch (error) {
      cluster.disconnect()
      throw new Error(`REDIS_URL: cannot reach Redis (${error instanceof Error ? error.message : String(error)})`)
    }
    cluster.wireEvents()
    await cluster.heartbeat()
    cluster.tick = setInterval(() => void cluster.maintain(), TICK_MS)
    cluster.tick.unref()
    cluster.loop = cluster.readLoop()
    options.logger.info('cluster-joined', { instance: cluster.instanceId })
    return cluster
  }

  async follow(docId: string): Promise<DocumentFollower> {
    if (this.followers.has(docId)) throw new Error(`RedisCluster: document "${docId}" is followed already`)
    // Without Redis a document cannot be followed: the load fails at once (the client is closed with
    // 1011 and tries again, maybe on another instance) rather than waiting in ioredis's offline queue.
    if (!this.writable || this.subscriber.status !== 'ready') throw new Error('RedisCluster: Redis is out of reach')
    this.unforgotten.delete(docId)
    const follower = new RedisFollower(this, docId)
    // Registered at once: a resync request on the document's channel is remembered until start().
    this.followers.set(docId, follower)
    try {
      // Joined before the room reads the store, so no resync request made after that read is missed.
      await withTimeout(this.subscribeChannel(docId), 'SUBSCRIBE')
      follower.position = (await withTimeout(this.commands.xrevrange(this.keys.updates(docId), '+', '-', 'COUNT', 1), 'XREVRANGE'))[0]?.[0] ?? '0-0'
      // Recorded before the room reads the store, so no entry past the position is trimmed before it is read.
      await withTimeout(this.commands.hset(this.keys.readers(docId), this.instanceId, follower.position), 'HSET')
      for (const instance of await withTimeout(this.commands.hkeys(this.keys.readers(docId)), 'HKEYS')) this.notePeer(instance, docId)
      return follower
    } catch (error) {
      // Not followed: the next load of the document tries again.
      await this.forget(follower)
      throw error
    }
  }

  publishRevocation(docId: string, generation: number): void {
    const message = JSON.stringify({ docId, generation, origin: this.instanceId })
    this.commands.publish(this.keys.revocations, message).catch((error: unknown) => this.options.logger.warn('cluster-publish-failed', { docId, error: String(error) }))
  }

  /** Stops reading and disconnects; the followers must be closed first (their rooms unloaded). */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.tick) clearInterval(this.tick)
    this.interruptRead()
    if (this.connected) await boundedCleanup(this.commands.del(this.keys.instance(this.instanceId)))
    this.disconnect()
    // A blocking read stays pending while Redis is out of reach; the loop ends when it settles.
    await boundedCleanup(this.loop)
  }

  /** @internal The followers' access to Redis. */
  get redis(): Redis {
    return this.commands
  }

  /** @internal */
  get logger(): Logger {
    return this.options.logger
  }

  /** @internal */
  get metrics(): ClusterMetrics | undefined {
    return this.options.metrics
  }

  /** Whether all three connections to Redis are up. */
  get connected(): boolean {
    return [this.commands, this.reader, this.subscriber].every((client) => client.status === 'ready')
  }

  /**
   * @internal Whether commands can be sent now. While not, nothing is queued (ioredis's offline
   * queue would grow without bound during a long outage): publications are dropped — the stored
   * updates reach the others through the resync requested on reconnection — and maintenance waits.
   */
  get writable(): boolean {
    return this.commands.status === 'ready'
  }

  /** @internal A follower's first entries were read: include its stream in the blocking read. */
  startReading(follower: RedisFollower): void {
    if (this.followers.get(follower.docId) !== follower) return
    this.interruptRead()
  }

  /** @internal */
  async forget(follower: RedisFollower): Promise<void> {
    if (this.followers.get(follower.docId) !== follower) return
    this.followers.delete(follower.docId)
    for (const [instance, documents] of this.peers) if (documents.delete(follower.docId) && documents.size === 0) this.peers.delete(instance)
    this.interruptRead()
    if (this.closed) return
    const { docId } = follower
    // What Redis does not take now is done later: by maintain() (the read position) and when the
    // subscriber is ready again (the channel), so no stale reader holds the stream untrimmed.
    this.unforgotten.add(docId)
    if (this.writable) await boundedCleanup(this.dropReader(docId))
    if (this.subscriber.status === 'ready') await boundedCleanup(this.unsubscribeChannel(docId))
  }

  /** Removes this instance's read position of a document it no longer follows. */
  private async dropReader(docId: string): Promise<void> {
    // When no instance holds the document any more, every entry is in the store: the stream can go,
    // and client ids are claimed afresh (as a single server does when it loads the document again).
    // One script, so another instance's follow() cannot land between the check and the deletion.
    await this.commands.eval(DROP_READER_SCRIPT, 3, this.keys.readers(docId), this.keys.updates(docId), this.keys.owners(docId), this.instanceId)
    if (!this.followers.has(docId)) this.unforgotten.delete(docId)
  }

  private async subscribeChannel(docId: string): Promise<void> {
    this.subscribed.add(docId)
    await this.subscriber.subscribe(this.keys.awareness(docId))
  }

  private async unsubscribeChannel(docId: string): Promise<void> {
    await this.subscriber.unsubscribe(this.keys.awareness(docId))
    if (!this.followers.has(docId)) this.subscribed.delete(docId)
  }

  /** Leaves the channels of documents no longer followed (left while the subscriber was away, or rejoined by ioredis). */
  private async leaveStaleChannels(): Promise<void> {
    for (const docId of [...this.subscribed]) if (!this.followers.has(docId)) await this.unsubscribeChannel(docId)
  }

  private disconnect(): void {
    this.commands.disconnect()
    this.reader.disconnect()
    this.subscriber.disconnect()
  }

  private wireEvents(): void {
    this.reader.on('close', () => {
      this.readerId = null
    })
    // The reader was cut off: whatever was published meanwhile may be gone (a restarted Redis).
    this.reader.on('ready', () => this.resyncAll('reader-reconnected'))
    // Updates stored while the commands connection was down were not published: the others read the store.
    // Announced again once publishing works: an announcement made while it did not was dropped.
    this.commands.on('ready', () => {
      for (const follower of this.followers.values()) {
        follower.requestResync()
        follower.announce()
      }
    })
    // Resync requests published while the subscriber was away were missed: read the store again.
    // So were revocations: the open share-link sockets are checked against the store.
    this.subscriber.on('ready', () => {
      this.options.onRevocationCheck?.()
      void this.leaveStaleChannels().catch(() => undefined)
      this.resyncAll('subscriber-reconnected')
      for (const follower of this.followers.values()) follower.announce()
    })
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message))
  }

  private onMessage(channel: string, message: Buffer): void {
    if (channel === this.keys.revocations) {
      const revocation = parseRevocation(message.toString())
      if (revocation === null) this.options.logger.warn('cluster-message-malformed', { channel })
      else if (revocation.origin !== this.instanceId) this.options.onRevocation(revocation.docId)
      return
    }
    const docId = this.keys.docIdOfAwarenessChannel(channel)
    const follower = docId === null ? undefined : this.followers.get(docId)
    if (!follower) return
    const decoded = decodeAwarenessMessage(message)
    if (decoded === null) this.options.logger.warn('cluster-message-malformed', { channel })
    else if (decoded.origin !== this.instanceId) follower.receiveAwareness(decoded)
  }

  private resyncAll(reason: string): void {
    if (this.followers.size === 0) return
    this.options.logger.info('cluster-resync', { reason, documents: this.followers.size })
    for (const follower of this.followers.values()) follower.resync()
  }

  private interruptRead(): void {
    if (this.wake) {
      this.wake()
      this.wake = null
    } else if (this.reading && this.readerId !== null) {
      this.commands.client('UNBLOCK', this.readerId).catch(() => undefined)
    }
  }

  private async readLoop(): Promise<void> {
    while (!this.closed) {
      const reading = [...this.followers.values()].filter((follower) => follower.started)
      if (reading.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve))
        continue
      }
      try {
        this.readerId ??= Number(await this.reader.client('ID'))
        this.reading = true
        const keys = reading.map((follower) => this.keys.updates(follower.docId))
        const ids = reading.map((follower) => follower.position)
        const reply = await this.reader.xreadBuffer('COUNT', READ_COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...ids)
        this.reading = false
        for (const [key, entries] of reply ?? []) {
          const follower = reading.find((candidate) => this.keys.updates(candidate.docId) === key.toString())
          follower?.receive(entries)
        }
      } catch (error) {
        this.reading = false
        if (this.closed) return
        this.options.logger.warn('cluster-read-failed', { error: String(error) })
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
  }

  /** Renews the liveness key; if it had lapsed, streams may have been trimmed past this instance. */
  private async heartbeat(): Promise<void> {
    const previous = await this.commands.set(this.keys.instance(this.instanceId), String(Date.now()), 'EX', INSTANCE_TTL_SECONDS, 'GET')
    if (previous === null && this.beatenOnce) this.resyncAll('liveness-lapsed')
    this.beatenOnce = true
  }

  /**
   * @internal The instances in a followed document's readers hash hold it: noted every tick, so one
   * that loaded the document after this instance and died before publishing anything is noticed.
   */
  notePeers(docId: string, instances: readonly string[]): void {
    if (!this.followers.has(docId)) return
    for (const instance of instances) this.notePeer(instance, docId)
  }

  /** @internal Another instance holds (or wrote to) a followed document. */
  notePeer(instance: string, docId: string): void {
    if (instance === this.instanceId) return
    const documents = this.peers.get(instance) ?? new Set<string>()
    documents.add(docId)
    this.peers.set(instance, documents)
  }

  /**
   * An instance that died (its liveness key expired) may have stored updates it never published
   * (killed between the store's commit and XADD): every followed document it held is read again
   * from the store.
   */
  private async checkPeers(): Promise<void> {
    const instances = [...this.peers.keys()]
    if (instances.length === 0) return
    const alive = await this.commands.mget(...instances.map((instance) => this.keys.instance(instance)))
    for (const [index, instance] of instances.entries()) {
      if (alive[index] !== null) continue
      const documents = [...(this.peers.get(instance) ?? [])].filter((docId) => this.followers.has(docId))
      this.peers.delete(instance)
      if (documents.length === 0) continue
      this.options.logger.info('cluster-instance-gone', { instance, documents: documents.length })
      for (const docId of documents) this.followers.get(docId)?.resync()
      // Its read positions go (as trimming drops them), so it is not noted, and resynced for, again.
      for (const docId of documents) await this.commands.hdel(this.keys.readers(docId), instance)
    }
  }

  private async maintain(): Promise<void> {
    if (this.closed) return
    this.ticks += 1
    // Revocations published while this instance was cut off from Redis were missed.
    if (this.ticks % REVOCATION_CHECK_TICKS === 0) this.options.onRevocationCheck?.()
    if (!this.writable) return
    try {
      await this.heartbeat()
      await this.checkPeers()
      for (const docId of [...this.unforgotten]) {
        if (this.followers.has(docId)) this.unforgotten.delete(docId)
        else await this.dropReader(docId)
      }
      if (this.subscriber.status === 'ready') await this.leaveStaleChannels()
      for (const follower of this.followers.values()) await follower.maintain()
    } catch (error) {
      this.options.logger.warn('cluster-maintenance-failed', { error: String(error) })
    }
  }

  /**
   * @internal Trims a stream below the lowest read position of the live instances (dropping the
   * positions of instances whose liveness key expired). True when no live reader lags behind the
   * last entry (nothing more to trim until the stream grows).
   */
  async trim(docId: string): Promise<boolean> {
    const readers = await this.commands.hgetall(this.keys.readers(docId))
    const instances = Object.keys(readers)
    if (instances.length === 0) return true
    this.notePeers(docId, instances)
    const alive = await this.commands.mget(...instances.map((instance) => this.keys.instance(instance)))
    const gone = instances.filter((_, index) => alive[index] === null)
    const positions = instances.filter((_, index) => alive[index] !== null).map((instance) => readers[instance])
    if (gone.length > 0) {
      await this.commands.hdel(this.keys.readers(docId), ...gone)
      // They may have stored updates they never published: the other holders read the store too
      // (this one does at its next check of its peers).
      this.followers.get(docId)?.requestResync()
    }
    if (positions.length === 0 || positions.some((position) => !STREAM_ID.test(position))) return false
    const lowest = positions.reduce((low, position) => (compareStreamIds(position, low) < 0 ? position : low))
    await this.commands.xtrim(this.keys.updates(docId), 'MINID', lowest)
    // Done once every live reader has read the last entry; else a reader lags: trim again later.
    const last = (await this.commands.xrevrange(this.keys.updates(docId), '+', '-', 'COUNT', 1))[0]?.[0]
    return last === undefined || compareStreamIds(lowest, last) >= 0
  }
}

/** One followed document (see {@link DocumentFollower}). */
class RedisFollower implements DocumentFollower {
  private handlers: ChannelHandlers | null = null
  /** Set when the stream grew (this instance appended or read entries); cleared once a trim left nothing behind a reader. */
  private untrimmed = false
  /** Set when an update was stored but not published: the others are asked to read the store at the next tick Redis takes commands. */
  private unpublished = false
  /** Set when a resync was asked for before {@link start}: done once started. */
  private resyncPending = false
  started = false

  constructor(
    private readonly cluster: RedisCluster,
    readonly docId: string,
    /** The id of the last stream entry read. */
    public position = '0-0',
  ) {}

  async start(handlers: ChannelHandlers): Promise<RemoteUpdate[]> {
    const tail: RemoteUpdate[] = []
    const key = this.cluster.keys.updates(this.docId)
    for (;;) {
      const page = (await withTimeout(this.cluster.redis.xrangeBuffer(key, `(${this.position}`, '+', 'COUNT', READ_COUNT), 'XRANGE')) as [Buffer, Buffer[]][]
      for (const update of this.read(page)) tail.push(update)
      if (page.length < READ_COUNT) break
    }
    this.handlers = handlers
    this.started = true
    this.cluster.startReading(this)
    this.announce()
    // Asked for while the document loaded (perhaps after the room read the store): done now.
    if (this.resyncPending) this.resync()
    return tail
  }

  publishUpdate(update: Uint8Array, seq: number, principal: string | null): void {
    this.untrimmed = true
    if (!this.cluster.writable) {
      this.notPublished()
      return
    }
    const fields = streamFields({ origin: this.cluster.instanceId, seq, principal, update })
    this.cluster.redis.xadd(this.cluster.keys.updates(this.docId), '*', ...fields).then(
      () => this.cluster.metrics?.updatePublished(),
      (error: unknown) => {
        // Refused (out of memory, a read-only replica…) or cut off: stored already, so the others
        // are asked to read the store once Redis takes commands again.
        this.cluster.logger.warn('cluster-publish-failed', { docId: this.docId, seq, error: String(error) })
        this.notPublished()
      },
    )
  }

  publishAwareness(update: Uint8Array, principal: string | null): void {
    this.publish({ kind: 'update', origin: this.cluster.instanceId, principal, update })
  }

  async ownersOf(clients: readonly number[]): Promise<Map<number, string>> {
    const owners = new Map<number, string>()
    if (!this.cluster.writable || clients.length === 0 || Date.now() < this.cluster.claimsSuspendedUntil) return owners
    const asked = clients.slice(0, MAX_LOOKUP_CLIENTS)
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), CLAIM_TIMEOUT_MS)))
    try {
      const values = await Promise.race([this.cluster.redis.hmget(this.cluster.keys.owners(this.docId), ...asked.map(String)), timeout])
      if (values === null) {
        this.cluster.claimsSuspendedUntil = Date.now() + CLAIM_BREAKER_MS
        throw new Error('no answer in time')
      }
      values.forEach((owner, index) => {
        if (typeof owner === 'string' && owner.length > 0) owners.set(asked[index], owner)
      })
    } catch (error) {
      // Decided by this instance alone, as a single server would.
      this.cluster.logger.warn('cluster-claim-failed', { docId: this.docId, error: String(error) })
    } finally {
      clearTimeout(timer)
    }
    return owners
  }

  claimClients(clients: readonly number[], principal: string): void {
    if (!this.cluster.writable || clients.length === 0) return
    const key = this.cluster.keys.owners(this.docId)
    const pipeline = this.cluster.redis.pipeline()
    for (const client of clients) pipeline.hsetnx(key, String(client), principal)
    pipeline.exec().catch((error: unknown) => this.cluster.logger.warn('cluster-claim-failed', { docId: this.docId, error: String(error) }))
  }

  close(): Promise<void> {
    this.handlers = null
    this.started = false
    return this.cluster.forget(this)
  }

  /** @internal Entries from the blocking read. */
  receive(entries: [Buffer, Buffer[]][]): void {
    for (const update of this.read(entries)) this.handlers?.onUpdate(update)
  }

  /** @internal */
  receiveAwareness(message: AwarenessMessage): void {
    if (message.kind === 'resync') this.resync()
    else if (!this.handlers) return
    else if (message.kind === 'query') this.handlers.onAwarenessQuery()
    else this.handlers.onAwareness({ update: message.update, principal: message.principal })
  }

  /** @internal Asks the other instances for their presence states and offers ours. */
  announce(): void {
    if (!this.handlers) return
    this.publish({ kind: 'query', origin: this.cluster.instanceId })
    this.handlers.onAwarenessQuery()
  }

  /** @internal Asks the other instances to read the document from the store again. */
  requestResync(): void {
    if (this.handlers) this.publish({ kind: 'resync', origin: this.cluster.instanceId })
  }

  /** @internal Reads the document from the store again (counted); asked before {@link start}, done once started. */
  resync(): void {
    if (!this.handlers) {
      this.resyncPending = true
      return
    }
    this.resyncPending = false
    this.cluster.metrics?.resynced(1)
    this.handlers.onResync()
  }

  /**
   * @internal Records the read position (each time: a restarted Redis lost it), and trims the
   * stream while it grew since the last complete trim: every instance that appended or read keeps
   * trimming until the slowest live reader caught up, so entries are not left behind once their
   * writer stops (or unloads the document) while a reader lagged at its last trim.
   */
  async maintain(): Promise<void> {
    if (!this.started) return
    if (this.unpublished) {
      this.unpublished = false
      const request = encodeAwarenessMessage({ kind: 'resync', origin: this.cluster.instanceId })
      await this.cluster.redis.publish(this.cluster.keys.awareness(this.docId), request).catch((error: unknown) => {
        this.unpublished = true
        throw error
      })
    }
    await this.cluster.redis.hset(this.cluster.keys.readers(this.docId), this.cluster.instanceId, this.position)
    if (this.untrimmed) {
      this.untrimmed = false
      if (!(await this.cluster.trim(this.docId))) this.untrimmed = true
    } else {
      this.cluster.notePeers(this.docId, await this.cluster.redis.hkeys(this.cluster.keys.readers(this.docId)))
    }
  }

  /** An update stored here did not reach the stream. */
  private notPublished(): void {
    this.unpublished = true
    this.cluster.metrics?.publishFailed()
  }

  private read(entries: [Buffer, Buffer[]][]): RemoteUpdate[] {
    const updates: RemoteUpdate[] = []
    for (const [id, fields] of entries) {
      this.position = id.toString()
      this.untrimmed = true
      const parsed = parseStreamFields(fields)
      if (!parsed.ok) {
        this.cluster.logger.warn('cluster-entry-malformed', { docId: this.docId, id: this.position, error: parsed.error })
        continue
      }
      if (parsed.entry.origin === this.cluster.instanceId) continue
      this.cluster.notePeer(parsed.entry.origin, this.docId)
      this.cluster.metrics?.updateReceived(Date.now() - Number(this.position.split('-')[0]))
      updates.push({ update: parsed.entry.update, principal: parsed.entry.principal })
    }
    return updates
  }

  private publish(message: AwarenessMessage): void {
    if (!this.cluster.writable) return
    this.cluster.redis.publish(this.cluster.keys.awareness(this.docId), encodeAwarenessMessage(message)).catch((error: unknown) => {
      this.cluster.logger.warn('cluster-publish-failed', { docId: this.docId, error: String(error) })
    })
  }
}
