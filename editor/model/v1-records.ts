import * as Y from 'yjs'
import { annotationRecordSchema, describeRecordIssues, type AnnotationRecord } from './annotation'
import { jsonValueProblem } from './shape-limits'

/**
 * Annotation records as data model version 1 stored them (docs/data-model.md, changelog): a
 * nested Y.Map per record with one entry per field, and the comments in a `comments` Y.Array.
 * Read only to upgrade a version 1 document (`upgrade-data-model.ts`); written only by tests and
 * benchmarks that need a version 1 document.
 */
const V1_COMMENTS_FIELD = 'comments'

/** Whether a record map is in the version 1 layout (it has the fields v1 always wrote). */
export function isV1RecordMap(map: Y.Map<unknown>): boolean {
  return map.has('id') && map.has('type') && !map.has('base')
}

/**
 * A version 1 record read and validated, field by field, without recursing into anything a rogue
 * client nested (only `comments` may be a shared type, a Y.Array of plain values).
 */
export function readV1Record(id: string, map: Y.Map<unknown>): { record: AnnotationRecord } | { error: string } {
  const fields: Record<string, unknown> = {}
  for (const [key, value] of map.entries()) {
    const name = key.slice(0, 40)
    const plain = key === V1_COMMENTS_FIELD && value instanceof Y.Array ? value.toArray() : value
    if (plain instanceof Y.AbstractType) return { error: `${name}: must be ${key === V1_COMMENTS_FIELD ? 'a Y.Array' : 'a plain value'}` }
    if (Array.isArray(plain) && key === V1_COMMENTS_FIELD && plain.some((comment) => comment instanceof Y.AbstractType)) return { error: `${name}: must hold plain values` }
    const problem = jsonValueProblem(plain)
    if (problem) return { error: `${name}: ${problem}` }
    fields[key] = plain
  }
  const parsed = annotationRecordSchema.safeParse(fields)
  if (!parsed.success) return { error: describeRecordIssues(parsed.error) }
  if (parsed.data.id !== id) return { error: `id: must equal the map key "${id}"` }
  return { record: parsed.data }
}

/** A record as a version 1 record map: every field its own entry, the comments a Y.Array (version 1 had no links). */
export function v1RecordMap(record: AnnotationRecord): Y.Map<unknown> {
  const map = new Y.Map<unknown>()
  for (const [key, value] of Object.entries(record)) if (key !== V1_COMMENTS_FIELD && key !== 'links') map.set(key, value)
  const thread = new Y.Array<unknown>()
  thread.push(record.comments)
  map.set(V1_COMMENTS_FIELD, thread)
  return map
}
