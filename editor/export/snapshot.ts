import type { Node as PMNode } from 'prosemirror-model'
import * as Y from 'yjs'
import { upgradeDataModel } from '../model/upgrade-data-model'
import type { AnnotationComment, AnnotationLink, AnnotationRecord, AnnotationType, HistoryEntry, Person, ReviewStatusEntry, ThreadEntry } from '../model/annotation'
import { exportedThread, threadStatusOf } from '../model/comment-thread'
import type { InvalidAnnotation } from '../model/annotation-store'
import { isChangedSinceReview, resolveAnnotations } from '../model/resolve-annotations'
import { acceptedText } from '../model/suggestions'
import { reviewStatusOf, type ReviewStatus } from '../model/review-status'
import type { FactCheckSettings, SourceMetadata } from '../model/document-source'
import { readContent, readMeta } from '../yjs/document-content'
import { readDocumentDetailsOf } from '../yjs/document-details'
import { BLOCK_SEPARATOR, textBlockToPlainText } from './plain-text'

/** A text block of the snapshot, with its place in the plain text (UTF-16 offsets). */
export interface SnapshotBlock {
  index: number
  type: 'paragraph' | 'heading'
  level?: number
  start: number
  end: number
}

/** Exported state: `changed-since-review` is an attached claim whose words changed after its verdict. */
export type ExportState = 'attached' | 'detached' | 'changed-since-review'

/** An annotation as exporters see it: offsets into the snapshot's plain text, in UTF-16 units. */
export interface SnapshotAnnotation {
  id: string
  type: AnnotationType
  attrs: AnnotationRecord['attrs']
  note?: string
  createdBy: Person
  createdAt: string
  updatedAt: string
  comments: AnnotationComment[]
  /** Links it holds to other annotations (by id; a target may have been deleted since). */
  links: AnnotationLink[]
  /** A claim's place in the review workflow (derived); null for events and quotes. */
  review: ReviewStatus | null
  /** The stored sign-off or send-back (`status` entry), kept so an import restores it. */
  reviewStatus?: ReviewStatusEntry
  /** What happened to it after it was created, oldest first. */
  history: HistoryEntry[]
  /** The comment thread's state (derived) with who resolved or last reopened it, once someone has resolved it. */
  thread?: ThreadEntry
  state: ExportState
  /** UTF-16 offsets into `text`; null when detached. */
  start: number | null
  end: number | null
  /** The span's text now (`text.slice(start, end)`); for a detached annotation, the text it was made on. */
  exact: string
}

/** One consistent view of a document for every exporter: plain text, blocks, annotations. */
export interface DocumentSnapshot {
  id: string
  title: string
  createdAt: string
  /** Where the document comes from (its `source.*` meta entries that validate; `{}` when none is known). */
  source: SourceMetadata
  /** How its fact-checks are published (its `factcheck.*` meta entries that validate). */
  factcheck: FactCheckSettings
  /** Plain text: blocks joined by "\n\n", hard breaks as "\n" (docs/data-model.md). */
  text: string
  blocks: SnapshotBlock[]
  annotations: SnapshotAnnotation[]
  invalid: InvalidAnnotation[]
  /** How many suggestions are pending in the text (absent: none); `text` leaves them all out, as if rejected. */
  pendingSuggestions?: number
}

interface BlockPlacement {
  contentStart: number
  textStart: number
  length: number
}

/** Lays out the text blocks of a document and maps ProseMirror positions to plain-text offsets. */
function layOutText(doc: PMNode): { text: string; blocks: SnapshotBlock[]; toTextOffset: (pos: number) => number } {
  const parts: string[] = []
  const blocks: SnapshotBlock[] = []
  const placements: BlockPlacement[] = []
  let offset = 0
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    if (parts.length > 0) {
      parts.push(BLOCK_SEPARATOR)
      offset += BLOCK_SEPARATOR.length
    }
    const blockText = textBlockToPlainText(node)
    parts.push(blockText)
    const heading = node.type.name === 'heading'
    blocks.push({
      index: blocks.length,
      type: heading ? 'heading' : 'paragraph',
      ...(heading ? { level: node.attrs.level as number } : {}),
      start: offset,
      end: offset + blockText.length,
    })
    placements.push({ contentStart: pos + 1, textStart: offset, length: blockText.length })
    offset += blockText.length
    return false
  })
  const toTextOffset = (pos: number) => {
    let low = 0
    let high = placements.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (placements[middle].contentStart <= pos) low = middle
      else high = middle - 1
    }
    const block = placements[low]
    if (!block) return 0
    return block.textStart + Math.max(0, Math.min(pos - block.contentStart, block.length))
  }
  return { text: parts.join(''), blocks, toTextOffset }
}

/**
 * Takes a snapshot of a document for export: everything is read from one Yjs state, so text,
 * offsets and annotations always agree. Pass a Y.Doc (the live room) or a Yjs update (storage).
 */
export function takeSnapshot(id: string, source: Y.Doc | Uint8Array): DocumentSnapshot {
  const ydoc = source instanceof Y.Doc ? source : new Y.Doc()
  if (!(source instanceof Y.Doc)) {
    Y.applyUpdate(ydoc, source)
    // A stored state the server has not loaded since data model 2 (`npm run export` on an older
    // store): read it as the server will, upgraded, in this private copy only.
    upgradeDataModel(ydoc, null)
  }
  try {
    const content = readContent(ydoc)
    const meta = readMeta(ydoc)
    // Exports hold the accepted text only: what suggestions insert is left out, what they delete kept.
    const accepted = acceptedText(content)
    const { text, blocks, toTextOffset } = layOutText(accepted.doc)
    const resolved = resolveAnnotations(ydoc, content)
    const annotations = resolved.annotations.map((annotation): SnapshotAnnotation => {
      const { record } = annotation
      const from = accepted.mapping.map(annotation.from, 1)
      const to = Math.max(from, accepted.mapping.map(annotation.to, -1))
      // An annotation on suggested words only is not in the accepted text: exported as detached.
      const attached = annotation.status === 'attached' && !(annotation.from < annotation.to && from === to)
      const start = attached ? toTextOffset(from) : null
      const end = attached ? toTextOffset(to) : null
      // With suggestions pending, a claim's review is judged on its accepted text, as exported.
      const exact = attached ? text.slice(start!, end!) : record.exact
      const status = attached ? 'attached' : 'detached'
      const changedSinceReview = accepted.pending > 0 ? isChangedSinceReview(record, attached ? exact : '', status) : annotation.changedSinceReview
      const review = accepted.pending > 0 ? reviewStatusOf(record, attached ? exact : '', attached) : annotation.review
      const thread = exportedThread(threadStatusOf(record))
      return {
        id: record.id,
        type: record.type,
        attrs: record.attrs,
        ...(record.note ? { note: record.note } : {}),
        createdBy: record.createdBy,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
        comments: record.comments,
        links: record.links,
        review,
        ...(record.reviewStatus ? { reviewStatus: record.reviewStatus } : {}),
        history: record.history,
        ...(thread ? { thread } : {}),
        state: !attached ? 'detached' : changedSinceReview ? 'changed-since-review' : 'attached',
        start,
        end,
        exact,
      }
    })
    const { source, factcheck } = readDocumentDetailsOf(ydoc)
    return {
      id,
      title: meta?.title ?? id,
      createdAt: meta?.createdAt ?? '',
      source,
      factcheck,
      text,
      blocks,
      annotations,
      invalid: resolved.invalid,
      pendingSuggestions: accepted.pending,
    }
  } finally {
    if (!(source instanceof Y.Doc)) ydoc.destroy()
  }
}
