import pg from 'pg'
import type { Logger } from '../logger'

/** The URL schemes of a PostgreSQL connection string. */
const POSTGRES_URL_SCHEMES = ['postgres:', 'postgresql:'] as const

/** Tuning of {@link createPostgresPool}; every field has a default. */
export interface PostgresPoolOptions {
  /** Connections at most (per server process); default 10. */
  readonly maxConnections?: number
  /** Give up connecting after this long; default 5 s. */
  readonly connectionTimeoutMs?: number
  /** PostgreSQL's `statement_timeout`: a statement running longer is cancelled; default 30 s. */
  readonly statementTimeoutMs?: number
  /** Where pool and connection errors are logged; they never crash the process. */
  readonly logger?: Logger
}

/** Whether `url` parses as a URL with a PostgreSQL scheme. */
export function isPostgresUrl(url: string): boolean {
  try {
    return (POSTGRES_URL_SCHEMES as readonly string[]).includes(new URL(url).protocol)
  } catch {
    return false
  }
}

/** `url` without its password (`postgres://user:***@host/db`), for logs and messages; `(not a URL)` when it does not parse. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(not a URL)'
  }
}

function errorFields(error: Error): Record<string, unknown> {
  return { message: error.message, code: (error as { code?: unknown }).code }
}

/**
 * A pg pool on `url`. Throws (without echoing the URL, which may hold a password) when `url` is not
 * a `postgres://` or `postgresql://` URL. An error of an idle connection (the server restarted,
 * the connection was terminated) is logged and the connection dropped; it never crashes the process.
 */
export function createPostgresPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  if (!isPostgresUrl(url)) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL')
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    // A transaction left open (a crashed request) would hold its row locks: PostgreSQL ends it.
    idle_in_transaction_session_timeout: 60_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'spanwise-collab',
  })
  pool.on('error', (error) => options.logger?.error('postgres-connection-error', errorFields(error)))
  return pool
}

/**
 * Runs `work` on one connection of `pool`, then gives it back; a connection that broke, or that
 * `work` hands to `discard`, is dropped instead. While it is checked out, the connection's own
 * errors (it was terminated between two queries) are logged instead of crashing the process.
 */
async function withConnection<T>(pool: pg.Pool, logger: Logger | undefined, work: (client: pg.PoolClient, discard: (error: Error) => void) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  const discard = (error: Error) => (broken = error)
  const onError = (error: Error) => {
    discard(error)
    logger?.error('postgres-connection-error', errorFields(error))
  }
  client.on('error', onError)
  try {
    return await work(client, discard)
  } finally {
    client.off('error', onError)
    client.release(broken)
  }
}

/** Runs `work` in a transaction (READ COMMITTED) on one connection; rolls back, and rethrows, when it throws. */
export function inTransaction<T>(pool: pg.Pool, logger: Logger | undefined, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withConnection(pool, logger, async (client, discard) => {
    await client.query('BEGIN')
    try {
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      // A connection that cannot even roll back is not given back to the pool.
      await client.query('ROLLBACK').catch(discard)
      throw error
    }
  })
}
