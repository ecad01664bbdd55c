import type { RawData, WebSocket } from 'ws'
import type { Role } from './auth/roles'
import { CloseCode, type CloseCodeValue } from './close-codes'
import { MessageRateLimiter, type MessageBudget, type RateLimit } from './limits/message-rate-limiter'
import type { Clock } from './limits/token-bucket'
import type { Logger } from './logger'
import { decodeMessage, type ProtocolMessage } from './protocol'
import type { Room } from './rooms/room'
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
  /** Messages per second and burst, per budget (see {@link MessageRateLimiter}); omitted: unlimited. */
  readonly rateLimit?: RateLimit
  /** Called once when this connection is closed for exceeding its rate limit (refusal counters). */
  readonly onRateLimited?: () => void
  /** Clock of the rate limit (monotonic milliseconds); default `performance.now`. */
  readonly clock?: Clock
  /**
   * The document's creation stamp the client expects (the `createdAt` URL parameter); when it
   * names another incarnation of the document, the connection is closed with 4410 and nothing it
   * sent is applied. Omitted: not checked.
   */
  readonly expectedCreatedAt?: string
}

type ConnectionState = 'open' | 'closing' | 'closed'

/** Close reasons are limited to 123 UTF-8 bytes by RFC 6455. */
function closeReason(reason: string): string {
  const bytes = Buffer.from(reason)
  return bytes.length <= 123 ? reason : bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD+$/, '') + '...'
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
 * socket only.
 */
export class Connection implements RoomPeer {
  readonly id: string
  readonly role: Role
  private state: ConnectionState = 'open'
  private room: Room | null = null
  private queued: ProtocolMessage[] = []
  private answeredPing = true
  private readonly lease: RoomLease
  private readonly keepalive: NodeJS.Timeout
  private readonly limiter: MessageRateLimiter | null

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
    this.limiter = options.rateLimit ? new MessageRateLimiter(options.rateLimit, options.clock) : null
    ws.on('message', (data, isBinary) => this.guard(() => this.onMessage(data, isBinary)))
    ws.on('pong', () => (this.answeredPing = true))
    ws.on('error', (error) => options.logger.warn('socket-error', { peer: this.id, error }))
    ws.on('close', (code, reason) => this.onClose(code, reason.toString()))
    this.keepalive = setInterval(() => this.ping(), options.pingIntervalMs)
    this.lease = registry.acquire(docId)
    this.lease.room.then(
      (room) => this.attach(room),
      () => this.close(CloseCode.InternalError, 'document unavailable'),
    )
  }

  /** Sends a frame unless the socket is closing; closes it as a slow consumer when backed up. */
  send(frame: Uint8Array): void {
    if (this.state !== 'open' || this.ws.readyState !== this.ws.OPEN) return
    if (this.ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.close(CloseCode.SlowConsumer, 'slow consumer')
      return
    }
    this.ws.send(frame, (error) => {
      if (error) this.options.logger.debug('send-failed', { peer: this.id, error })
    })
  }

  /** Starts the closing handshake with a named code; further frames in either direction are dropped. */
  close(code: CloseCodeValue, reason: string): void {
    if (this.state !== 'open') return
    this.state = 'closing'
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
      this.close(CloseCode.DocumentNotFound, 'document not found')
      return
    }
    const queued = this.queued
    this.queued = []
    const expected = this.options.expectedCreatedAt
    if (expected !== undefined && expected !== room.createdAt) {
      this.options.logger.info('document-recreated', { peer: this.id, expected, createdAt: room.createdAt })
      this.close(CloseCode.DocumentRecreated, 'document was re-created')
      return
    }
    if (this.state === 'open') {
      this.room = room
      room.join(this, queued)
      return
    }
    // Closed (or closing) while the room loaded: the messages it sent before are still applied and
    // stored, as they would have been in a loaded room; then the peer leaves at once.
    if (queued.length === 0) return
    room.join(this, queued)
    room.leave(this)
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.answeredPing = true
    if (this.state !== 'open') return
    if (!isBinary) {
      this.reject('frame: text frames are not y-websocket messages')
      return
    }
    const frame = frameBytes(data)
    const exhausted = this.limiter?.admit(frame) ?? null
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
    if (this.room) this.room.receive(this, result.message)
    else this.queued.push(result.message)
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
  private rateLimited(budget: MessageBudget): void {
    this.options.logger.warn('rate-limited', { peer: this.id, budget })
    this.options.onRateLimited?.()
    this.close(CloseCode.RateLimited, 'rate limit exceeded')
  }

  private ping(): void {
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
    this.room?.leave(this)
    this.lease.release()
    this.options.logger.info('connection-closed', { peer: this.id, code, reason })
    this.onClosed(this)
  }
}
