import type { Node as PMNode } from 'prosemirror-model'
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
export function toResolved(record: AnnotationRecord, doc: PMNode, from: number | null, to: number | null): ResolvedAnnotation {
  const inDoc = from !== null && to !== null && from < to && to <= doc.content.size
  // Block separators are not text: a span across blocks whose words were all deleted is detached.
  const attached = inDoc && doc.textBetween(from, to, '', '\n') !== ''
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
