import type { Logger } from '../logger'
import type { SizedStore } from './document-store'
import { DataDirLock } from './data-dir-lock'
import { PostgresStore } from './postgres-store'
import { redactUrl } from './postgres-pool'
import { SqliteStore } from './sqlite-store'

/** The server's opened store, and the data-directory lock it holds (SQLite only). */
export interface OpenedStore {
  readonly store: SizedStore
  /**
   * Held while the server runs, released by the caller after closing the store. Null for
   * PostgreSQL: several servers share one database, so their data directories are not locked.
   */
  readonly lock: DataDirLock | null
  /** Where the documents are, for logs: the PostgreSQL URL without its password, or the data directory. */
  readonly location: string
}

/** What opening the server's store needs of its resolved options. */
interface StoreOptions {
  readonly dataDir: string
  readonly databaseUrl: string | null
  readonly sqliteSynchronous: 'normal' | 'full'
  readonly sqliteMaxPageCount: number | null
  readonly logger: Logger
}

/** Whether the server must lock its data directory: only with SQLite (no `databaseUrl`). */
function needsDataDirLock(options: Pick<StoreOptions, 'databaseUrl'>): boolean {
  return options.databaseUrl === null
}

/**
 * Opens the server's store: PostgreSQL when `databaseUrl` is set, else SQLite in `dataDir` after
 * locking it. Rejects with `DataDirLockedError` when another server holds the data directory, or
 * with the store's error (the lock released).
 */
export async function openServerStore(options: StoreOptions): Promise<OpenedStore> {
  const { databaseUrl, dataDir, logger } = options
  if (!needsDataDirLock(options) && databaseUrl !== null) {
    return { store: await PostgresStore.open(databaseUrl, { logger }), lock: null, location: redactUrl(databaseUrl) }
  }
  const lock = DataDirLock.acquire(dataDir)
  try {
    const store = SqliteStore.open(dataDir, { synchronous: options.sqliteSynchronous, maxPageCount: options.sqliteMaxPageCount ?? undefined })
    return { store, lock, location: dataDir }
  } catch (error) {
    lock.release()
    throw error
  }
}

/** A tool's logger: errors only, one line each on stderr. */
const stderrErrors: Logger = {
  debug() {},
  info() {},
  warn() {},
  error: (event, fields) => console.error(`${event}: ${JSON.stringify(fields ?? {})}`),
}

/**
 * The store of a command-line tool: PostgreSQL when `databaseUrl` is set (one connection is
 * enough), else SQLite in `dataDir` (no lock: a tool may run next to the server).
 */
export async function openToolStore(databaseUrl: string | null, dataDir: string): Promise<SizedStore> {
  if (databaseUrl !== null) return PostgresStore.open(databaseUrl, { maxConnections: 2, logger: stderrErrors })
  return SqliteStore.open(dataDir)
}
