import { createJsonLogger, type Logger } from './logger'

const MiB = 1024 * 1024

/** Defaults of the limits that can also be set by environment variables (`env.ts`). */
export const LIMIT_DEFAULTS = {
  maxMessageBytes: 8 * MiB,
  updateRateLimit: 100,
  updateBurst: 500,
  maxRooms: 1000,
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
  /** Largest accepted websocket frame (ws `maxPayload`); larger ones close the socket with 1009. Default 8 MiB. */
  readonly maxMessageBytes?: number
  /**
   * Sustained document updates (SyncStep2 and update messages) per second one connection may
   * send; beyond it and its burst the connection is closed with 1013. Every other message
   * (awareness, SyncStep1, queries) has a budget of its own of the same size. Default 100.
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
   * Bytes of pending Yjs content (updates that refer to content the server does not have) a room
   * keeps at most; beyond it, or when a peer's update is only such content, the pending content
   * is dropped and that peer closed with 4422. Default 1 MiB.
   */
  readonly maxPendingBytes?: number
  /** Close a connection as a slow consumer beyond this many unsent bytes; default 16 MiB. */
  readonly maxBufferedBytes?: number
  /** Websocket ping period; default 30 s. */
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
  /** Structured logger; default JSON lines on stderr. */
  readonly logger?: Logger
  /** Add prom-client's default Node process metrics to `GET /metrics`; default false (`main.ts` turns it on). */
  readonly processMetrics?: boolean
}

type Nullable = 'contentDir' | 'authSecret' | 'allowedOrigins'

/** {@link CollabServerOptions} with every default filled in. */
export type ResolvedOptions = Required<Omit<CollabServerOptions, Nullable>> & {
  readonly contentDir: string | null
  readonly authSecret: string | null
  readonly allowedOrigins: readonly string[] | null
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>
}

const POSITIVE_INTEGER_OPTIONS = ['maxMessageBytes', 'updateRateLimit', 'updateBurst', 'maxRooms', 'maxPendingBytes'] as const

/** Throws naming the first limit that is not a positive integer. */
function checkLimits(options: ResolvedOptions): void {
  for (const name of POSITIVE_INTEGER_OPTIONS) {
    const value = options[name]
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`createCollabServer: ${name} must be a positive integer (got ${String(value)})`)
    }
  }
}

/** Fills in defaults for every option that is missing or undefined; throws when a limit is not a positive integer. */
export function resolveOptions(options: CollabServerOptions): ResolvedOptions {
  const resolved = fillDefaults(options)
  checkLimits(resolved)
  return resolved
}

function fillDefaults(options: CollabServerOptions): ResolvedOptions {
  return {
    host: '0.0.0.0',
    ...LIMIT_DEFAULTS,
    maxPendingBytes: 1 * MiB,
    maxBufferedBytes: 16 * MiB,
    pingIntervalMs: 30_000,
    compactionThreshold: 500,
    unloadCompactionMinUpdates: 10,
    touchIntervalMs: 1_000,
    maxBodyBytes: 16 * MiB,
    shutdownGraceMs: 2_000,
    appPort: 3000,
    processMetrics: false,
    sqliteSynchronous: 'normal',
    ...withoutUndefined(options),
    // Built only when needed: each default logger is a pino instance.
    logger: options.logger ?? createJsonLogger(),
    port: options.port,
    dataDir: options.dataDir,
    contentDir: options.contentDir ?? null,
    authSecret: options.authSecret ?? null,
    allowedOrigins: options.allowedOrigins ?? null,
  }
}
