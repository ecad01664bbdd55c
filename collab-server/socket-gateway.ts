import type { IncomingMessage } from 'node:http'
import type { WebSocket } from 'ws'
import { CloseCode, type CloseCodeValue } from './close-codes'
import { Connection, type ConnectionOptions } from './connection'
import { docIdFromPath } from './doc-id'
import type { RoomRegistry } from './rooms/room-registry'

/**
 * Admits websockets: validates the document id of the path, turns each socket into a
 * {@link Connection}, and keeps the set of open connections for the health check and shutdown.
 */
export class SocketGateway {
  private readonly open = new Set<Connection>()
  private readonly drainWaiters: Array<() => void> = []
  private closing = false

  constructor(
    private readonly registry: RoomRegistry,
    private readonly options: ConnectionOptions,
  ) {}

  /** Number of open connections. */
  get connectionCount(): number {
    return this.open.size
  }

  /** Takes a newly upgraded socket; a bad document id closes it with 4400. */
  accept(ws: WebSocket, request: IncomingMessage): void {
    if (this.closing) {
      this.refuse(ws, request, CloseCode.ServerRestarting, 'server restarting')
      return
    }
    const docId = docIdFromPath(request.url)
    if (docId === null) {
      this.refuse(ws, request, CloseCode.BadDocumentId, 'bad document id')
      return
    }
    const connection = new Connection(ws, docId, this.registry, this.options, (closed) => this.forget(closed))
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
    ws.on('error', (error) => this.options.logger.warn('socket-error', { url: request.url, error }))
    this.options.logger.info('connection-refused', { url: request.url, code, reason })
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
