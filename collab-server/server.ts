import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import type { AccessPolicy } from './auth/access'
import { originPolicyOf } from './auth/origin-policy'
import { RefusalCounter, type RefusalCounts } from './auth/refusal-counter'
import { MIN_SECRET_LENGTH } from './auth/tokens'
import { CloseCode } from '../editor/model/close-codes'
import { isEarlierDataModel } from '../editor/model/upgrade-data-model'
import type { ServerStats } from './http/health'
import { createRequestListener } from './http/router'
import { DocumentSizes, type SizedStore } from './limits/document-size'
import type { MemoryWatchdog } from './limits/memory-watchdog'
import { gatewayLimitsOf, memoryWatchdogOf } from './server-limits'
import { CollabMetrics } from './metrics'
import { resolveOptions, type CollabServerOptions, type ResolvedOptions } from './options'
import type { DataDirLock } from './persistence/data-dir-lock'
import { openServerStore } from './persistence/open-store'
import { TouchThrottle } from './persistence/touch-throttle'
import { RedisCluster } from './cluster/redis-cluster'
import { Room } from './rooms/room'
import { RoomRegistry } from './rooms/room-registry'
import { SocketGateway } from './socket-gateway'
import { AutoVersions } from './versions/auto-versions'
import { ManualSaveGate } from './versions/manual-save-gate'
import { saveVersion, versionPolicyOf } from './versions/document-versions'

export type { CollabServerOptions } from './options'

/** A collab server: HTTP API and y-websocket endpoint on one port. */
export interface CollabServer {
  /**
   * Opens the store (SQLite: locks the data directory first; PostgreSQL with `databaseUrl`),
   * seeds, and listens; resolves the real port (useful with port 0). Rejects with
   * `DataDirLockedError` when another server holds the data directory.
   */
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
  /** Null with PostgreSQL (`databaseUrl`): servers share the database, not a data directory. */
  readonly lock: DataDirLock | null
  readonly store: SizedStore
  readonly touches: TouchThrottle
  readonly registry: RoomRegistry
  readonly gateway: SocketGateway
  readonly http: Server
  readonly wss: WebSocketServer
  readonly stats: () => ServerStats
  readonly watchdog: MemoryWatchdog
  readonly autoVersions: AutoVersions
  /** The other instances (`redisUrl`); null when this server runs alone. */
  readonly cluster: RedisCluster | null
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

function accessPolicyOf(config: ResolvedOptions, tokenGeneration: AccessPolicy['tokenGeneration']): AccessPolicy {
  if (config.authSecret !== null && config.authSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`createCollabServer: authSecret must be at least ${MIN_SECRET_LENGTH} characters`)
  }
  return { secret: config.authSecret, origins: originPolicyOf(config.allowedOrigins, config.appPort), tokenGeneration }
}

function wire(config: ResolvedOptions, lock: DataDirLock | null, store: SizedStore, { access, refusals, metrics }: Shared, cluster: RedisCluster | null): Running {
  const { logger } = config
  const touches = new TouchThrottle(store, { intervalMs: config.touchIntervalMs, logger })
  const { compactionThreshold, unloadCompactionMinUpdates, maxBufferedBytes, pingIntervalMs, maxPendingBytes } = config
  const onUpdateRefused = refusals.countUpdate.bind(refusals)
  const sizes = new DocumentSizes()
  const versions = versionPolicyOf(config.maxDocumentBytes)
  const manualVersionSaves = new ManualSaveGate(config.manualVersionIntervalMs)
  const autoVersions = new AutoVersions({ intervalMs: config.autoVersionIntervalMs, logger, save: (id) => saveVersion(store, id, { kind: 'auto' }, versions) })
  const onEdited = (id: string) => autoVersions.noteEdit(id)
  const onRemoteStored = (id: string, bytes: number) => sizes.grow(id, bytes)
  const roomDeps = {
    store: sizes.track(store),
    touches,
    logger,
    compactionThreshold,
    unloadCompactionMinUpdates,
    onUpdateRefused,
    metrics,
    maxPendingBytes,
    onEdited,
    cluster: cluster ?? undefined,
    onRemoteStored,
  }
  const onUnloaded = (id: string) => sizes.forget(id)
  const registry = new RoomRegistry((id, hooks) => Room.load(id, { ...roomDeps, ...hooks }), logger, { maxRooms: config.maxRooms, onUnloaded })
  const gateway = new SocketGateway(registry, {
    logger,
    maxBufferedBytes,
    pingIntervalMs,
    access,
    refusals,
    onRateLimited: () => refusals.countUpdate('rate-limit'),
    ...gatewayLimitsOf(config, sizes, (reason) => metrics.connectionLimited(reason)),
  })
  const watchdog = memoryWatchdogOf(config, () => gateway.connections(), logger)
  watchdog.start()
  const clusterState = () => (cluster === null ? {} : { cluster: cluster.connected ? ('connected' as const) : ('disconnected' as const) })
  const stats = () => ({ rooms: registry.roomCount, connections: gateway.connectionCount, ...clusterState() })
  // Sockets of the revoked links may be open on any instance.
  const closeRevoked = (docId: string, generation: number) => {
    cluster?.publishRevocation(docId, generation)
    return gateway.closeRevoked(docId, generation)
  }
  // A document of an earlier data model (not loaded since this server started) is upgraded, by
  // loading it, before its state is read; a loaded room is current already.
  const upgradeStoredState = async (id: string, state: Uint8Array): Promise<boolean> => {
    if (registry.isLoaded(id) || !isEarlierDataModel(state)) return false
    const lease = registry.acquire(id)
    try {
      await lease.room
    } finally {
      lease.release()
    }
    return true
  }
  const listener = createRequestListener({
    store,
    stats,
    logger,
    access,
    metrics,
    maxBodyBytes: config.maxBodyBytes,
    closeRevoked,
    upgradeStoredState,
    versions,
    manualVersionSaves,
  })
  const http = createServer(listener)
  // noServer: the gateway completes each handshake itself, once the token is verified.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes })
  http.on('upgrade', (request, socket, head) => gateway.upgrade(wss, request, socket, head))
  wss.on('error', (error) => logger.error('websocket-server-error', { error }))
  return { lock, store, touches, registry, gateway, http, wss, stats, watchdog, autoVersions, cluster }
}

async function shutDown(running: Running, config: ResolvedOptions): Promise<void> {
  const { http, wss, gateway, registry, touches, store, lock, watchdog, autoVersions, cluster } = running
  watchdog.stop()
  const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()))
  http.closeIdleConnections()
  await gateway.closeAll(CloseCode.ServerRestarting, 'server restarting', config.shutdownGraceMs)
  wss.close()
  await registry.idle()
  await cluster?.close()
  await touches.flushAll()
  await autoVersions.stop()
  await store.close()
  lock?.release()
  http.closeAllConnections()
  await httpClosed
}

/** Creates a collab server; nothing happens until `start()`. */
export function createCollabServer(options: CollabServerOptions): CollabServer {
  const config = resolveOptions(options)
  let running: Running | null = null
  const access = accessPolicyOf(config, (doc) => running?.store.tokenGeneration(doc) ?? Promise.resolve(null))
  const refusals = new RefusalCounter()
  const stats = () => running?.stats() ?? STOPPED_STATS
  const queuedBytes = () => running?.gateway.queuedBytes ?? 0
  const clusterConnected = () => running?.cluster?.connected ?? false
  const metrics = new CollabMetrics(
    { stats, refusals: () => refusals.snapshot(), queuedBytes, clusterConnected },
    { processMetrics: config.processMetrics, cluster: config.redisUrl !== null },
  )
  let stopping: Promise<void> | null = null
  // Closes the sockets of links revoked on any instance, below the generation the store reports:
  // a revocation message on Redis only says which document to check (it could be forged, or
  // missed while this instance was cut off from Redis, so the documents are checked every ~10 s too).
  const checkRevocations = async (docIds: Iterable<string>) => {
    for (const docId of docIds) {
      const current = running
      if (!current) return
      try {
        const generation = await current.store.tokenGeneration(docId)
        if (generation !== null) current.gateway.closeRevoked(docId, generation)
      } catch (error) {
        config.logger.warn('revocation-check-failed', { docId, error })
      }
    }
  }
  const onRevocation = (docId: string) => void checkRevocations([docId])
  const onRevocationCheck = () => void checkRevocations(running?.gateway.shareLinkDocuments() ?? [])
  return {
    async start() {
      if (running) throw new Error('createCollabServer: already started')
      const { store, lock, location } = await openServerStore(config)
      let cluster: RedisCluster | null = null
      try {
        // The importers load only when there is something to seed (memory of an idle server).
        if (config.contentDir !== null) await (await import('./seed')).seedDocuments(store, config.contentDir, { logger: config.logger })
        cluster =
          config.redisUrl === null
            ? null
            : await RedisCluster.connect({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix, logger: config.logger, onRevocation, onRevocationCheck, metrics })
        running = wire(config, lock, store, { access, refusals, metrics }, cluster)
        const port = await listen(running.http, config.port, config.host)
        const auth = access.secret === null ? 'off' : 'on'
        const storage = lock === null ? { database: location } : { dataDir: config.dataDir }
        config.logger.info('listening', { host: config.host, port, ...storage, auth })
        return { port }
      } catch (error) {
        running?.watchdog.stop()
        running?.wss.close()
        running = null
        await cluster?.close()
        await store.close()
        lock?.release()
        throw error
      }
    },
    stop() {
      if (!running) return Promise.resolve()
      stopping ??= shutDown(running, config).finally(() => {
        running = null
        stopping = null // so that a later start can be stopped again
      })
      return stopping
    },
    refusalCounts: () => refusals.snapshot(),
  }
}
