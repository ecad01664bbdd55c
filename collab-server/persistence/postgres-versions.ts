import type pg from 'pg'
import type { VersionRecord } from '../../editor/model/versions'
import type { AddedVersion, NewVersion, VersionLimits } from './document-store'
import { RECORD_COLUMNS, toVersionRecord, type VersionRow } from './version-rows'

/**
 * The `versions` table, as SQLite's (`sqlite-versions.ts`): one row per version, its whole Yjs
 * state in `state`. Rows go with their document (`ON DELETE CASCADE`).
 */
export const POSTGRES_VERSIONS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS versions (
    doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('manual', 'auto')),
    created_by_id TEXT,
    created_by_name TEXT,
    created_at TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    state BYTEA NOT NULL,
    PRIMARY KEY (doc_id, number)
  );
`

/** A document's versions, newest first, without their states. */
export async function listVersions(db: pg.Pool, docId: string): Promise<VersionRecord[]> {
  const { rows } = await db.query<VersionRow>(`SELECT ${RECORD_COLUMNS} FROM versions WHERE doc_id = $1 ORDER BY number DESC`, [docId])
  return rows.map(toVersionRecord)
}

/** One version and its state; null when the document has no version `number`. */
export async function getVersion(db: pg.Pool, docId: string, number: number): Promise<{ version: VersionRecord; state: Uint8Array } | null> {
  const { rows } = await db.query<VersionRow & { state: Buffer }>(`SELECT ${RECORD_COLUMNS}, state FROM versions WHERE doc_id = $1 AND number = $2`, [docId, number])
  const row = rows[0]
  if (!row) return null
  return { version: toVersionRecord(row), state: new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength) }
}

/**
 * Inserts a version numbered one above the document's highest, then prunes to `limits` (the
 * oldest automatic versions, never the new one); null when the document does not exist. Runs in
 * the caller's transaction: it locks the document's row first, so that two servers adding
 * versions of one document at once number them one after the other.
 */
export async function insertAndPrune(client: pg.PoolClient, version: NewVersion, limits: VersionLimits): Promise<AddedVersion | null> {
  const { docId, name, kind, createdBy, createdAt, state } = version
  // NO KEY UPDATE: serialises with other version writers and compactions, not with appends.
  const locked = await client.query('SELECT 1 FROM documents WHERE id = $1 FOR NO KEY UPDATE', [docId])
  if (locked.rowCount === 0) return null
  const { rows } = await client.query<{ next: number }>('SELECT coalesce(max(number), 0) + 1 AS next FROM versions WHERE doc_id = $1', [docId])
  const number = rows[0].next
  await client.query('INSERT INTO versions (doc_id, number, name, kind, created_by_id, created_by_name, created_at, bytes, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
    docId,
    number,
    name,
    kind,
    createdBy?.id ?? null,
    createdBy?.name ?? null,
    createdAt,
    state.byteLength,
    state,
  ])
  const pruned: number[] = []
  for (;;) {
    const totals = await client.query<{ count: number; bytes: string }>('SELECT count(*)::int AS count, coalesce(sum(bytes), 0) AS bytes FROM versions WHERE doc_id = $1', [docId])
    const { count, bytes } = totals.rows[0]
    if (count <= limits.maxCount && Number(bytes) <= limits.maxBytes) break
    // The oldest automatic version; never the one just added. Manual versions are never pruned.
    const victim = await client.query<{ number: number }>("SELECT number FROM versions WHERE doc_id = $1 AND number != $2 AND kind = 'auto' ORDER BY number ASC LIMIT 1", [
      docId,
      number,
    ])
    if (victim.rowCount === 0) break
    await client.query('DELETE FROM versions WHERE doc_id = $1 AND number = $2', [docId, victim.rows[0].number])
    pruned.push(victim.rows[0].number)
  }
  return { version: { number, name, kind, createdBy, createdAt, bytes: state.byteLength }, pruned }
}
