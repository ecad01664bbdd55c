import type { SourceMetadata } from '../model/document-source'
import { OffsetConverter, type OffsetUnit } from '../model/offsets'
import { selectAnnotations, type ExportOptions } from './options'
import type { ExportResult } from './result'
import type { DocumentSnapshot, ExportState, SnapshotAnnotation, SnapshotBlock } from './snapshot'

/** A doccano span label: `[start, end, "CLAIM"]`, end exclusive. */
export type JsonlLabel = [start: number, end: number, label: string]

/** What `meta.annotations` says about one label, keyed by annotation id. */
export interface JsonlLabelDetail {
  label: string
  start: number
  end: number
  /** The text of this label: `text[start:end]` of its line. */
  exact: string
  state: ExportState
  attrs: SnapshotAnnotation['attrs']
  note?: string
  /** Paragraph mode: the annotation crosses blocks and this label is its part in this block. */
  clipped?: true
}

/** A detached annotation: it has no offsets, so it is listed in meta, never as a label. */
export interface JsonlDetached {
  id: string
  label: string
  exact: string
  attrs: SnapshotAnnotation['attrs']
  note?: string
}

/** One line of the export: a document, or one text block in paragraph mode. */
export interface JsonlLine {
  id: string
  text: string
  label: JsonlLabel[]
  /**
   * The annotation id of each label, in the order of `label` (doccano takes only `[start, end,
   * label]` in `label` and keeps other top-level keys as the example's metadata).
   */
  label_ids: string[]
  meta: {
    docId: string
    title: string
    /** Where the document comes from, when something of it is known (as in the native export). */
    source?: SourceMetadata
    offsetUnit: OffsetUnit
    block?: number
    blockType?: SnapshotBlock['type']
    annotations: Record<string, JsonlLabelDetail>
    detached?: JsonlDetached[]
  }
}

/** The doccano label of an annotation type: `EVENT`, `QUOTE`, `CLAIM`. */
function jsonlLabel(type: SnapshotAnnotation['type']): string {
  return type.toUpperCase()
}

interface Range {
  start: number
  end: number
}

/** Labels and their details for the annotations overlapping `range` (UTF-16), offsets relative to it. */
function labelsIn(annotations: SnapshotAnnotation[], range: Range, text: string, offsets: OffsetConverter, unit: OffsetUnit) {
  const labels: JsonlLabel[] = []
  const ids: string[] = []
  const details: Array<[string, JsonlLabelDetail]> = []
  const base = offsets.convert(range.start, unit)
  for (const annotation of annotations) {
    if (annotation.start === null || annotation.end === null) continue
    const start = Math.max(annotation.start, range.start)
    const end = Math.min(annotation.end, range.end)
    if (start >= end) continue
    const label = jsonlLabel(annotation.type)
    const relative: Range = { start: offsets.convert(start, unit) - base, end: offsets.convert(end, unit) - base }
    labels.push([relative.start, relative.end, label])
    ids.push(annotation.id)
    const clipped = start !== annotation.start || end !== annotation.end
    details.push([
      annotation.id,
      {
        label,
        ...relative,
        exact: text.slice(start, end),
        state: annotation.state,
        attrs: annotation.attrs,
        ...(annotation.note ? { note: annotation.note } : {}),
        ...(clipped ? { clipped: true as const } : {}),
      },
    ])
  }
  // fromEntries defines own properties, so an id such as "__proto__" stays an ordinary key.
  return { labels, ids, annotations: Object.fromEntries(details) }
}

function detachedOf(annotations: SnapshotAnnotation[]): JsonlDetached[] {
  return annotations
    .filter((annotation) => annotation.state === 'detached')
    .map((annotation) => ({
      id: annotation.id,
      label: jsonlLabel(annotation.type),
      exact: annotation.exact,
      attrs: annotation.attrs,
      ...(annotation.note ? { note: annotation.note } : {}),
    }))
}

/**
 * Builds the lines of a doccano-compatible JSONL export. `unit: 'document'` gives one line for the
 * whole text; `unit: 'paragraph'` one line per non-empty text block, with offsets relative to the
 * block. `label_ids` names the annotation of each label, the key of its entry in `meta.annotations`.
 * A span crossing blocks is clipped to each block it covers (`clipped: true` in meta).
 * Detached annotations are listed in `meta.detached` (of the first line in paragraph mode).
 */
export function toJsonlLines(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'offsets' | 'unit' | 'type' | 'verdict' | 'author'>): JsonlLine[] {
  const unit = options.offsets
  const offsets = new OffsetConverter(snapshot.text)
  const annotations = selectAnnotations(snapshot, options)
  const detached = detachedOf(annotations)
  const common = { docId: snapshot.id, title: snapshot.title, ...(Object.keys(snapshot.source).length > 0 ? { source: snapshot.source } : {}), offsetUnit: unit }
  if (options.unit !== 'paragraph') {
    const { labels, ids, annotations: details } = labelsIn(annotations, { start: 0, end: snapshot.text.length }, snapshot.text, offsets, unit)
    return [{ id: snapshot.id, text: snapshot.text, label: labels, label_ids: ids, meta: { ...common, annotations: details, detached } }]
  }
  return snapshot.blocks
    .filter((block) => block.end > block.start)
    .map((block, index) => {
      const { labels, ids, annotations: details } = labelsIn(annotations, block, snapshot.text, offsets, unit)
      return {
        id: `${snapshot.id}:${block.index}`,
        text: snapshot.text.slice(block.start, block.end),
        label: labels,
        label_ids: ids,
        meta: { ...common, block: block.index, blockType: block.type, annotations: details, ...(index === 0 ? { detached } : {}) },
      }
    })
}

/** One JSON value per line. U+2028/U+2029 are escaped so no line splitter can break a record. */
function jsonLine(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** `jsonl`: doccano-compatible JSON Lines, lines joined by "\n" with a trailing "\n". */
export function exportJsonl(snapshot: DocumentSnapshot, options: ExportOptions): ExportResult {
  const lines = toJsonlLines(snapshot, options).map(jsonLine)
  return { body: lines.map((line) => `${line}\n`).join(''), contentType: 'application/jsonl; charset=utf-8', extension: 'jsonl' }
}
