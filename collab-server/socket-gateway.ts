import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocket, WebSocketServer } from 'ws'
import { admitSocket, checkSocketOrigin, type AccessPolicy } from './auth/access'
import type { RefusalCounter } from './auth/refusal-counter'
import type { Role } from './auth/roles'
import { CloseCode, type CloseCodeValue } from './close-codes'
import { Connection, type ConnectionOptions } from './connection'
import { docIdFromPath } from './doc-id'
import type { RoomRegistry } from './rooms/room-registry'

/** Collaborators of the gateway: per-connection limits, who may connect, and the refusal counters. */
export interface GatewayOptions extends ConnectionOptions {
  readonly access: AccessPolicy
  readonly refusals: RefusalCounter
}

/** The `createdAt` query parameter of a websocket request URL (see CloseCode.DocumentRecreated), if any. */
function createdAtParam(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://socket').searchParams.get('createdAt') || undefined
  } catch {
    return undefined // not a URL: the document id check has refused it already
  }
}

/** The request URL for logs: tokens are credentials and never logged. */
function redactedUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&]token=)[^&]*/g, '$1[redacted]')
}

/** What the gateway decided about a websocket request before its handshake completed. */
export type Admission =
  | { readonly ok: true; readonly docId: string; readonly role: Role; readonly createdAt?: string }
  | { readonly ok: false; readonly code: CloseCodeValue; readonly reason: string }

/**
 * Admits websockets: checks the origin, the document id of the path and the token, turns each
 * admitted socket into a {@link Connection} with its role, and keeps the set of open connections
 * for the health check and shutdown. Refused sockets complete the handshake and are closed at
 * once with a named code and reason, which browsers can read (an HTTP error status they cannot).
 */
export class SocketGateway {
  private readonly open = new Set<Connection>()
  private readonly drainWaiters: Array<() => void> = []
  private closing = false

  constructor(
    private readonly registry: RoomRegistry,
    private readonly options: GatewayOptions,
  ) {}

  /** Number of open connections. */
  get connectionCount(): number {
    return this.open.size
  }

  /**
   * Handles an HTTP upgrade request: decides the admission first (token verification is
   * asynchronous), then completes the handshake, so no frame arrives before the role is known.
   */
  upgrade(wss: WebSocketServer, request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const onError = (error: Error) => this.options.logger.debug('upgrade-socket-error', { url: redactedUrl(request.url), error })
    socket.on('error', onError)
    this.admit(request).then(
      (admission) => {
        socket.off('error', onError)
        if (socket.destroyed) return
        wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request, admission))
      },
      (error: unknown) => {
        this.options.logger.error('admission-failed', { url: redactedUrl(request.url), error })
        socket.destroy()
      },
    )
  }

  /** Decides what a websocket request may do: origin (4403), document id (4400), then token (4401/4403). */
  async admit(request: IncomingMessage): Promise<Admission> {
    const { access, refusals } = this.options
    const badOrigin = checkSocketOrigin(access, request)
    if (badOrigin) {
      refusals.countConnection(badOrigin.cause)
      return badOrigin
    }
    const docId = docIdFromPath(request.url)
    if (docId === null) return { ok: false, code: CloseCode.BadDocumentId, reason: 'bad document id' }
    const admission = await admitSocket(access, request, docId)
    if (!admission.ok) {
      refusals.countConnection(admission.cause)
      return admission
    }
    const createdAt = createdAtParam(request.url)
    return { ok: true, docId, role: admission.role, ...(createdAt ? { createdAt } : {}) }
  }

  /** Takes a newly upgraded socket: refuses it as admitted (or while shutting down), else connects it. */
  accept(ws: WebSocket, request: IncomingMessage, admission: Admission): void {
    if (this.closing) {
      this.refuse(ws, request, CloseCode.ServerRestarting, 'server restarting')
      return
    }
    if (!admission.ok) {
      this.refuse(ws, request, admission.code, admission.reason)
      return
    }
    const options = { ...this.options, role: admission.role, expectedCreatedAt: admission.createdAt }
    const connection = new Connection(ws, admission.docId, this.registry, options, (closed) => this.forget(closed))
    this.open.add(connection)
  }

  /**
   * Refuses new sockets, closes every open one with `code`, and resolves once all have closed;
   * sockets still open after `graceMs` are terminated.
   */
  async closeAll(code: CloseCodeValue, reason: string, graceMs: number): Promise<void> {
    this.closing = true
    for (const connection of this.open) connection.close(code, reason)
    const grace = setTimeout(() => this.open.forEach((connection) => connection.terminate()), graceMs)
    await this.drained()
    clearTimeout(grace)
  }

  private refuse(ws: WebSocket, request: IncomingMessage, code: CloseCodeValue, reason: string): void {
    const url = redactedUrl(request.url)
    ws.on('error', (error) => this.options.logger.warn('socket-error', { url, error }))
    this.options.logger.info('connection-refused', { url, code, reason })
    ws.close(code, reason)
  }

  private drained(): Promise<void> {
    if (this.open.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.drainWaiters.push(resolve))
  }

  private forget(connection: Connection): void {
    this.open.delete(connection)
    if (this.open.size === 0) this.drainWaiters.splice(0).forEach((resolve) => resolve())
  }
}
