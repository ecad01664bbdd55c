import Database from 'better-sqlite3'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The lock file inside the data directory: an empty SQLite database a running server holds locked. */
const LOCK_FILE_NAME = 'server.lock'
/** Written next to the lock by its holder: the pid of the server that holds it (for the refusal message). */
export const LOCK_OWNER_FILE_NAME = 'server.lock.pid'

/** Another collab server holds the data directory; the message names the directory and its pid. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError'

  constructor(
    readonly dataDir: string,
    readonly ownerPid: number | null,
  ) {
    const owner = ownerPid === null ? 'another collab server' : `another collab server (pid ${ownerPid})`
    super(`DATA_DIR ${dataDir} is in use by ${owner}; stop it first, or give this one another DATA_DIR`)
  }
}

function ownerPidOf(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, LOCK_OWNER_FILE_NAME), 'utf8').trim())
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

const isBusy = (error: unknown) => (error as { code?: unknown }).code === 'SQLITE_BUSY'

/**
 * An exclusive lock on a data directory, so that two collab servers never serve the same store
 * (each would hold its own copy of a room in memory and split it). It is SQLite's own file lock:
 * a connection to `<dataDir>/server.lock` keeps an exclusive transaction open. The operating
 * system drops the lock when the process dies, even by `kill -9`, so a stale lock never blocks the
 * next start; within one process a second lock on the same directory is refused too. The CLIs do
 * not take it: export reads and import only adds new documents, both safe beside a server.
 */
export class DataDirLock {
  private constructor(
    private readonly db: Database.Database,
    readonly dataDir: string,
  ) {}

  /**
   * Takes the lock on `dataDir` (created if missing) at once, without waiting. Throws
   * {@link DataDirLockedError} when another server holds it; other I/O errors (writing the pid
   * file too) are thrown as they are, with no lock left held.
   */
  static acquire(dataDir: string): DataDirLock {
    const directory = resolve(dataDir)
    mkdirSync(directory, { recursive: true })
    const db = new Database(join(directory, LOCK_FILE_NAME), { timeout: 0 })
    try {
      db.exec('BEGIN EXCLUSIVE')
    } catch (error) {
      db.close()
      if (isBusy(error)) throw new DataDirLockedError(directory, ownerPidOf(directory))
      throw error
    }
    try {
      writeFileSync(join(directory, LOCK_OWNER_FILE_NAME), `${process.pid}\n`)
    } catch (error) {
      db.close()
      throw error
    }
    return new DataDirLock(db, directory)
  }

  /** Releases the lock (idempotent). The pid file goes first, so it never names the next holder wrongly. */
  release(): void {
    if (!this.db.open) return
    rmSync(join(this.dataDir, LOCK_OWNER_FILE_NAME), { force: true })
    this.db.close()
  }
}
