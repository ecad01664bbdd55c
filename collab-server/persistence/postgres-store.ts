import type pg from 'pg'
import type { VersionRecord } from '../../editor/model/versions'
import type { Logger } from '../logger'
import { mergeStoredUpdates } from './merge-updates'
import { createPostgresPool, inTransaction, type PostgresPoolOptions } from './postgres-pool'
import { getVersion, insertAndPrune, listVersions, POSTGRES_VERSIONS_SCHEMA } from './postgres-versions'
import { WriteHealth, type StoreHealth } from './write-health'
import {
  DocumentExistsError,
  type AddedVersion,
  type CreateDocumentResult,
  type DocumentRecord,
  type DocumentStore,
  type NewDocument,
  type NewVersion,
  type StoredUpdate,
  type VersionLimits,
} from './document-store'

// Ids are compared and ordered byte-wise (COLLATE "C"), as SQLite does, whatever the database's locale.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS documents (
    id TEXT COLLATE "C" PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    token_generation INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS updates (
    seq BIGSERIAL PRIMARY KEY,
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
    data BYTEA NOT NULL
  );
  CREATE INDEX IF NOT EXISTS updates_by_doc ON updates (doc_id, seq);
  CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY, data BYTEA NOT NULL);
`

/** The advisory lock key under which a store creates the schema (so that servers opening one database at once do not race). */
const SCHEMA_LOCK_KEY = 0x5350_414e

interface DocumentRow {
  id: string
  title: string
  created_at: string
  updated_at: string
}

function toRecord(row: DocumentRow): DocumentRecord {
  return { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at }
}

function toStoredUpdate(row: { seq: string; data: Buffer }): StoredUpdate {
  return { seq: Number(row.seq), data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) }
}

/** An append to a document that does not exist (a caller's mistake, not the store's failure). */
class MissingDocumentError extends Error {
  override readonly name = 'MissingDocumentError'
}

type Write = { kind: 'append'; id: string; update: Uint8Array } | { kind: 'touch'; id: string; updatedAt: string }
type QueuedWrite = Write & { resolve: (value: number) => void; reject: (error: unknown) => void }

/** Options of {@link PostgresStore.open}. */
export type PostgresStoreOptions = PostgresPoolOptions

const closedError = () => new Error('the document store is closed')

/**
 * The PostgreSQL {@link DocumentStore} (`DATABASE_URL`): tables `documents`, `updates` (a
 * store-wide `BIGSERIAL` seq), `versions` and `health_probe`, shared by every server process on
 * the database. An append resolves once its transaction has committed.
 *
 * Group commit, as SQLite's store: appends and touches queued during one turn of the event loop
 * are written in one transaction, one batch after the other, so a store numbers its appends in
 * call order. Writes that change a document's rows as a whole (compaction, versions) lock the
 * document's row, so two servers doing them at once take turns; appends from other servers go on.
 *
 * Health as SQLite's: a write failing for a reason of the database's own makes
 * {@link PostgresStore.health} report it until a write that adds rows succeeds (or the health
 * check's probe write does).
 */
export class PostgresStore implements DocumentStore {
  private readonly writeHealth = new WriteHealth()
  private queue: QueuedWrite[] = []
  private flushScheduled = false
  private writing: Promise<void> = Promise.resolve()
  private readonly inFlight = new Set<Promise<unknown>>()
  private closed = false

  private constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger | undefined,
  ) {}

  /**
   * Connects to `url` and creates the tables when missing (under an advisory lock: several servers
   * may open one fresh database at once). Rejects when `url` is not a PostgreSQL URL or the
   * database cannot be reached; the error never holds the URL's password.
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = createPostgresPool(url, options)
    try {
      await inTransaction(pool, options.logger, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY])
        await client.query(SCHEMA)
        await client.query(POSTGRES_VERSIONS_SCHEMA)
      })
    } catch (error) {
      await pool.end()
      throw error
    }
    return new PostgresStore(pool, options.logger)
  }

  listDocuments(): Promise<DocumentRecord[]> {
    return this.run(async () => {
      const { rows } = await this.pool.query<DocumentRow>('SELECT id, title, created_at, updated_at FROM documents ORDER BY updated_at DESC, id ASC')
      return rows.map(toRecord)
    })
  }

  getDocument(id: string): Promise<DocumentRecord | null> {
    return this.run(async () => {
      const { rows } = await this.pool.query<DocumentRow>('SELECT id, title, created_at, updated_at FROM documents WHERE id = $1', [id])
      return rows[0] ? toRecord(rows[0]) : null
    })
  }

  createDocument(document: NewDocument): Promise<CreateDocumentResult> {
    const { id, title, createdAt, initialUpdate } = document
    return this.run(async () => {
      const created = await this.writeHealth.trackAsync(() =>
        inTransaction(this.pool, this.logger, async (client) => {
          const inserted = await client.query('INSERT INTO documents (id, title, created_at, updated_at) VALUES ($1, $2, $3, $3) ON CONFLICT (id) DO NOTHING', [
            id,
            title,
            createdAt,
          ])
          if (inserted.rowCount === 0) return false
          await client.query('INSERT INTO updates (doc_id, data) VALUES ($1, $2)', [id, initialUpdate])
          return true
        }),
      )
      if (!created) return { ok: false, error: new DocumentExistsError(id) }
      this.writeHealth.grew()
      return { ok: true, document: { id, title, createdAt, updatedAt: createdAt } }
    })
  }

  /** Sum of the byte lengths of the document's stored updates (the size quota); 0 when it has none. */
  storedBytes(id: string): Promise<number> {
    return this.run(async () => {
      const { rows } = await this.pool.query<{ bytes: string }>('SELECT coalesce(sum(octet_length(data)), 0) AS bytes FROM updates WHERE doc_id = $1', [id])
      return Number(rows[0].bytes)
    })
  }

  loadUpdates(id: string): Promise<StoredUpdate[]> {
    return this.run(async () => {
      const { rows } = await this.pool.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM updates WHERE doc_id = $1 ORDER BY seq', [id])
      return rows.map(toStoredUpdate)
    })
  }

  appendUpdate(id: string, update: Uint8Array): Promise<number> {
    // A copy: the caller may reuse its array before the batch is written.
    return this.enqueue({ kind: 'append', id, update: Uint8Array.from(update) })
  }

  /**
   * Locks the document's row, reads its rows `seq <= upToSeq`, writes their merge over the last of
   * them and deletes exactly the others read: a row another server commits meanwhile (with a
   * lower seq, taken before ours) is never deleted unmerged.
   */
  compact(id: string, upToSeq: number): Promise<number> {
    return this.run(() =>
      this.writeHealth.trackAsync(() =>
        inTransaction(this.pool, this.logger, async (client) => {
          const locked = await client.query('SELECT 1 FROM documents WHERE id = $1 FOR NO KEY UPDATE', [id])
          if (locked.rowCount === 0) return 0
          const { rows } = await client.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM updates WHERE doc_id = $1 AND seq <= $2 ORDER BY seq', [id, upToSeq])
          if (rows.length > 1) {
            const merged = mergeStoredUpdates(rows.map((row) => toStoredUpdate(row).data))
            const last = rows[rows.length - 1]
            await client.query('UPDATE updates SET data = $1 WHERE seq = $2', [merged, last.seq])
            await client.query('DELETE FROM updates WHERE seq = ANY($1::bigint[])', [rows.slice(0, -1).map((row) => row.seq)])
          }
          const count = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM updates WHERE doc_id = $1', [id])
          return count.rows[0].count
        }),
      ),
    )
  }

  async touchDocument(id: string, updatedAt: string): Promise<void> {
    await this.enqueue({ kind: 'touch', id, updatedAt })
  }

  tokenGeneration(id: string): Promise<number | null> {
    return this.run(async () => {
      const { rows } = await this.pool.query<{ token_generation: number }>('SELECT token_generation FROM documents WHERE id = $1', [id])
      return rows[0]?.token_generation ?? null
    })
  }

  bumpTokenGeneration(id: string): Promise<number | null> {
    return this.run(async () => {
      const sql = 'UPDATE documents SET token_generation = token_generation + 1 WHERE id = $1 RETURNING token_generation'
      const { rows } = await this.writeHealth.trackAsync(() => this.pool.query<{ token_generation: number }>(sql, [id]))
      return rows[0]?.token_generation ?? null
    })
  }

  listVersions(docId: string): Promise<VersionRecord[]> {
    return this.run(() => listVersions(this.pool, docId))
  }

  getVersion(docId: string, number: number): Promise<{ version: VersionRecord; state: Uint8Array } | null> {
    return this.run(() => getVersion(this.pool, docId, number))
  }

  addVersion(version: NewVersion, limits: VersionLimits): Promise<AddedVersion | null> {
    return this.run(async () => {
      const added = await this.writeHealth.trackAsync(() => inTransaction(this.pool, this.logger, (client) => insertAndPrune(client, version, limits)))
      if (added) this.writeHealth.grew()
      return added
    })
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, reason: 'the document store is closed' }
    try {
      await this.pool.query('SELECT 1')
    } catch (error) {
      return { ok: false, reason: `read failed: ${(error as Error).message}` }
    }
    if (this.writeHealth.failing) {
      try {
        await this.writeHealth.trackAsync(() => this.probeWrite())
        this.writeHealth.grew()
      } catch {
        // Recorded by trackAsync(): current() below reports the probe's failure.
      }
    }
    return this.writeHealth.current()
  }

  /** Waits for every write and query already issued, then closes the pool. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.scheduleFlush(true)
    await this.writing
    await Promise.allSettled([...this.inFlight])
    await this.pool.end()
  }

  /** A row written and removed, in this server's own key: fails as a new update would. */
  private probeWrite(): Promise<void> {
    return inTransaction(this.pool, this.logger, async (client) => {
      await client.query('INSERT INTO health_probe (id, data) VALUES (pg_backend_pid(), $1) ON CONFLICT (id) DO UPDATE SET data = excluded.data', [Buffer.alloc(4096)])
      await client.query('DELETE FROM health_probe WHERE id = pg_backend_pid()')
    })
  }

  /** Runs one call, rejecting once the store is closed; {@link close} waits for it. */
  private run<T>(call: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(closedError())
    const pending = call()
    this.inFlight.add(pending)
    const forget = () => this.inFlight.delete(pending)
    pending.then(forget, forget)
    return pending
  }

  private enqueue(write: Write): Promise<number> {
    if (this.closed) return Promise.reject(closedError())
    return new Promise((resolve, reject) => {
      this.queue.push({ ...write, resolve, reject })
      this.scheduleFlush(false)
    })
  }

  /** Chains a flush after the current one: at the next turn of the event loop, or `now`. */
  private scheduleFlush(now: boolean): void {
    const chain = () => {
      // flush() settles every write itself; this only keeps the chain going after a bug.
      this.writing = this.writing.then(() => this.flush()).catch((error: unknown) => this.logger?.error('postgres-flush-failed', { error }))
    }
    if (now) return chain()
    if (this.flushScheduled) return
    this.flushScheduled = true
    setImmediate(chain)
  }

  /** Writes every queued write in one transaction; when it fails, one by one, rejecting only those that fail. */
  private async flush(): Promise<void> {
    this.flushScheduled = false
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    let results: (number | MissingDocumentError)[] | null = null
    try {
      results = await inTransaction(this.pool, this.logger, async (client) => {
        const done: (number | MissingDocumentError)[] = []
        for (const write of batch) done.push(await this.runWrite(client, write))
        return done
      })
    } catch {
      results = null
    }
    if (results) {
      if (batch.some((write, index) => write.kind === 'append' && typeof results[index] === 'number')) this.writeHealth.grew()
      batch.forEach((write, index) => settle(write, results[index]))
      return
    }
    for (const write of batch) {
      try {
        const result = await this.writeHealth.trackAsync(() => this.runWrite(this.pool, write))
        if (write.kind === 'append' && typeof result === 'number') this.writeHealth.grew()
        settle(write, result)
      } catch (error) {
        write.reject(error)
      }
    }
  }

  /** One write; an append resolves its `seq` (a {@link MissingDocumentError} for an unknown document), a touch 0. */
  private async runWrite(db: pg.Pool | pg.PoolClient, write: Write): Promise<number | MissingDocumentError> {
    if (write.kind === 'touch') {
      await db.query('UPDATE documents SET updated_at = $1 WHERE id = $2', [write.updatedAt, write.id])
      return 0
    }
    // Checked here rather than left to the foreign key, so that the batch's transaction goes on.
    const sql = 'INSERT INTO updates (doc_id, data) SELECT $1::text, $2::bytea WHERE EXISTS (SELECT 1 FROM documents WHERE id = $1::text) RETURNING seq'
    const { rows } = await db.query<{ seq: string }>(sql, [write.id, write.update])
    return rows[0] ? Number(rows[0].seq) : new MissingDocumentError(`cannot append to document "${write.id}": it does not exist`)
  }
}

function settle(write: QueuedWrite, result: number | MissingDocumentError): void {
  if (typeof result === 'number') write.resolve(result)
  else write.reject(result)
}
