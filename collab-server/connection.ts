import type { RawData, WebSocket } from 'ws'
import type { Role } from '../editor/model/roles'
import { AuthError } from './auth/tokens'
import { CloseCode, type CloseCodeValue } from '../editor/model/close-codes'
import type { ConnectionCap } from './limits/connection-caps'
import { ConnectionQueues, type QueueLimits } from './limits/connection-queues'
import { withinQuota, type DocumentSizes } from './limits/document-size'
import { MessageRateLimiter, budgetOf, type ExhaustedBudget, type RateLimit } from './limits/message-rate-limiter'
import type { QueueHolder, QueuedMemoryPool, ShedReason } from './limits/queued-memory'
import type { SharedBudget } from './limits/shared-rate-limit'
import type { Clock } from './limits/token-bucket'
import type { Logger } from './logger'
import { decodeMessage, type ProtocolMessage } from './protocol'
import type { Room } from './rooms/room'
import { DATA_MODEL_VERSION, MIN_CLIENT_REVISION } from '../editor/model/doc-layout'
import type { RoomPeer } from './rooms/room-peer'
import type { RoomLease, RoomRegistry } from './rooms/room-registry'

/** Limits and collaborators of one connection. */
export interface ConnectionOptions {
  /** Close as a slow consumer when more than this many bytes wait to be sent. */
  readonly maxBufferedBytes: number
  /** Ping period; a socket that did not answer the previous ping is terminated. */
  readonly pingIntervalMs: number
  readonly logger: Logger
  /** What this connection's peer may change; default `editor` (AUTH=off: everyone edits). */
  readonly role?: Role
  /** The identity the peer writes as (see `RoomPeer.principal`); default: this connection alone. */
  readonly principal?: string
  /** Messages per second and burst, per budget (see {@link MessageRateLimiter}); omitted: unlimited. */
  readonly rateLimit?: RateLimit
  /** Called once when this connection is closed for exceeding its rate limit (refusal counters). */
  readonly onRateLimited?: () => void
  /** Budgets this connection shares with others (its address's, its token's); see {@link SharedBudget}. */
  readonly sharedBudgets?: readonly SharedBudget[]
  /** Caps on what it may hold queued each way; omitted: only `maxBufferedBytes` on unsent bytes. */
  readonly queueLimits?: Omit<QueueLimits, 'maxOutgoingBytes'>
  /** Pools its queued memory counts in (its document's, the server's); a pool over its cap sheds its most stalled holder. */
  readonly memoryPools?: readonly QueuedMemoryPool[]
  /** The document size quota: stored sizes and the most a document may store; omitted: no quota. */
  readonly documentQuota?: { readonly sizes: DocumentSizes; readonly maxBytes: number }
  /** Called once when this connection is closed by a resource limit (metrics). */
  readonly onLimited?: (reason: ConnectionLimitReason) => void
  /** Clock of the rate limit (monotonic milliseconds); default `performance.now`. */
  readonly clock?: Clock
  /**
   * When its token expires (milliseconds since the epoch); the connection is closed with 4401
   * "token expired" when it is created past it, or at the first ping tick after. Omitted or null:
   * never (`AUTH=off`).
   */
  readonly expiresAt?: number | null
  /** Wall clock the expiry is read by (milliseconds since the epoch); default `Date.now`. */
  readonly wallClock?: () => number
  /**
   * The copy of the document the client holds (the `createdAt` and `schemaVersion` URL
   * parameters): when its creation stamp is not the document's (deleted and created again) or its
   * data model is not the document's (upgraded since), the socket is closed with 4410 before
   * anything the client sent is applied. Omitted: not checked.
   */
  readonly expectedCopy?: { readonly createdAt: string; readonly schemaVersion: number; readonly revision: number }
}

type ConnectionState = 'open' | 'closing' | 'closed'

/** Why a resource limit closed a connection. */
export type ConnectionLimitReason = ShedReason | 'backlog' | 'document-quota' | 'shared-rate-limit' | `${ConnectionCap}-cap`

/** How long a shed connection may take to close before its socket is dropped, freeing its queues. */
const SHED_GRACE_MS = 1_000

const UNLIMITED = Number.POSITIVE_INFINITY

const TOKEN_EXPIRED = new AuthError('expired').message

/** Close reasons are limited to 123 UTF-8 bytes by RFC 6455. */
function closeReason(reason: string): string {
  const bytes = Buffer.from(reason)
  return bytes.length <= 123
    ? reason
    : bytes
        .subarray(0, 120)
        .toString('utf8')
        .replace(/\uFFFD+$/, '') + '...'
}

function frameBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}

let nextConnectionNumber = 1

/**
 * One websocket's life: claims the document's room, decodes frames (queuing them until the room
 * is loaded), sends with a back-pressure check, keeps the socket alive with pings, and releases
 * the room when the socket closes. A malformed frame, or one beyond the rate limit, closes this
 * socket only; so does its token's expiry (checked at each ping). Its queued memory (unsent
 * frames, messages not yet applied) is counted with a per-frame overhead against its own caps and
 * its document's and the server's pools; updates are held to the document size quota before they
 * reach the room.
 */
export class Connection implements RoomPeer, QueueHolder {
  readonly id: string
  readonly role: Role
  readonly principal: string
  private state: ConnectionState = 'open'
  private room: Room | null = null
  private queued: ProtocolMessage[] = []
  private answeredPing = true
  private readonly lease: RoomLease
  private readonly keepalive: NodeJS.Timeout
  private readonly limiter: MessageRateLimiter | null
  private readonly queues: ConnectionQueues
  private shedTimer: NodeJS.Timeout | null = null

  /**
   * Takes over an open socket for document `docId` (already validated) and starts loading its
   * room. `onClosed` runs once, when the socket has closed.
   */
  constructor(
    private readonly ws: WebSocket,
    readonly docId: string,
    registry: RoomRegistry,
    private readonly options: ConnectionOptions,
    private readonly onClosed: (connection: Connection) => void = () => {},
  ) {
    this.id = `${docId}#${nextConnectionNumber++}`
    this.role = options.role ?? 'editor'
    this.principal = options.principal ?? `connection:${this.id}`
    this.limiter = options.rateLimit ? new MessageRateLimiter(options.rateLimit, options.clock) : null
    const incoming = options.queueLimits ?? { maxIncomingMessages: UNLIMITED, maxIncomingBytes: UNLIMITED }
    this.queues = new ConnectionQueues({ maxOutgoingBytes: options.maxBufferedBytes, ...incoming }, options.memoryPools)
    this.queues.onSettled = (reserved) => options.documentQuota?.sizes.release(docId, reserved)
    for (const pool of options.memoryPools ?? []) pool.add(this)
    for (const budget of options.sharedBudgets ?? []) budget.join(this)
    ws.on('message', (data, isBinary) => this.guard(() => this.onMessage(data, isBinary)))
    ws.on('pong', () => (this.answeredPing = true))
    ws.on('error', (error) => options.logger.warn('socket-error', { peer: this.id, error }))
    ws.on('close', (code, reason) => this.onClose(code, reason.toString()))
    this.keepalive = setInterval(() => this.ping(), options.pingIntervalMs)
    this.lease = registry.acquire(docId)
    this.lease.room.then(
      (room) => this.attach(room),
      () => {
        this.queues.dropIncoming()
        this.close(CloseCode.InternalError, 'document unavailable')
      },
    )
    this.closeIfExpired()
  }

  /** Bytes this connection holds queued both ways, per-frame overhead included. */
  get queuedBytes(): number {
    return this.queues.bytes
  }

  /** Since when its unsent frames have made no progress; `Infinity` when none wait. */
  get stalledSince(): number {
    return this.queues.stalledSince
  }

  /**
   * Sends a frame unless the socket is closing. Closes it as a slow consumer when its unsent
   * frames (with their overhead) pass `maxBufferedBytes`; the pools it counts in shed their most
   * stalled holders when they pass their caps.
   */
  send(frame: Uint8Array): void {
    if (this.state !== 'open' || this.ws.readyState !== this.ws.OPEN) return
    if (this.queues.outgoingFull(this.ws.bufferedAmount)) {
      this.shed('slow-consumer')
      return
    }
    const written = this.queues.sending(frame.byteLength)
    this.ws.send(frame, (error) => {
      written()
      if (error) this.options.logger.debug('send-failed', { peer: this.id, error })
    })
  }

  /**
   * Closes this connection to free its queues: `slow-consumer` with 4008, `server-busy` with 1013;
   * the socket is dropped if it has not closed after a second (a peer that does not read never
   * reads the close frame either). False when it was closing already.
   */
  shed(reason: ShedReason): boolean {
    if (this.state !== 'open') return false
    this.options.logger.warn('connection-shed', { peer: this.id, reason, queuedBytes: this.queuedBytes })
    this.options.onLimited?.(reason)
    if (reason === 'slow-consumer') this.close(CloseCode.SlowConsumer, 'slow consumer')
    else this.close(CloseCode.ServerBusy, 'server busy')
    this.shedTimer = setTimeout(() => this.terminate(), SHED_GRACE_MS)
    this.shedTimer.unref()
    return true
  }

  /** Starts the closing handshake with a named code; further frames in either direction are dropped. */
  close(code: CloseCodeValue, reason: string): void {
    if (this.state !== 'open') return
    this.state = 'closing'
    this.leavePools()
    this.options.logger.info('connection-closing', { peer: this.id, code, reason })
    this.ws.close(code, closeReason(reason))
  }

  /** Drops the socket without a closing handshake (unresponsive peers, shutdown stragglers). */
  terminate(): void {
    this.ws.terminate()
  }

  private attach(room: Room | null): void {
    if (room === null) {
      this.queued = []
      this.queues.dropIncoming()
      this.close(CloseCode.DocumentNotFound, 'document not found')
      return
    }
    const stale = staleCopyReason(this.options.expectedCopy, room)
    if (stale !== null) {
      this.queued = []
      this.queues.dropIncoming()
      this.options.logger.info('document-recreated', { peer: this.id, expected: this.options.expectedCopy, createdAt: room.createdAt, schemaVersion: DATA_MODEL_VERSION })
      this.close(CloseCode.DocumentRecreated, stale)
      return
    }
    const queued = this.withinQuota(room, this.queued)
    for (const message of this.queued) this.reserveQuota(message)
    this.queued = []
    this.closeIfExpired()
    if (this.state === 'open') {
      this.room = room
      room.join(this, queued)
      this.queues.settleWith(room)
      return
    }
    // Closed (or closing) while the room loaded: the messages it sent before are still applied and
    // stored, as they would have been in a loaded room; then the peer leaves at once.
    this.queues.settleWith(room)
    if (queued.length === 0) return
    room.join(this, queued)
    room.leave(this)
  }

  /**
   * The messages up to the first update that would take the document past its size quota; when
   * there is one, closes the connection with 4413 (nothing from it on is applied).
   */
  private withinQuota(room: Room, messages: readonly ProtocolMessage[]): readonly ProtocolMessage[] {
    const quota = this.options.documentQuota
    if (!quota) return messages
    let ahead = 0 // bytes of the messages before, not reserved yet
    const refused = messages.findIndex((message) => {
      if (message.type !== 'sync-step-2' && message.type !== 'sync-update') return false
      if (!withinQuota(room.doc, quota.sizes.get(this.docId) + ahead, message.update, quota.maxBytes)) return true
      ahead += message.update.byteLength
      return false
    })
    if (refused === -1) return messages
    this.options.logger.warn('document-quota-exceeded', { peer: this.id, storedBytes: quota.sizes.get(this.docId), maxBytes: quota.maxBytes })
    this.options.onLimited?.('document-quota')
    this.close(CloseCode.DocumentTooLarge, 'document size quota exceeded')
    return messages.slice(0, refused)
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.answeredPing = true
    if (this.state !== 'open') return
    if (!isBinary) {
      this.reject('frame: text frames are not y-websocket messages')
      return
    }
    const frame = frameBytes(data)
    const exhausted = this.limiter?.admit(frame) ?? this.spendShared(frame)
    if (exhausted !== null) {
      this.rateLimited(exhausted)
      return
    }
    this.lease.touch()
    const result = decodeMessage(frame)
    if (!result.ok) {
      this.reject(result.error.message)
      return
    }
    if (this.room && this.withinQuota(this.room, [result.message]).length === 0) return
    if (!this.queues.receiving(frame.byteLength, this.quotaBytesOf(result.message))) {
      this.options.logger.warn('incoming-backlog', { peer: this.id, queuedBytes: this.queuedBytes })
      this.options.onLimited?.('backlog')
      this.close(CloseCode.Backlogged, 'too many messages waiting to be applied')
      return
    }
    if (!this.room) {
      this.queued.push(result.message) // reserved once the room is loaded and the quota known
      return
    }
    this.reserveQuota(result.message)
    this.room.receive(this, result.message)
    this.queues.settleWith(this.room)
  }

  /** The bytes an update message reserves of the document's quota until it settles; 0 without a quota. */
  private quotaBytesOf(message: ProtocolMessage): number {
    const isUpdate = message.type === 'sync-step-2' || message.type === 'sync-update'
    return this.options.documentQuota && isUpdate ? message.update.byteLength : 0
  }

  private reserveQuota(message: ProtocolMessage): void {
    this.options.documentQuota?.sizes.reserve(this.docId, this.quotaBytesOf(message))
  }

  /** Spends the frame from the shared budgets; names the one overdrawn (this connection is the one to close). */
  private spendShared(frame: Uint8Array): ExhaustedBudget | null {
    const spend = { messages: budgetOf(frame) === 'awareness' ? 0 : 1, bytes: frame.byteLength }
    for (const budget of this.options.sharedBudgets ?? []) {
      const overdrawn = budget.spend(this, spend)
      if (overdrawn === null) continue
      this.options.onLimited?.('shared-rate-limit')
      return overdrawn === 'bytes' ? 'bytes' : budgetOf(frame)
    }
    return null
  }

  /** Last line of defence: a bug triggered by one client's frame closes that client only. */
  private guard(handler: () => void): void {
    try {
      handler()
    } catch (error) {
      this.options.logger.error('connection-handler-failed', { peer: this.id, error })
      this.close(CloseCode.InternalError, 'internal error')
    }
  }

  private reject(reason: string): void {
    this.options.logger.warn('malformed-message', { peer: this.id, reason })
    this.close(CloseCode.MalformedMessage, `malformed message: ${reason}`)
  }

  /** Closes with 1013: the frame that overflowed is dropped, the ones before it are still applied. */
  private rateLimited(budget: ExhaustedBudget): void {
    this.options.logger.warn('rate-limited', { peer: this.id, budget })
    this.options.onRateLimited?.()
    this.close(CloseCode.RateLimited, 'rate limit exceeded')
  }

  /** No longer a candidate of its memory pools (idempotent); its charges count until discharged. */
  private leavePools(): void {
    for (const pool of this.options.memoryPools ?? []) pool.delete(this)
  }

  /** Closes with 4401 "token expired" once its token's expiry has passed; true when it did. */
  private closeIfExpired(): boolean {
    const { expiresAt, wallClock = Date.now } = this.options
    if (this.state !== 'open' || expiresAt === undefined || expiresAt === null || wallClock() < expiresAt) return false
    this.close(CloseCode.Unauthorized, TOKEN_EXPIRED)
    return true
  }

  private ping(): void {
    if (this.closeIfExpired()) return
    if (!this.answeredPing) {
      this.options.logger.warn('connection-unresponsive', { peer: this.id })
      this.ws.terminate()
      return
    }
    this.answeredPing = false
    this.ws.ping()
  }

  private onClose(code: number, reason: string): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    clearInterval(this.keepalive)
    if (this.shedTimer) clearTimeout(this.shedTimer)
    // A peer that closed first never went through close(): without this the pools would keep it.
    this.leavePools()
    for (const budget of this.options.sharedBudgets ?? []) budget.leave(this)
    this.room?.leave(this)
    this.room = null
    this.lease.release()
    this.options.logger.info('connection-closed', { peer: this.id, code, reason })
    this.onClosed(this)
  }
}

/**
 * Why the client's copy cannot merge into the room's document (the 4410 reason), or null when it
 * can or was not named. The data model is this server's ({@link DATA_MODEL_VERSION}: every document
 * it loads is in it), never what `meta` says, which a client could change.
 */
function staleCopyReason(
  copy: { readonly createdAt: string; readonly schemaVersion: number; readonly revision: number } | undefined,
  room: Pick<Room, 'createdAt'>,
): string | null {
  if (copy === undefined) return null
  if (copy.createdAt !== room.createdAt) return 'document was re-created'
  if (copy.schemaVersion !== DATA_MODEL_VERSION) return `document is in data model ${DATA_MODEL_VERSION}: load it again`
  // An editor of an earlier revision deletes blocks holding marks it does not know (suggestions).
  if (copy.revision < MIN_CLIENT_REVISION) return `document is in data model ${DATA_MODEL_VERSION}.${MIN_CLIENT_REVISION}: load it again`
  return null
}
