import type { VersionKind, VersionRecord } from '../../editor/model/versions'

/** A `versions` row without its state, as both stores read it. */
export interface VersionRow {
  number: number
  name: string
  kind: VersionKind
  created_by_id: string | null
  created_by_name: string | null
  created_at: string
  bytes: number
}

/** The columns of a {@link VersionRow}, for `SELECT`. */
export const RECORD_COLUMNS = 'number, name, kind, created_by_id, created_by_name, created_at, bytes'

export function toVersionRecord(row: VersionRow): VersionRecord {
  const createdBy = row.created_by_id !== null && row.created_by_name !== null ? { id: row.created_by_id, name: row.created_by_name } : null
  return { number: row.number, name: row.name, kind: row.kind, createdBy, createdAt: row.created_at, bytes: row.bytes }
}
