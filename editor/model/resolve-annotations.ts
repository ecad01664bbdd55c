import { Fragment, type Node as PMNode } from 'prosemirror-model'
import { Selection } from 'prosemirror-state'
import type * as Y from 'yjs'
import type { AnnotationRecord, AnnotationType } from './annotation'
import { readAnnotations, type InvalidAnnotation } from './annotation-store'
import { YDocumentMeasurer } from './anchors'
import { CONTENT_FRAGMENT } from './doc-layout'
import { reviewStatusOf, type ReviewStatus } from './review-status'
import { hasProposedDeletion } from './suggestions'

/**
 * `attached`: the span has text. `detached`: all of its text was deleted (or its block was);
 * the record is kept with its `exact` text and can be re-attached.
 */
export type AnnotationStatus = 'attached' | 'detached'

/** An annotation with its current place in the document. */
export interface ResolvedAnnotation {
  id: string
  type: AnnotationType
  record: AnnotationRecord
  status: AnnotationStatus
  /** ProseMirror positions; meaningful only when attached. */
  from: number
  to: number
  /** The span's current text ("" when detached): blocks joined by "\n\n", hard breaks as "\n". */
  text: string
  /** A reviewed claim whose text is no longer the text the verdict was given on. */
  changedSinceReview: boolean
  /** A claim's place in the review workflow; null for events and quotes. */
  review: ReviewStatus | null
  /** Some of its words are in a pending suggestion to delete them (absent: none). */
  deletionProposed?: boolean
}

/** All annotations of a document: attached ones in document order, then detached, plus invalid records. */
export interface AnnotationSnapshot {
  annotations: ResolvedAnnotation[]
  invalid: InvalidAnnotation[]
}

/** The text of a span in the plain-text convention of docs/data-model.md. */
export function spanText(doc: PMNode, from: number, to: number): string {
  return doc.textBetween(from, to, '\n\n', (leaf) => (leaf.type.name === 'hard_break' ? '\n' : ''))
}

/** True for a claim with a verdict whose span text differs from the text it was reviewed on. */
export function isChangedSinceReview(record: AnnotationRecord, text: string, status: AnnotationStatus): boolean {
  if (record.type !== 'claim') return false
  const { verdict, reviewedText } = record.attrs
  if (!verdict || verdict === 'unreviewed' || reviewedText === undefined) return false
  return status === 'detached' || text !== reviewedText
}

/**
 * Moves a span's ends off block boundaries: a start at the very end of a block moves to the next
 * block's first text position, an end at the very start of a block to the previous block's end.
 * (It happens when the first or last words of a span across blocks are deleted.) The span's text
 * then never starts or ends with a block separator.
 */
function trimToText(doc: PMNode, from: number, to: number): [number, number] {
  const $from = doc.resolve(from)
  if ($from.parent.isTextblock && $from.depth > 0 && $from.parentOffset === $from.parent.content.size) {
    const next = Selection.findFrom(doc.resolve($from.after()), 1, true)
    if (next && next.from <= to) from = next.from
  }
  const $to = doc.resolve(to)
  if ($to.parent.isTextblock && $to.depth > 0 && $to.parentOffset === 0) {
    const previous = Selection.findFrom(doc.resolve($to.before()), -1, true)
    if (previous && previous.to >= from) to = previous.to
  }
  return [from, to]
}

/**
 * Top-level block boundaries of one document, for cutting out the few blocks a span lies in.
 * ProseMirror's `resolve` and `textBetween` walk the top-level blocks from the first one, so on a
 * long document each call costs in proportion to the blocks before the span; working on the
 * blocks of the span keeps resolving 10,000 annotations linear.
 */
class BlockWindows {
  private readonly starts: number[] = []

  constructor(private readonly doc: PMNode) {
    let pos = 0
    doc.forEach((child) => {
      this.starts.push(pos)
      pos += child.nodeSize
    })
  }

  /** Index of the last block starting at or before `pos` (strictly before, with `strict`). */
  private blockAt(pos: number, strict: boolean): number {
    let low = 0
    let high = this.starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      const start = this.starts[middle]
      if (strict ? start < pos : start <= pos) low = middle
      else high = middle - 1
    }
    return low
  }

  /** The smallest document of whole top-level blocks holding `from`–`to`, and its offset. */
  around(from: number, to: number): { doc: PMNode; offset: number } {
    if (this.starts.length < 8) return { doc: this.doc, offset: 0 }
    const first = this.blockAt(from, false)
    const last = Math.max(first, this.blockAt(to, true))
    if (first === 0 && last === this.starts.length - 1) return { doc: this.doc, offset: 0 }
    const blocks: PMNode[] = []
    for (let index = first; index <= last; index++) blocks.push(this.doc.child(index))
    return { doc: this.doc.copy(Fragment.from(blocks)), offset: this.starts[first] }
  }
}

const blockWindows = new WeakMap<PMNode, BlockWindows>()

function windowsOf(doc: PMNode): BlockWindows {
  let windows = blockWindows.get(doc)
  if (!windows) {
    windows = new BlockWindows(doc)
    blockWindows.set(doc, windows)
  }
  return windows
}

/** Builds the resolved form of a record for a span (from/to null when unresolvable). */
export function toResolved(record: AnnotationRecord, doc: PMNode, anchorFrom: number | null, anchorTo: number | null): ResolvedAnnotation {
  const inRange = anchorFrom !== null && anchorTo !== null && anchorFrom < anchorTo && anchorTo <= doc.content.size
  let attached = false
  let from = 0
  let to = 0
  let text = ''
  let deletionProposed = false
  if (inRange) {
    // Everything below looks only at the span's own blocks (trimming never leaves them).
    const window = windowsOf(doc).around(anchorFrom, anchorTo)
    const [start, end] = trimToText(window.doc, anchorFrom - window.offset, anchorTo - window.offset)
    // Block separators are not text: a span across blocks whose words were all deleted is detached.
    attached = start < end && window.doc.textBetween(start, end, '', '\n') !== ''
    if (attached) {
      text = spanText(window.doc, start, end)
      deletionProposed = hasProposedDeletion(window.doc, start, end)
      from = start + window.offset
      to = end + window.offset
    }
  }
  const status: AnnotationStatus = attached ? 'attached' : 'detached'
  return {
    id: record.id,
    type: record.type,
    record,
    status,
    from,
    to,
    text,
    changedSinceReview: isChangedSinceReview(record, text, status),
    review: reviewStatusOf(record, text, attached),
    ...(deletionProposed ? { deletionProposed } : {}),
  }
}

/** Document order: by start, then longer spans first (outer before nested); detached last. */
export function compareAnnotations(a: ResolvedAnnotation, b: ResolvedAnnotation): number {
  if (a.status !== b.status) return a.status === 'attached' ? -1 : 1
  return a.from - b.from || b.to - a.to || a.id.localeCompare(b.id)
}

/**
 * Resolves every annotation of `ydoc` against `doc`, the ProseMirror document built from the same
 * Yjs state. One measuring pass over the Yjs tree serves all anchors.
 */
export function resolveAnnotations(ydoc: Y.Doc, doc: PMNode): AnnotationSnapshot {
  const { records, invalid } = readAnnotations(ydoc)
  const measurer = new YDocumentMeasurer(ydoc.getXmlFragment(CONTENT_FRAGMENT), doc.type.schema)
  const annotations = records.map((record) => toResolved(record, doc, measurer.resolve(ydoc, record.start), measurer.resolve(ydoc, record.end)))
  return { annotations: annotations.sort(compareAnnotations), invalid }
}
