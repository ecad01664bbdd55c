import type { FactCheckSettings, SourceMetadata } from '../model/document-source'
import { OffsetConverter, type OffsetUnit } from '../model/offsets'
import { selectAnnotations, type ExportOptions } from './options'
import type { ExportResult } from './result'
import type { DocumentSnapshot, ExportState, SnapshotAnnotation } from './snapshot'

/** Version of the native export format; docs/spanwise-export.schema.json describes it. */
const NATIVE_FORMAT_VERSION = 1

/** Characters of context kept before and after each span (code points). */
const CONTEXT_LENGTH = 32

/** One annotation in the native format. Offsets are null for detached annotations. */
export interface NativeAnnotation {
  id: string
  type: SnapshotAnnotation['type']
  state: ExportState
  start: number | null
  end: number | null
  exact: string
  prefix: string
  suffix: string
  attrs: SnapshotAnnotation['attrs']
  note?: string
  createdBy: SnapshotAnnotation['createdBy']
  createdAt: string
  updatedAt: string
  comments: SnapshotAnnotation['comments']
  /** Only when it holds links. */
  links?: SnapshotAnnotation['links']
  /** Claims only: the review state, assignee, reviewer and sign-off. */
  review?: NonNullable<SnapshotAnnotation['review']>
  /** The stored sign-off or send-back the review state comes from (an import restores it). */
  reviewStatus?: SnapshotAnnotation['reviewStatus']
  /** Only when something happened to it after it was created. */
  history?: SnapshotAnnotation['history']
  /** Only once its comment thread was resolved: the thread's state, who resolved or last reopened it, and when. */
  thread?: SnapshotAnnotation['thread']
}

/** The native export: a document's text, blocks and annotations with offsets in one unit. */
export interface NativeExport {
  format: 'spanwise'
  version: number
  offsetUnit: OffsetUnit
  /**
   * `source` and `factcheck` only when something of them is known; `pendingSuggestions` only when
   * suggestions are pending (the text is the accepted text, without them).
   */
  document: { id: string; title: string; createdAt: string; source?: SourceMetadata; factcheck?: FactCheckSettings; pendingSuggestions?: number }
  text: string
  blocks: Array<{ index: number; type: 'paragraph' | 'heading'; level?: number; start: number; end: number }>
  annotations: NativeAnnotation[]
}

/** Builds the native export object (shared by the w3c and claimreview exporters for offsets). */
export function toNativeExport(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'offsets' | 'type' | 'verdict' | 'author'>): NativeExport {
  const unit = options.offsets
  const offsets = new OffsetConverter(snapshot.text)
  return {
    format: 'spanwise',
    version: NATIVE_FORMAT_VERSION,
    offsetUnit: unit,
    document: {
      id: snapshot.id,
      title: snapshot.title,
      createdAt: snapshot.createdAt,
      ...(Object.keys(snapshot.source).length > 0 ? { source: snapshot.source } : {}),
      ...(Object.keys(snapshot.factcheck).length > 0 ? { factcheck: snapshot.factcheck } : {}),
      ...(snapshot.pendingSuggestions ? { pendingSuggestions: snapshot.pendingSuggestions } : {}),
    },
    text: snapshot.text,
    blocks: snapshot.blocks.map((block) => ({ ...block, start: offsets.convert(block.start, unit), end: offsets.convert(block.end, unit) })),
    annotations: selectAnnotations(snapshot, options).map((annotation) => {
      const attached = annotation.start !== null && annotation.end !== null
      return {
        id: annotation.id,
        type: annotation.type,
        state: annotation.state,
        start: attached ? offsets.convert(annotation.start!, unit) : null,
        end: attached ? offsets.convert(annotation.end!, unit) : null,
        exact: annotation.exact,
        prefix: attached ? offsets.prefix(annotation.start!, CONTEXT_LENGTH) : '',
        suffix: attached ? offsets.suffix(annotation.end!, CONTEXT_LENGTH) : '',
        attrs: annotation.attrs,
        ...(annotation.note ? { note: annotation.note } : {}),
        createdBy: annotation.createdBy,
        createdAt: annotation.createdAt,
        updatedAt: annotation.updatedAt,
        comments: annotation.comments,
        ...(annotation.links.length > 0 ? { links: annotation.links } : {}),
        ...(annotation.review ? { review: annotation.review } : {}),
        ...(annotation.reviewStatus ? { reviewStatus: annotation.reviewStatus } : {}),
        ...(annotation.history.length > 0 ? { history: annotation.history } : {}),
        ...(annotation.thread ? { thread: annotation.thread } : {}),
      }
    }),
  }
}

/** `json`: the Spanwise native format, pretty-printed. */
export function exportJson(snapshot: DocumentSnapshot, options: ExportOptions): ExportResult {
  return { body: `${JSON.stringify(toNativeExport(snapshot, options), null, 2)}\n`, contentType: 'application/json; charset=utf-8', extension: 'json' }
}
