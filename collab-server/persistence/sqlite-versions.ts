import type Database from 'better-sqlite3'
import type { VersionRecord } from '../../editor/model/versions'
import type { AddedVersion, NewVersion, VersionLimits } from './document-store'
import { RECORD_COLUMNS, toVersionRecord, type VersionRow } from './version-rows'

/**
 * The `versions` table: one row per version, its whole Yjs state in `state` (a self-contained
 * copy; see docs/data-model.md, "Versions"). Rows go with their document (`ON DELETE CASCADE`).
 */
export const VERSIONS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS versions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('manual', 'auto')),
    created_by_id TEXT,
    created_by_name TEXT,
    created_at TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    state BLOB NOT NULL,
    PRIMARY KEY (doc_id, number)
  );
`

function prepareStatements(db: Database.Database) {
  return {
    list: db.prepare<[string], VersionRow>(`SELECT ${RECORD_COLUMNS} FROM versions WHERE doc_id = ? ORDER BY number DESC`),
    get: db.prepare<[string, number], VersionRow & { state: Buffer }>(`SELECT ${RECORD_COLUMNS}, state FROM versions WHERE doc_id = ? AND number = ?`),
    documentExists: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM documents WHERE id = ?'),
    nextNumber: db.prepare<[string], { next: number }>('SELECT coalesce(max(number), 0) + 1 AS next FROM versions WHERE doc_id = ?'),
    insert: db.prepare<[string, number, string, string, string | null, string | null, string, number, Uint8Array]>(
      'INSERT INTO versions (doc_id, number, name, kind, created_by_id, created_by_name, created_at, bytes, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    totals: db.prepare<[string], { count: number; bytes: number }>('SELECT count(*) AS count, coalesce(sum(bytes), 0) AS bytes FROM versions WHERE doc_id = ?'),
    // The oldest automatic version; never the one just added. Manual versions are never pruned.
    oldestPrunable: db.prepare<[string, number], { number: number }>("SELECT number FROM versions WHERE doc_id = ? AND number != ? AND kind = 'auto' ORDER BY number ASC LIMIT 1"),
    delete: db.prepare<[string, number]>('DELETE FROM versions WHERE doc_id = ? AND number = ?'),
  }
}

/** The SQLite side of the store's version methods (statements and the add-and-prune transaction). */
export class SqliteVersions {
  private readonly statements: ReturnType<typeof prepareStatements>
  /** Inserts and prunes in one transaction; null when the document does not exist. */
  readonly add: (version: NewVersion, limits: VersionLimits) => AddedVersion | null

  constructor(db: Database.Database) {
    this.statements = prepareStatements(db)
    this.add = db.transaction((version: NewVersion, limits: VersionLimits) => this.insertAndPrune(version, limits))
  }

  list(docId: string): VersionRecord[] {
    return this.statements.list.all(docId).map(toVersionRecord)
  }

  get(docId: string, number: number): { version: VersionRecord; state: Uint8Array } | null {
    const row = this.statements.get.get(docId, number)
    if (!row) return null
    return { version: toVersionRecord(row), state: new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength) }
  }

  private insertAndPrune(version: NewVersion, limits: VersionLimits): AddedVersion | null {
    const { docId, name, kind, createdBy, createdAt, state } = version
    if (!this.statements.documentExists.get(docId)) return null
    const number = this.statements.nextNumber.get(docId)!.next
    this.statements.insert.run(docId, number, name, kind, createdBy?.id ?? null, createdBy?.name ?? null, createdAt, state.byteLength, state)
    const pruned: number[] = []
    for (;;) {
      const totals = this.statements.totals.get(docId)!
      if (totals.count <= limits.maxCount && totals.bytes <= limits.maxBytes) break
      const victim = this.statements.oldestPrunable.get(docId, number)
      if (!victim) break
      this.statements.delete.run(docId, victim.number)
      pruned.push(victim.number)
    }
    return { version: { number, name, kind, createdBy, createdAt, bytes: state.byteLength }, pruned }
  }
}
