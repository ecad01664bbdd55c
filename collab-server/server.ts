import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import type { AccessPolicy } from './auth/access'
import { originPolicyOf } from './auth/origin-policy'
import { RefusalCounter, type RefusalCounts } from './auth/refusal-counter'
import { MIN_SECRET_LENGTH } from './auth/tokens'
import { CloseCode } from './close-codes'
import type { ServerStats } from './http/health'
import { createRequestListener } from './http/router'
import { CollabMetrics } from './metrics'
import { resolveOptions, type CollabServerOptions, type ResolvedOptions } from './options'
import { SqliteStore } from './persistence/sqlite-store'
import { TouchThrottle } from './persistence/touch-throttle'
import { Room } from './rooms/room'
import { RoomRegistry } from './rooms/room-registry'
import { SocketGateway } from './socket-gateway'

export type { CollabServerOptions } from './options'

/** A collab server: HTTP API and y-websocket endpoint on one port. */
export interface CollabServer {
  /** Opens the store, seeds, and listens; resolves the real port (useful with port 0). */
  start(): Promise<{ port: number }>
  /**
   * Graceful stop: closes every socket with 1012 "server restarting", finishes pending writes,
   * compacts unloading rooms, flushes `updatedAt`, closes the store and the HTTP server.
   */
  stop(): Promise<void>
  /** Refused connections and updates so far, by reason (kept across restarts of this instance). */
  refusalCounts(): RefusalCounts
}

interface Running {
  readonly store: SqliteStore
  readonly touches: TouchThrottle
  readonly registry: RoomRegistry
  readonly gateway: SocketGateway
  readonly http: Server
  readonly wss: WebSocketServer
  readonly stats: () => ServerStats
}

/** What outlives one start/stop cycle of a server instance. */
interface Shared {
  readonly access: AccessPolicy
  readonly refusals: RefusalCounter
  readonly metrics: CollabMetrics
}

const STOPPED_STATS: ServerStats = { rooms: 0, connections: 0 }

function listen(http: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.once('error', reject)
    http.listen(port, host, () => {
      http.off('error', reject)
      resolve((http.address() as AddressInfo).port)
    })
  })
}

function accessPolicyOf(config: ResolvedOptions): AccessPolicy {
  if (config.authSecret !== null && config.authSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`createCollabServer: authSecret must be at least ${MIN_SECRET_LENGTH} characters`)
  }
  return { secret: config.authSecret, origins: originPolicyOf(config.allowedOrigins, config.appPort) }
}

function wire(config: ResolvedOptions, store: SqliteStore, { access, refusals, metrics }: Shared): Running {
  const { logger } = config
  const touches = new TouchThrottle(store, { intervalMs: config.touchIntervalMs, logger })
  const { compactionThreshold, unloadCompactionMinUpdates, maxBufferedBytes, pingIntervalMs, maxPendingBytes } = config
  const onUpdateRefused = refusals.countUpdate.bind(refusals)
  const roomDeps = { store, touches, logger, compactionThreshold, unloadCompactionMinUpdates, onUpdateRefused, metrics, maxPendingBytes }
  const registry = new RoomRegistry((id, hooks) => Room.load(id, { ...roomDeps, ...hooks }), logger, { maxRooms: config.maxRooms })
  const gateway = new SocketGateway(registry, {
    logger,
    maxBufferedBytes,
    pingIntervalMs,
    access,
    refusals,
    rateLimit: { perSecond: config.updateRateLimit, burst: config.updateBurst },
    onRateLimited: () => refusals.countUpdate('rate-limit'),
  })
  const stats = () => ({ rooms: registry.roomCount, connections: gateway.connectionCount })
  const listener = createRequestListener({ store, stats, logger, access, metrics, maxBodyBytes: config.maxBodyBytes })
  const http = createServer(listener)
  // noServer: the gateway completes each handshake itself, once the token is verified.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes })
  http.on('upgrade', (request, socket, head) => gateway.upgrade(wss, request, socket, head))
  wss.on('error', (error) => logger.error('websocket-server-error', { error }))
  return { store, touches, registry, gateway, http, wss, stats }
}

async function shutDown(running: Running, config: ResolvedOptions): Promise<void> {
  const { http, wss, gateway, registry, touches, store } = running
  const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()))
  http.closeIdleConnections()
  await gateway.closeAll(CloseCode.ServerRestarting, 'server restarting', config.shutdownGraceMs)
  wss.close()
  await registry.idle()
  await touches.flushAll()
  await store.close()
  http.closeAllConnections()
  await httpClosed
}

/** Creates a collab server; nothing happens until `start()`. */
export function createCollabServer(options: CollabServerOptions): CollabServer {
  const config = resolveOptions(options)
  const access = accessPolicyOf(config)
  const refusals = new RefusalCounter()
  let running: Running | null = null
  const stats = () => running?.stats() ?? STOPPED_STATS
  const metrics = new CollabMetrics({ stats, refusals: () => refusals.snapshot() }, { processMetrics: config.processMetrics })
  let stopping: Promise<void> | null = null
  return {
    async start() {
      if (running) throw new Error('createCollabServer: already started')
      const store = SqliteStore.open(config.dataDir, { synchronous: config.sqliteSynchronous })
      try {
        // The importers load only when there is something to seed (memory of an idle server).
        if (config.contentDir !== null) await (await import('./seed')).seedDocuments(store, config.contentDir, { logger: config.logger })
        running = wire(config, store, { access, refusals, metrics })
        const port = await listen(running.http, config.port, config.host)
        const auth = access.secret === null ? 'off' : 'on'
        config.logger.info('listening', { host: config.host, port, dataDir: config.dataDir, auth })
        return { port }
      } catch (error) {
        running?.wss.close()
        running = null
        await store.close()
        throw error
      }
    },
    stop() {
      if (!running) return Promise.resolve()
      stopping ??= shutDown(running, config).finally(() => (running = null))
      return stopping
    },
    refusalCounts: () => refusals.snapshot(),
  }
}
