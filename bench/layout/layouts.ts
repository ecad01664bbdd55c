/**
 * Candidate stored forms of annotation records for data model v2, next to today's (v1). Each
 * writes a record, reads every record back as a plain {@link AnnotationRecord} (anchors as
 * relative-position JSON, comments as an array; no validation) and sets a claim's verdict.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { fromBase64, toBase64 } from 'lib0/buffer'
import * as Y from 'yjs'
import type { AnnotationComment, AnnotationRecord, RelativePositionJSON, Verdict } from '../../editor/model/annotation'
import { createAnnotation, readAnnotations } from '../../editor/model/annotation-store'
import { ANNOTATIONS_MAP } from '../../editor/model/doc-layout'
import { v1RecordMap } from '../../editor/model/v1-records'

/** One stored form of the records. */
export interface Layout {
  readonly name: string
  readonly description: string
  write(ydoc: Y.Doc, record: AnnotationRecord): void
  readAll(ydoc: Y.Doc): AnnotationRecord[]
  /** Sets `attrs.verdict` of a claim and `updatedAt`, in one transaction. */
  setVerdict(ydoc: Y.Doc, id: string, verdict: Verdict, at: string): void
}

const ORIGIN = 'bench-layout'

/** v1: a nested Y.Map per record (one item per field), comments a Y.Array (data model 1). */
const nestedMaps: Layout = {
  name: 'v1 nested Y.Map',
  description: 'data model 1: a Y.Map per record, one item per field, comments a Y.Array',
  write(ydoc, record) {
    ydoc.transact(() => ydoc.getMap(ANNOTATIONS_MAP).set(record.id, v1RecordMap(record)), ORIGIN)
  },
  readAll(ydoc) {
    const records: AnnotationRecord[] = []
    for (const value of ydoc.getMap(ANNOTATIONS_MAP).values()) {
      const fields: Record<string, unknown> = {}
      for (const [key, field] of (value as Y.Map<unknown>).entries()) fields[key] = key === 'comments' ? (field as Y.Array<unknown>).toArray() : field
      records.push(fields as AnnotationRecord)
    }
    return records
  },
  setVerdict(ydoc, id, verdict, at) {
    const map = ydoc.getMap(ANNOTATIONS_MAP).get(id) as Y.Map<unknown>
    ydoc.transact(() => {
      map.set('attrs', { ...(map.get('attrs') as object), verdict })
      map.set('updatedAt', at)
    }, ORIGIN)
  },
}

/** How a JSON-record layout stores the two anchors. */
type AnchorForm = 'json' | 'bytes' | 'base64' | 'split'

const encodeAnchor = (json: RelativePositionJSON): Uint8Array => Y.encodeRelativePosition(Y.createRelativePositionFromJSON(json))
const decodeAnchor = (bytes: Uint8Array): RelativePositionJSON => Y.relativePositionToJSON(Y.decodeRelativePosition(bytes)) as RelativePositionJSON

/** An anchor as it reads back from its encoded form, which leaves out `type` when `item` names the position. */
export const encodedAnchorForm = (json: RelativePositionJSON): RelativePositionJSON => decodeAnchor(encodeAnchor(json))

function anchorPairBytes(start: RelativePositionJSON, end: RelativePositionJSON): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint8Array(encoder, encodeAnchor(start))
  encoding.writeVarUint8Array(encoder, encodeAnchor(end))
  return encoding.toUint8Array(encoder)
}

function anchorPairFromBytes(bytes: Uint8Array): { start: RelativePositionJSON; end: RelativePositionJSON } {
  const decoder = decoding.createDecoder(bytes)
  const start = decodeAnchor(decoding.readVarUint8Array(decoder))
  return { start, end: decodeAnchor(decoding.readVarUint8Array(decoder)) }
}

function storeAnchor(form: AnchorForm, json: RelativePositionJSON): unknown {
  if (form === 'bytes') return encodeAnchor(json)
  if (form === 'base64') return toBase64(encodeAnchor(json))
  return json
}

function loadAnchor(form: AnchorForm, stored: unknown): RelativePositionJSON {
  if (form === 'bytes') return decodeAnchor(stored as Uint8Array)
  if (form === 'base64') return decodeAnchor(fromBase64(stored as string))
  return stored as RelativePositionJSON
}

const ANCHORS_MAP = 'annotationAnchors'
const COMMENTS_MAP = 'annotationComments'

type StoredComment = AnnotationComment & { annotation: string }

/**
 * A record as one plain JSON value (one Yjs item) in the `annotations` map. `anchors` says how
 * start/end are stored: relative-position JSON, `Y.encodeRelativePosition` bytes or base64 inside
 * the record, or (`split`) both as one byte string in a map of their own; with `separateComments`
 * each comment is its own entry of a comments map keyed by comment id.
 */
function jsonRecordLayout(name: string, description: string, anchors: AnchorForm, separateComments: boolean): Layout {
  return {
    name,
    description,
    write(ydoc, record) {
      const { start, end, comments, ...rest } = record
      ydoc.transact(() => {
        const stored: Record<string, unknown> = { ...rest }
        if (anchors === 'split') ydoc.getMap(ANCHORS_MAP).set(record.id, anchorPairBytes(start, end))
        else Object.assign(stored, { start: storeAnchor(anchors, start), end: storeAnchor(anchors, end) })
        if (separateComments) for (const comment of comments) ydoc.getMap(COMMENTS_MAP).set(comment.id, { annotation: record.id, ...comment })
        else stored.comments = comments
        ydoc.getMap(ANNOTATIONS_MAP).set(record.id, stored)
      }, ORIGIN)
    },
    readAll(ydoc) {
      const threads = new Map<string, AnnotationComment[]>()
      if (separateComments) {
        for (const stored of ydoc.getMap(COMMENTS_MAP).values() as IterableIterator<StoredComment>) {
          const { annotation, ...comment } = stored
          const thread = threads.get(annotation)
          if (thread) thread.push(comment)
          else threads.set(annotation, [comment])
        }
        for (const thread of threads.values()) thread.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      }
      const anchorMap = ydoc.getMap<Uint8Array>(ANCHORS_MAP)
      const records: AnnotationRecord[] = []
      for (const [id, value] of ydoc.getMap(ANNOTATIONS_MAP).entries()) {
        const stored = value as Record<string, unknown>
        const pair = anchors === 'split' ? anchorPairFromBytes(anchorMap.get(id) as Uint8Array) : { start: loadAnchor(anchors, stored.start), end: loadAnchor(anchors, stored.end) }
        records.push({ ...stored, ...pair, comments: separateComments ? (threads.get(id) ?? []) : stored.comments } as AnnotationRecord)
      }
      return records
    },
    setVerdict(ydoc, id, verdict, at) {
      const map = ydoc.getMap(ANNOTATIONS_MAP)
      const stored = map.get(id) as Record<string, unknown>
      ydoc.transact(() => map.set(id, { ...stored, attrs: { ...(stored.attrs as object), verdict }, updatedAt: at }), ORIGIN)
    },
  }
}

/** Data model 2 as built (`createAnnotation`, `readAnnotations`, `updateAnnotation`): validated reads, per-attribute edits. */
const dataModel2: Layout = {
  name: 'v2 (data model 2)',
  description: 'data model 2: a Y.Map per record holding `base` (one JSON value, anchors base64) and one entry per later change; reads validate',
  write(ydoc, record) {
    createAnnotation(ydoc, record, ORIGIN)
  },
  readAll(ydoc) {
    return readAnnotations(ydoc).records
  },
  setVerdict(ydoc, id, verdict, at) {
    const map = ydoc.getMap(ANNOTATIONS_MAP).get(id) as Y.Map<unknown>
    ydoc.transact(() => {
      map.set('attr.verdict', verdict)
      map.set('updatedAt', at)
    }, ORIGIN)
  },
}

/** Every layout measured, v1 first (the ratios' baseline). */
export const LAYOUTS: readonly Layout[] = [
  nestedMaps,
  dataModel2,
  jsonRecordLayout('A JSON record', 'one JSON value per record, anchors as relative-position JSON, comments inside', 'json', false),
  jsonRecordLayout('B bytes in JSON', 'as A, anchors as Uint8Array inside the JSON value (lib0 any-encoding)', 'bytes', false),
  jsonRecordLayout('B base64 in JSON', 'as A, anchors as base64 strings of the encoded positions', 'base64', false),
  jsonRecordLayout('B split anchors', 'as A without anchors; both anchors as one Uint8Array in an `annotationAnchors` Y.Map', 'split', false),
  jsonRecordLayout('C = A + comments map', 'as A, comments in an `annotationComments` Y.Map keyed by comment id', 'json', true),
  jsonRecordLayout('C = B split + comments map', 'as B split, comments in an `annotationComments` Y.Map keyed by comment id', 'split', true),
]
