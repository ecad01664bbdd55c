import * as Y from 'yjs'
import { annotationsMap, recordEntries, recordToMap } from './annotation-store'
import { DATA_MODEL_VERSION, META_MAP } from './doc-layout'
import type { AnnotationRecord } from './annotation'
import { assembleRecord } from './stored-record'
import { isV1RecordMap, readV1Record } from './v1-records'

/** What {@link upgradeDataModel} did. */
export interface DataModelUpgrade {
  readonly from: number
  readonly to: number
  /** Records rewritten in the current layout. */
  readonly upgraded: number
  /** Records left as they were because they did not validate as version 1 records (listed as invalid, as before). */
  readonly kept: ReadonlyArray<{ readonly id: string; readonly error: string }>
}

/** The data-model version a document says it is in (`meta.schemaVersion`), or null when it says none. */
export function storedDataModelVersion(ydoc: Y.Doc): number | null {
  const version = ydoc.getMap(META_MAP).get('schemaVersion')
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : null
}

/** Whether a stored state (one Yjs update) is a document of an earlier data model than this code's. */
export function isEarlierDataModel(state: Uint8Array): boolean {
  const ydoc = new Y.Doc()
  try {
    Y.applyUpdate(ydoc, state)
    const version = storedDataModelVersion(ydoc)
    return version !== null && version < DATA_MODEL_VERSION
  } finally {
    ydoc.destroy()
  }
}

/**
 * Brings a version 1 document to the current data model in one Yjs transaction (`origin`): every
 * version 1 record map is replaced by a version 2 record map with the same id, anchors, type,
 * attributes, note, author, times and comments, and `meta.schemaVersion` becomes
 * {@link DATA_MODEL_VERSION}. A record that does not validate is left as it is (readers list it as
 * invalid, as they did). Returns null, changing nothing, when the document is not version 1 (already
 * current, newer, or without a version). Idempotent: run again, it finds version 2 and returns null.
 */
export function upgradeDataModel(ydoc: Y.Doc, origin: unknown): DataModelUpgrade | null {
  const from = storedDataModelVersion(ydoc)
  if (from !== 1) return null
  const records = annotationsMap(ydoc)
  const replacements: Array<[string, Y.Map<unknown>]> = []
  const kept: Array<{ id: string; error: string }> = []
  for (const [id, value] of records.entries()) {
    if (!(value instanceof Y.Map) || !isV1RecordMap(value)) {
      kept.push({ id, error: 'not a version 1 record' })
      continue
    }
    const read = readV1Record(id, value)
    if ('error' in read) {
      kept.push({ id, error: read.error })
      continue
    }
    const record = withUniqueCommentIds(read.record)
    // Replace only what reads back: a v1 record v2 could not hold (an anchor its encoding cannot
    // carry) stays as it was, listed as invalid, rather than be lost.
    const check = assembleRecord(id, recordEntries(record))
    if ('error' in check) kept.push({ id, error: check.error })
    else replacements.push([id, recordToMap(record)])
  }
  ydoc.transact(() => {
    for (const [id, map] of replacements) records.set(id, map)
    ydoc.getMap(META_MAP).set('schemaVersion', DATA_MODEL_VERSION)
  }, origin)
  return { from, to: DATA_MODEL_VERSION, upgraded: replacements.length, kept }
}

/**
 * The record with every comment id unique: version 1 kept comments in an array, where two could
 * share an id (an imported file); version 2 keys each comment by its id. A repeated id gets `~2`,
 * `~3`… so no comment is lost.
 */
function withUniqueCommentIds(record: AnnotationRecord): AnnotationRecord {
  const seen = new Set<string>()
  const comments = record.comments.map((comment) => {
    let id = comment.id
    for (let n = 2; seen.has(id); n++) id = `${comment.id.slice(0, 95)}~${n}`
    seen.add(id)
    return id === comment.id ? comment : { ...comment, id }
  })
  return { ...record, comments }
}
