import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocket, WebSocketServer } from 'ws'
import { admitSocket, checkSocketOrigin, type AccessPolicy } from './auth/access'
import type { RefusalCounter } from './auth/refusal-counter'
import type { Role } from '../editor/model/roles'
import { tokenPrincipal } from './auth/principal'
import { CloseCode, type CloseCodeValue } from '../editor/model/close-codes'
import { Connection, type ConnectionOptions } from './connection'
import { docIdFromPath } from '../editor/model/doc-id'
import { addressKey } from './limits/connection-caps'
import type { ConnectionLimits, LimitAdmission } from './limits/connection-limits'
import { AuthError } from './auth/tokens'
import type { RoomRegistry } from './rooms/room-registry'

/** Collaborators of the gateway: per-connection limits, who may connect, and the refusal counters. */
export interface GatewayOptions extends ConnectionOptions {
  readonly access: AccessPolicy
  readonly refusals: RefusalCounter
  /** Caps, shared budgets and memory pools across connections; omitted: none. */
  readonly limits?: ConnectionLimits
}

const TOKEN_REVOKED = new AuthError('revoked').message

type NoLimits = { readonly ok: true; readonly sharedBudgets: []; readonly memoryPools: []; readonly release: () => void }
const NO_LIMITS: NoLimits = { ok: true, sharedBudgets: [], memoryPools: [], release: () => {} }

/**
 * The copy of the document a client holds, from its websocket URL (see CloseCode.DocumentRecreated):
 * `createdAt` (the creation stamp), `schemaVersion` (the data model it reads and writes; 1 when
 * not given, as the app of the release before data model 2 sent none; 0 when not a positive
 * integer, which no document has) and `revision` (the revision of that data model; 0 when not
 * given, as apps before revision 2.4 sent none, or not a positive integer). Undefined without
 * `createdAt`: nothing is checked.
 */
function copyParams(url: string | undefined): { createdAt: string; schemaVersion: number; revision: number } | undefined {
  try {
    const params = new URL(url ?? '/', 'http://socket').searchParams
    const createdAt = params.get('createdAt')
    if (!createdAt) return undefined
    const version = params.get('schemaVersion')
    const schemaVersion = version === null ? 1 : /^[1-9][0-9]{0,5}$/.test(version) ? Number(version) : 0
    const revisionParam = params.get('revision')
    const revision = revisionParam !== null && /^[1-9][0-9]{0,5}$/.test(revisionParam) ? Number(revisionParam) : 0
    return { createdAt, schemaVersion, revision }
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
  | {
      readonly ok: true
      readonly docId: string
      readonly role: Role
      readonly tokenGeneration: number | null
      /** When its token expires (ms since the epoch); null with `AUTH=off`. */
      readonly expiresAt: number | null
      readonly copy?: { readonly createdAt: string; readonly schemaVersion: number; readonly revision: number }
    }
  | { readonly ok: false; readonly code: CloseCodeValue; readonly reason: string }

/**
 * Admits websockets: checks the origin, the document id of the path and the token, turns each
 * admitted socket into a {@link Connection} with its role, and keeps the set of open connections
 * for the health check, revocation and shutdown. Refused sockets complete the handshake and are
 * closed at once with a named code and reason, which browsers can read (an HTTP error status they cannot).
 */
export class SocketGateway {
  /** Open connections, each with the token generation of its share token (null: admin token or AUTH=off). */
  private readonly open = new Map<Connection, number | null>()
  /** The latest generation each document's links were revoked to, for sockets admitted just before. */
  private readonly revokedBelow = new Map<string, number>()
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
    const copy = copyParams(request.url)
    const { role, tokenGeneration, expiresAt } = admission
    return { ok: true, docId, role, tokenGeneration, expiresAt, ...(copy ? { copy } : {}) }
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
    if (this.isRevoked(admission.docId, admission.tokenGeneration)) {
      this.options.refusals.countConnection('revoked')
      this.refuse(ws, request, CloseCode.Unauthorized, TOKEN_REVOKED)
      return
    }
    const principal = tokenPrincipal(request)
    const limits = this.admitUnderLimits(request, admission.docId, principal)
    if (!limits.ok) {
      this.options.onLimited?.(`${limits.cap}-cap`)
      this.refuse(ws, request, CloseCode.TooManyConnections, limits.reason)
      return
    }
    const { sharedBudgets, memoryPools } = limits
    const { role, copy: expectedCopy, expiresAt } = admission
    const options = { ...this.options, role, expectedCopy, expiresAt, principal: principal ?? undefined, sharedBudgets, memoryPools }
    const connection = new Connection(ws, admission.docId, this.registry, options, (closed) => {
      limits.release()
      this.forget(closed)
    })
    this.open.set(connection, admission.tokenGeneration)
  }

  /**
   * The links of document `docId` were revoked to `generation`: closes its open sockets whose
   * share token is older with 4401 "token revoked" (sockets of admin tokens stay), and refuses
   * such sockets admitted before but not yet connected. Returns how many it closed.
   */
  closeRevoked(docId: string, generation: number): number {
    this.revokedBelow.set(docId, Math.max(generation, this.revokedBelow.get(docId) ?? 0))
    let closed = 0
    for (const [connection, tokenGeneration] of this.open) {
      if (connection.docId !== docId || !this.isRevoked(docId, tokenGeneration)) continue
      connection.close(CloseCode.Unauthorized, TOKEN_REVOKED)
      closed += 1
    }
    return closed
  }

  /** The documents with open sockets of share tokens (the ones a revocation can close). */
  shareLinkDocuments(): Set<string> {
    const documents = new Set<string>()
    for (const [connection, tokenGeneration] of this.open) if (tokenGeneration !== null) documents.add(connection.docId)
    return documents
  }

  /**
   * Refuses new sockets, closes every open one with `code`, and resolves once all have closed;
   * sockets still open after `graceMs` are terminated.
   */
  async closeAll(code: CloseCodeValue, reason: string, graceMs: number): Promise<void> {
    this.closing = true
    for (const connection of this.open.keys()) connection.close(code, reason)
    const grace = setTimeout(() => this.open.forEach((_generation, connection) => connection.terminate()), graceMs)
    await this.drained()
    clearTimeout(grace)
  }

  /** Bytes queued by every connection (unsent frames, unapplied messages), overhead included. */
  get queuedBytes(): number {
    return this.options.limits?.queuedBytes ?? 0
  }

  /** Open connections (the memory watchdog's candidates). */
  connections(): Iterable<Connection> {
    return this.open.keys()
  }

  /** Counts the connection under its address, token (`AUTH=on` only) and document; the refusal when a cap is reached. */
  private admitUnderLimits(request: IncomingMessage, docId: string, principal: string | null): LimitAdmission | NoLimits {
    if (!this.options.limits) return NO_LIMITS
    const token = this.options.access.secret === null ? null : principal
    return this.options.limits.admit({ address: addressKey(request.socket.remoteAddress), token, docId })
  }

  private isRevoked(docId: string, tokenGeneration: number | null): boolean {
    return tokenGeneration !== null && tokenGeneration < (this.revokedBelow.get(docId) ?? 0)
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
