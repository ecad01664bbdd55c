import type { Node as PMNode } from 'prosemirror-model'
import { Selection } from 'prosemirror-state'
import type * as Y from 'yjs'
import type { AnnotationRecord, AnnotationType } from './annotation'
import { readAnnotations, type InvalidAnnotation } from './annotation-store'
import { YDocumentMeasurer } from './anchors'
import { CONTENT_FRAGMENT } from './doc-layout'

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

/** Builds the resolved form of a record for a span (from/to null when unresolvable). */
/**
 * Moves a span's ends off block boundaries: a start at the very end of a block moves to the next
 * block's first text position, an end at the very start of a block to the previous block's end.
 * (It happens when the first or last words of a span across blocks are deleted.) The span's text
 * then never starts or ends with a block separator.
 */
export function trimToText(doc: PMNode, from: number, to: number): [number, number] {
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

export function toResolved(record: AnnotationRecord, doc: PMNode, anchorFrom: number | null, anchorTo: number | null): ResolvedAnnotation {
  const inRange = anchorFrom !== null && anchorTo !== null && anchorFrom < anchorTo && anchorTo <= doc.content.size
  const [from, to] = inRange ? trimToText(doc, anchorFrom, anchorTo) : [0, 0]
  // Block separators are not text: a span across blocks whose words were all deleted is detached.
  const attached = inRange && from < to && doc.textBetween(from, to, '', '\n') !== ''
  const text = attached ? spanText(doc, from, to) : ''
  const status: AnnotationStatus = attached ? 'attached' : 'detached'
  return {
    id: record.id,
    type: record.type,
    record,
    status,
    from: attached ? from : 0,
    to: attached ? to : 0,
    text,
    changedSinceReview: isChangedSinceReview(record, text, status),
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
  const annotations = records.map((record) =>
    toResolved(record, doc, measurer.resolve(ydoc, record.start), measurer.resolve(ydoc, record.end)),
  )
  return { annotations: annotations.sort(compareAnnotations), invalid }
}
