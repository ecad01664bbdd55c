import { FRAME_OVERHEAD_BYTES } from './limits/queued-memory'
import { DEFAULT_KEY_PREFIX, KEY_PREFIX_PATTERN } from './redis-key-prefix'
import { createJsonLogger, type Logger } from './logger'

const MiB = 1024 * 1024
/** The longest delay `setTimeout` keeps (2^31 - 1 ms); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** Defaults of the limits that can also be set by environment variables (`env.ts`). */
export const LIMIT_DEFAULTS = {
  maxMessageBytes: 2 * MiB,
  updateRateLimit: 100,
  updateBurst: 500,
  maxRooms: 1000,
  byteRateLimit: 1 * MiB,
  byteBurst: 16 * MiB,
  sharedRateLimitFactor: 10,
  maxConnectionsPerAddress: 200,
  maxConnectionsPerToken: 100,
  maxConnectionsPerDocument: 500,
  maxDocumentBytes: 64 * MiB,
} as const

/** Options of {@link createCollabServer}; every limit has a default. */
export interface CollabServerOptions {
  /** TCP port for HTTP and websockets; 0 picks a free port. */
  readonly port: number
  /** Interface to bind; default `0.0.0.0`. */
  readonly host?: string
  /** Directory of `spanwise.sqlite`; created if missing. */
  readonly dataDir: string
  /** Directory with `documents.json` to seed from on start; omitted or null: no seeding. */
  readonly contentDir?: string | null
  /**
   * Largest accepted websocket frame (ws `maxPayload`); larger ones close the socket with 1009.
   * Default 2 MiB (the largest frames real use makes are under 1 MiB, see docs/performance.md).
   */
  readonly maxMessageBytes?: number
  /**
   * Sustained document updates (SyncStep2 and update messages) per second one connection may
   * send; beyond it and its burst the connection is closed with 1013. SyncStep1s, queries and auth
   * share a second budget of the same size; awareness has a third, `AWARENESS_BUDGET_FACTOR` (10)
   * times larger (collab-server/limits/message-rate-limiter.ts). Default 100.
   */
  readonly updateRateLimit?: number
  /**
   * Messages of each budget one connection may send at once (the size of its token bucket, which
   * refills at `updateRateLimit` per second); default 500.
   */
  readonly updateBurst?: number
  /**
   * Documents held in memory at most. Loading one more first unloads the least recently used
   * (its connections are closed with 1013); default 1000.
   */
  readonly maxRooms?: number
  /**
   * Bytes of held updates (editors' updates that build on content the server does not have yet,
   * kept aside until it arrives) a room keeps at most; beyond it they are all dropped and the peer
   * that sent the most is closed with 4422. Default 1 MiB.
   */
  readonly maxPendingBytes?: number
  /**
   * Bytes of every frame one connection may send per second, sustained; beyond it and
   * `byteBurst` the connection is closed with 1013. Default 1 MiB.
   */
  readonly byteRateLimit?: number
  /** Bytes one connection may send at once; at least `maxMessageBytes`. Default 16 MiB. */
  readonly byteBurst?: number
  /**
   * The connections of one remote address, and those of one token, share a budget this many times
   * a connection's (messages and bytes); once it is spent, those of them that sent more than an
   * equal share are closed with 1013. Default 10.
   */
  readonly sharedRateLimitFactor?: number
  /** Open connections per remote address (IPv6: per /64) at most; more are refused with 1013. Default 200. */
  readonly maxConnectionsPerAddress?: number
  /** Open connections per token (`AUTH=on`) at most; more are refused with 1013. Default 100. */
  readonly maxConnectionsPerToken?: number
  /** Open connections per document at most; more are refused with 1013. Default 500. */
  readonly maxConnectionsPerDocument?: number
  /**
   * Bytes of stored updates a document may hold; an update that adds content beyond it is refused
   * whole and its connection closed with 4413. Default 64 MiB.
   */
  readonly maxDocumentBytes?: number
  /**
   * Close a connection as a slow consumer (4008) beyond this many unsent bytes, counting
   * {@link FRAME_OVERHEAD_BYTES} per frame; default 16 MiB.
   */
  readonly maxBufferedBytes?: number
  /**
   * Unsent bytes (same count) of all one document's connections; beyond it the one whose sending
   * has been stalled longest (holding the most on a tie) is closed with 4008, then the next, until
   * the rest fit. Default 64 MiB.
   */
  readonly maxDocumentBufferedBytes?: number
  /** Unsent bytes (same count) of all connections; beyond it, as `maxDocumentBufferedBytes`. Default 256 MiB. */
  readonly maxServerBufferedBytes?: number
  /** Messages of one connection waiting in its room to be applied and stored; beyond it the connection is closed with 1013. Default 1000. */
  readonly maxQueuedIncomingMessages?: number
  /** Their bytes ({@link FRAME_OVERHEAD_BYTES} per message added); at least `maxMessageBytes` plus that. Default 16 MiB. */
  readonly maxQueuedIncomingBytes?: number
  /**
   * When the V8 heap in use passes this fraction of its limit, the connections holding the most
   * queued memory (1 MiB or more each) are closed with 1013 "server busy"; when none holds that
   * much, the heap is only logged. Default 0.75.
   */
  readonly heapShedRatio?: number
  /** How often the heap is checked against `heapShedRatio`; default 500 ms. */
  readonly memoryCheckIntervalMs?: number
  /** Websocket ping period, also how often an open socket's token expiry is checked; default 30 s. */
  readonly pingIntervalMs?: number
  /** Compact a document with more stored updates than this; default 500. */
  readonly compactionThreshold?: number
  /** Compact on unload a document with more stored updates than this; default 10. */
  readonly unloadCompactionMinUpdates?: number
  /** At most one `updatedAt` write per document per this period; default 1 s. */
  readonly touchIntervalMs?: number
  /** Largest accepted HTTP request body; default 16 MiB (a 5M-character source, as JSON). */
  readonly maxBodyBytes?: number
  /** On stop, sockets that have not closed after this long are terminated; default 2 s. */
  readonly shutdownGraceMs?: number
  /**
   * Secret that signs access tokens (at least 32 characters). When given, tokens are required
   * (`AUTH=on`); omitted or null: no tokens, everyone is an editor (`AUTH=off`).
   */
  readonly authSecret?: string | null
  /**
   * Origins allowed to open websockets (`ALLOWED_ORIGINS`): exact origins, or `['*']` for any.
   * Omitted or null: `http://localhost:<appPort>`, `http://127.0.0.1:<appPort>` and any origin
   * with the hostname of the request's `Host` header. Requests without `Origin` are always allowed.
   */
  readonly allowedOrigins?: readonly string[] | null
  /** Port of the web app, for the default allowed origins; default 3000. */
  readonly appPort?: number
  /**
   * SQLite's `synchronous` setting (`SQLITE_SYNCHRONOUS`); default `normal`. Either way an update
   * is in the database's write-ahead log before it is relayed, so a crash or kill -9 of the server
   * loses nothing. `normal` flushes the log to disk at checkpoints: a power loss may drop the last
   * moments of writes, which clients still connected resend when they reconnect (Yjs sync).
   * `full` flushes it on every commit (the commits of one event-loop turn are grouped), which
   * survives power loss but puts a disk flush in every update's path.
   */
  readonly sqliteSynchronous?: 'normal' | 'full'
  /**
   * Caps the SQLite file at this many pages (`max_page_count`, 4 KiB each): writes beyond it fail
   * as on a full disk, and `/healthz` answers 503 until one that adds to the file (an update, a new
   * document, the health check's probe) succeeds again. Omitted or null: no cap.
   */
  readonly sqliteMaxPageCount?: number | null
  /**
   * PostgreSQL connection URL (`DATABASE_URL`): documents are stored there instead of in SQLite,
   * and several servers may share it (no lock on `dataDir`). Omitted or null: SQLite in `dataDir`.
   */
  readonly databaseUrl?: string | null
  /** Redis URL (`REDIS_URL`) for running several servers side by side; omitted or null: this server runs alone. */
  readonly redisUrl?: string | null
  /**
   * Prefix of every Redis key and channel (`REDIS_KEY_PREFIX`; 1–64 letters, digits, `-`, `_`, `.`,
   * `:`); default `spanwise`. Deployments sharing a Redis need different ones (pub/sub ignores the
   * database number of the URL).
   */
  readonly redisKeyPrefix?: string
  /** Structured logger; default JSON lines on stderr. */
  readonly logger?: Logger
  /**
   * Milliseconds from the first stored edit of a document since its last automatic version to
   * the next one (`AUTO_VERSION_MINUTES`); 0: no automatic versions. Default 60 minutes.
   */
  readonly autoVersionIntervalMs?: number
  /** Milliseconds a document waits between two manual versions (429 sooner); 0: no wait. Default 5 s. */
  readonly manualVersionIntervalMs?: number
  /** Add prom-client's default Node process metrics to `GET /metrics`; default false (`main.ts` turns it on). */
  readonly processMetrics?: boolean
}

type Nullable = 'contentDir' | 'authSecret' | 'allowedOrigins' | 'sqliteMaxPageCount' | 'databaseUrl' | 'redisUrl'

/** {@link CollabServerOptions} with every default filled in. */
export type ResolvedOptions = Required<Omit<CollabServerOptions, Nullable>> & {
  readonly contentDir: string | null
  readonly authSecret: string | null
  readonly allowedOrigins: readonly string[] | null
  readonly sqliteMaxPageCount: number | null
  readonly databaseUrl: string | null
  readonly redisUrl: string | null
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>
}

const POSITIVE_INTEGER_OPTIONS = [
  'maxMessageBytes',
  'updateRateLimit',
  'updateBurst',
  'maxRooms',
  'maxPendingBytes',
  ...(Object.keys(LIMIT_DEFAULTS) as Array<keyof typeof LIMIT_DEFAULTS>),
  'maxBufferedBytes',
  'maxDocumentBufferedBytes',
  'maxServerBufferedBytes',
  'maxQueuedIncomingMessages',
  'maxQueuedIncomingBytes',
  'memoryCheckIntervalMs',
] as const

/** Throws naming the first limit that is not a positive integer, or that cannot let the largest frame through. */
function checkLimits(options: ResolvedOptions): void {
  for (const name of POSITIVE_INTEGER_OPTIONS) {
    const value = options[name]
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`createCollabServer: ${name} must be a positive integer (got ${String(value)})`)
    }
  }
  if (!Number.isSafeInteger(options.autoVersionIntervalMs) || options.autoVersionIntervalMs < 0) {
    throw new RangeError(`createCollabServer: autoVersionIntervalMs must be a whole number of milliseconds, 0 or more (got ${String(options.autoVersionIntervalMs)})`)
  }
  if (options.autoVersionIntervalMs > MAX_TIMER_MS) {
    throw new RangeError(
      `createCollabServer: autoVersionIntervalMs (AUTO_VERSION_MINUTES) must be at most ${MAX_TIMER_MS} ms (35791 minutes, the longest a timer can wait; got ${options.autoVersionIntervalMs})`,
    )
  }
  if (!Number.isSafeInteger(options.manualVersionIntervalMs) || options.manualVersionIntervalMs < 0) {
    throw new RangeError(`createCollabServer: manualVersionIntervalMs must be a whole number of milliseconds, 0 or more (got ${String(options.manualVersionIntervalMs)})`)
  }
  if (!(options.heapShedRatio > 0 && options.heapShedRatio <= 1)) {
    throw new RangeError(`createCollabServer: heapShedRatio must be above 0 and at most 1 (got ${String(options.heapShedRatio)})`)
  }
  const frame = options.maxMessageBytes
  if (options.byteBurst < frame) throw new RangeError(`createCollabServer: byteBurst (${options.byteBurst}) must be at least maxMessageBytes (${frame})`)
  if (options.maxQueuedIncomingBytes < frame + FRAME_OVERHEAD_BYTES) {
    throw new RangeError(
      `createCollabServer: maxQueuedIncomingBytes (${options.maxQueuedIncomingBytes}) must be at least maxMessageBytes + ${FRAME_OVERHEAD_BYTES} (${frame + FRAME_OVERHEAD_BYTES})`,
    )
  }
}

/** Fills in defaults for every option that is missing or undefined; throws when a limit is not a positive integer. */
export function resolveOptions(options: CollabServerOptions): ResolvedOptions {
  const resolved = fillDefaults(options)
  checkLimits(resolved)
  if (!KEY_PREFIX_PATTERN.test(resolved.redisKeyPrefix)) throw new Error('createCollabServer: redisKeyPrefix must be 1–64 letters, digits, "-", "_", "." or ":"')
  return resolved
}

function fillDefaults(options: CollabServerOptions): ResolvedOptions {
  return {
    host: '0.0.0.0',
    ...LIMIT_DEFAULTS,
    maxPendingBytes: 1 * MiB,
    maxBufferedBytes: 16 * MiB,
    maxDocumentBufferedBytes: 64 * MiB,
    maxServerBufferedBytes: 256 * MiB,
    maxQueuedIncomingMessages: 1000,
    maxQueuedIncomingBytes: 16 * MiB,
    heapShedRatio: 0.75,
    memoryCheckIntervalMs: 500,
    pingIntervalMs: 30_000,
    compactionThreshold: 500,
    unloadCompactionMinUpdates: 10,
    touchIntervalMs: 1_000,
    maxBodyBytes: 16 * MiB,
    shutdownGraceMs: 2_000,
    appPort: 3000,
    processMetrics: false,
    autoVersionIntervalMs: 60 * 60_000,
    manualVersionIntervalMs: 5_000,
    sqliteSynchronous: 'normal',
    redisKeyPrefix: DEFAULT_KEY_PREFIX,
    ...withoutUndefined(options),
    // Built only when needed: each default logger is a pino instance.
    logger: options.logger ?? createJsonLogger(),
    port: options.port,
    dataDir: options.dataDir,
    contentDir: options.contentDir ?? null,
    authSecret: options.authSecret ?? null,
    allowedOrigins: options.allowedOrigins ?? null,
    sqliteMaxPageCount: options.sqliteMaxPageCount ?? null,
    databaseUrl: options.databaseUrl ?? null,
    redisUrl: options.redisUrl ?? null,
  }
}
