/** What a store reports to the health check: ok, or why it cannot be relied on. */
export type StoreHealth = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/** PostgreSQL's SQLSTATE class 23: integrity constraint violations. */
const POSTGRES_CONSTRAINT_CLASS = /^23[0-9A-Z]{3}$/

/** Errors of a write that say nothing about the store itself (a write that breaks a constraint). */
function isStoreFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return !(typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || POSTGRES_CONSTRAINT_CLASS.test(code)))
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? `${message} (${code})` : message
}

/**
 * The store's health by its writes: once a write fails for a reason of the store's own (a full
 * disk `SQLITE_FULL`, a read-only file `SQLITE_READONLY`, I/O errors, a lock held elsewhere) the
 * store is unhealthy, with that reason, until a write that adds to the file succeeds again. A
 * write that only rewrites rows in place (an `updatedAt` touch) can succeed on a full disk, so it
 * clears nothing.
 */
export class WriteHealth {
  private failure: string | null = null

  /** Records a failed write; constraint violations (a caller's mistake) leave the health as it is. */
  failed(error: unknown): void {
    if (isStoreFailure(error)) this.failure = `write failed: ${describe(error)}`
  }

  /** Records a write that added to the file (an append, a new document, the health probe) and succeeded. */
  grew(): void {
    this.failure = null
  }

  /** Runs a write, recording its failure (not its success: see {@link grew}); its error is rethrown. */
  track<T>(write: () => T): T {
    try {
      return write()
    } catch (error) {
      this.failed(error)
      throw error
    }
  }

  /** {@link track} for an asynchronous write. */
  async trackAsync<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write()
    } catch (error) {
      this.failed(error)
      throw error
    }
  }

  /** True from a failed write until one that added to the file succeeded. */
  get failing(): boolean {
    return this.failure !== null
  }

  /** The health by the writes so far. */
  current(): StoreHealth {
    return this.failure === null ? { ok: true } : { ok: false, reason: this.failure }
  }
}
