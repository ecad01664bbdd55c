import { createJsonLogger, type Logger } from './logger'

const MiB = 1024 * 1024

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
  /** Largest accepted websocket frame (ws `maxPayload`); default 8 MiB. */
  readonly maxMessageBytes?: number
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

/** Fills in defaults for every option that is missing or undefined. */
export function resolveOptions(options: CollabServerOptions): ResolvedOptions {
  return {
    host: '0.0.0.0',
    maxMessageBytes: 8 * MiB,
    maxBufferedBytes: 16 * MiB,
    pingIntervalMs: 30_000,
    compactionThreshold: 500,
    unloadCompactionMinUpdates: 10,
    touchIntervalMs: 1_000,
    maxBodyBytes: 16 * MiB,
    shutdownGraceMs: 2_000,
    appPort: 3000,
    processMetrics: false,
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
