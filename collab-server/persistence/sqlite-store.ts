import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { mergeStoredUpdates } from './merge-updates'
import { WriteHealth, type StoreHealth } from './write-health'
import type { VersionRecord } from '../../editor/model/versions'
import { SqliteVersions, VERSIONS_SCHEMA } from './sqlite-versions'
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

/** The database file's name inside the data directory. */
export const SQLITE_FILE_NAME = 'spanwise.sqlite'

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    token_generation INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    data BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS updates_by_doc ON updates (doc_id, seq);
  CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
`

/** Brings a store made by an earlier version up to {@link SCHEMA}, keeping everything in it. */
function migrate(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('documents')").all()
  if (!columns.some((column) => column.name === 'token_generation')) {
    db.exec('ALTER TABLE documents ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0')
  }
}

interface DocumentRow {
  id: string
  title: string
  created_at: string
  updated_at: string
}

interface UpdateRow {
  seq: number
  data: Buffer
}

function toRecord(row: DocumentRow): DocumentRecord {
  return { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at }
}

function toStoredUpdate(row: UpdateRow): StoredUpdate {
  return { seq: row.seq, data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) }
}

function prepareStatements(db: Database.Database) {
  return {
    list: db.prepare<[], DocumentRow>('SELECT * FROM documents ORDER BY updated_at DESC, id ASC'),
    get: db.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE id = ?'),
    insertDocument: db.prepare<[string, string, string, string]>('INSERT INTO documents (id, title, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING'),
    insertUpdate: db.prepare<[string, Uint8Array]>('INSERT INTO updates (doc_id, data) VALUES (?, ?)'),
    loadUpdates: db.prepare<[string], UpdateRow>('SELECT seq, data FROM updates WHERE doc_id = ? ORDER BY seq'),
    updatesUpTo: db.prepare<[string, number], UpdateRow>('SELECT seq, data FROM updates WHERE doc_id = ? AND seq <= ? ORDER BY seq'),
    replaceUpdate: db.prepare<[Uint8Array, number]>('UPDATE updates SET data = ? WHERE seq = ?'),
    deleteUpdatesBefore: db.prepare<[string, number]>('DELETE FROM updates WHERE doc_id = ? AND seq < ?'),
    countUpdates: db.prepare<[string], { count: number }>('SELECT count(*) AS count FROM updates WHERE doc_id = ?'),
    storedBytes: db.prepare<[string], { bytes: number }>('SELECT coalesce(sum(length(data)), 0) AS bytes FROM updates WHERE doc_id = ?'),
    touch: db.prepare<[string, string]>('UPDATE documents SET updated_at = ? WHERE id = ?'),
    tokenGeneration: db.prepare<[string], { token_generation: number }>('SELECT token_generation FROM documents WHERE id = ?'),
    bumpTokenGeneration: db.prepare<[string], { token_generation: number }>('UPDATE documents SET token_generation = token_generation + 1 WHERE id = ? RETURNING token_generation'),
    ping: db.prepare<[], { ok: number }>('SELECT 1 AS ok'),
    // A page's worth of data written and removed: fails like an update would on a full disk.
    probeWrite: db.prepare('INSERT OR REPLACE INTO health_probe (id, data) VALUES (1, zeroblob(4096))'),
    probeClear: db.prepare('DELETE FROM health_probe'),
  }
}

type Write = { kind: 'append'; id: string; update: Uint8Array } | { kind: 'touch'; id: string; updatedAt: string }
type QueuedWrite = Write & { resolve: (value: number) => void; reject: (error: unknown) => void }

/** `PRAGMA auto_vacuum` value of INCREMENTAL. */
const INCREMENTAL_AUTO_VACUUM = 2
/** Give freed pages back to the file system once a compaction freed this many (4 KiB each). */
const VACUUM_MIN_FREE_PAGES = 256

/**
 * The SQLite {@link DocumentStore} (better-sqlite3): one file `<dataDir>/spanwise.sqlite` in WAL
 * mode. With `synchronous = FULL` (the default of `open`) an appended update is flushed to disk when
 * `appendUpdate` resolves; with `NORMAL` it is in the write-ahead log (safe from a crash of the
 * process) and reaches the disk at the next checkpoint.
 *
 * Group commit: appends and `updatedAt` touches queued during one turn of the event loop, from
 * every document, are written in one transaction, so one disk flush serves them all (better-sqlite3
 * blocks while it flushes; see "Design measurements" in docs/performance.md). If a batch fails,
 * its writes are retried one by one so that only the writes that really fail are rejected.
 *
 * Health: a write that fails for a reason of the store's own (full disk, read-only file, I/O)
 * makes {@link SqliteStore.health} report it until a write that adds to the file (an append batch,
 * a new document) succeeds again; while it does, each health check tries a small probe write of
 * that kind, so the store recovers even when nobody writes. Touches, compactions and token
 * generation bumps rewrite or remove rows, which a full disk allows, so they do not count.
 */
export class SqliteStore implements DocumentStore {
  private readonly statements: ReturnType<typeof prepareStatements>
  private readonly createTransaction: (document: NewDocument) => boolean
  private readonly compactTransaction: (id: string, upToSeq: number) => number
  private readonly batchTransaction: (writes: readonly QueuedWrite[]) => number[]
  private readonly probeTransaction: () => void
  private readonly writeHealth = new WriteHealth()
  private readonly versions: SqliteVersions
  private queue: QueuedWrite[] = []
  private flushScheduled = false

  private constructor(private readonly db: Database.Database) {
    this.statements = prepareStatements(db)
    this.versions = new SqliteVersions(db)
    this.createTransaction = db.transaction((document: NewDocument) => {
      const { id, title, createdAt, initialUpdate } = document
      if (this.statements.insertDocument.run(id, title, createdAt, createdAt).changes === 0) return false
      this.statements.insertUpdate.run(id, initialUpdate)
      return true
    })
    this.compactTransaction = db.transaction((id: string, upToSeq: number) => this.compactRows(id, upToSeq))
    this.batchTransaction = db.transaction((writes: readonly QueuedWrite[]) => writes.map((write) => this.runWrite(write)))
    this.probeTransaction = db.transaction(() => {
      this.statements.probeWrite.run()
      this.statements.probeClear.run()
    })
  }

  /**
   * Opens (creating if needed) `<dataDir>/spanwise.sqlite`, creating `dataDir` too. Throws on I/O
   * errors. `synchronous` (default `full`, the server passes its `SQLITE_SYNCHRONOUS`): see
   * `sqliteSynchronous` in the server options. `maxPageCount` caps the file at that many pages
   * (SQLite `max_page_count`, never below its current size): writes beyond it fail with
   * `SQLITE_FULL` as on a full disk. A store of an earlier version is migrated in place.
   */
  static open(dataDir: string, options: { synchronous?: 'normal' | 'full'; maxPageCount?: number } = {}): SqliteStore {
    mkdirSync(dataDir, { recursive: true })
    const db = new Database(join(dataDir, SQLITE_FILE_NAME))
    db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // Compaction frees pages; incremental auto-vacuum hands them back to the file system (after
    // compact()). Switching an existing file over takes one VACUUM, once; a new file is empty.
    if (db.pragma('auto_vacuum', { simple: true }) !== INCREMENTAL_AUTO_VACUUM) {
      db.pragma('auto_vacuum = INCREMENTAL')
      db.exec('VACUUM')
    }
    db.exec(SCHEMA)
    db.exec(VERSIONS_SCHEMA)
    migrate(db)
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`)
    return new SqliteStore(db)
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    return this.statements.list.all().map(toRecord)
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    const row = this.statements.get.get(id)
    return row ? toRecord(row) : null
  }

  async createDocument(document: NewDocument): Promise<CreateDocumentResult> {
    if (!this.writeHealth.track(() => this.createTransaction(document))) return { ok: false, error: new DocumentExistsError(document.id) }
    this.writeHealth.grew()
    const { id, title, createdAt } = document
    return { ok: true, document: { id, title, createdAt, updatedAt: createdAt } }
  }

  /** Sum of the byte lengths of the document's stored updates (the size quota); 0 when it has none. */
  async storedBytes(id: string): Promise<number> {
    return this.statements.storedBytes.get(id)?.bytes ?? 0
  }

  async loadUpdates(id: string): Promise<StoredUpdate[]> {
    return this.statements.loadUpdates.all(id).map(toStoredUpdate)
  }

  appendUpdate(id: string, update: Uint8Array): Promise<number> {
    return this.enqueue({ kind: 'append', id, update })
  }

  async compact(id: string, upToSeq: number): Promise<number> {
    const before = this.freePages()
    const remaining = this.writeHealth.track(() => this.compactTransaction(id, upToSeq))
    if (this.freePages() - before >= VACUUM_MIN_FREE_PAGES) this.db.pragma('incremental_vacuum')
    return remaining
  }

  private freePages(): number {
    return Number(this.db.pragma('freelist_count', { simple: true }))
  }

  async touchDocument(id: string, updatedAt: string): Promise<void> {
    await this.enqueue({ kind: 'touch', id, updatedAt })
  }

  async tokenGeneration(id: string): Promise<number | null> {
    return this.statements.tokenGeneration.get(id)?.token_generation ?? null
  }

  async bumpTokenGeneration(id: string): Promise<number | null> {
    return this.writeHealth.track(() => this.statements.bumpTokenGeneration.get(id)?.token_generation ?? null)
  }

  async listVersions(docId: string): Promise<VersionRecord[]> {
    return this.versions.list(docId)
  }

  async getVersion(docId: string, number: number): Promise<{ version: VersionRecord; state: Uint8Array } | null> {
    return this.versions.get(docId, number)
  }

  async addVersion(version: NewVersion, limits: VersionLimits): Promise<AddedVersion | null> {
    const added = this.writeHealth.track(() => this.versions.add(version, limits))
    if (added) this.writeHealth.grew()
    return added
  }

  async health(): Promise<StoreHealth> {
    if (!this.db.open) return { ok: false, reason: 'the document store is closed' }
    try {
      this.statements.ping.get()
    } catch (error) {
      return { ok: false, reason: `read failed: ${(error as Error).message}` }
    }
    if (this.writeHealth.failing) {
      try {
        this.writeHealth.track(this.probeTransaction)
        this.writeHealth.grew()
      } catch {
        // Recorded by track(): current() below reports the probe's failure.
      }
    }
    return this.writeHealth.current()
  }

  async close(): Promise<void> {
    if (!this.db.open) return
    this.flush()
    this.db.close()
  }

  private enqueue(write: Write): Promise<number> {
    if (!this.db.open) return Promise.reject(new Error('the document store is closed'))
    return new Promise((resolve, reject) => {
      this.queue.push({ ...write, resolve, reject })
      if (this.flushScheduled) return
      this.flushScheduled = true
      setImmediate(() => this.flush())
    })
  }

  /** Writes every queued write in one transaction (one disk flush); on failure, one by one. */
  private flush(): void {
    this.flushScheduled = false
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    let results: number[] | null = null
    try {
      results = this.batchTransaction(batch)
    } catch {
      results = null
    }
    if (results) {
      if (batch.some((write) => write.kind === 'append')) this.writeHealth.grew()
      batch.forEach((write, index) => write.resolve(results[index]))
      return
    }
    for (const write of batch) {
      try {
        const result = this.writeHealth.track(() => this.runWrite(write))
        if (write.kind === 'append') this.writeHealth.grew()
        write.resolve(result)
      } catch (error) {
        write.reject(error)
      }
    }
  }

  /** One write; an append returns its `seq`, a touch 0. */
  private runWrite(write: Write): number {
    if (write.kind === 'append') return Number(this.statements.insertUpdate.run(write.id, write.update).lastInsertRowid)
    this.statements.touch.run(write.updatedAt, write.id)
    return 0
  }

  /** Merges rows `seq <= upToSeq` into the last of them; runs inside a transaction. */
  private compactRows(id: string, upToSeq: number): number {
    const rows = this.statements.updatesUpTo.all(id, upToSeq)
    if (rows.length > 1) {
      const last = rows[rows.length - 1]
      const merged = mergeStoredUpdates(rows.map((row) => toStoredUpdate(row).data))
      this.statements.replaceUpdate.run(merged, last.seq)
      this.statements.deleteUpdatesBefore.run(id, last.seq)
    }
    return this.statements.countUpdates.get(id)?.count ?? 0
  }
}
