import type { AnnotationRecord, AnnotationType } from './annotation'
import { VERDICT_LABELS } from './annotation-labels'
import { excerptAround, findOffsets, foldForFind, truncateForDisplay, type Excerpt, type FindQuery } from './find-text'
import type { ResolvedAnnotation } from './resolve-annotations'

/** The most annotations a find lists (each counted all the same). */
const MAX_ANNOTATION_RESULTS = 200

/** How much of an annotation's words a result shows. */
const WORDS_SHOWN = 80

/** How much of a comment author's name a label shows. */
const NAME_SHOWN = 40

/** One searchable piece of an annotation: what people call it ("Note", "Claimant", "Comment by Dana") and its text. */
export interface AnnotationField {
  readonly label: string
  readonly text: string
  /** True for a comment (shown folded away in a resolved thread). */
  readonly comment?: boolean
}

/** An annotation whose content matches a find query. */
export interface AnnotationFindResult {
  readonly id: string
  readonly type: AnnotationType
  /** Its words, on one line and cut short. */
  readonly words: string
  /** How many matches its fields hold, all fields together. */
  readonly count: number
  /** The first field that matches and its first match, with text around it. */
  readonly field: string
  readonly excerpt: Excerpt
  /** How many other fields match too. */
  readonly otherFields: number
  /** True when a comment matches: opening the result should show the comments, even a resolved thread's. */
  readonly inComments: boolean
}

/** The annotations that match, in the order given, at most {@link MAX_ANNOTATION_RESULTS}; `total` counts them all. */
export interface AnnotationFindResults {
  readonly results: readonly AnnotationFindResult[]
  readonly total: number
}

const field = (label: string, text: string | undefined): AnnotationField[] => (text ? [{ label, text }] : [])
const listField = (label: string, items: readonly string[] | undefined): AnnotationField[] => (items?.length ? [{ label, text: items.join(', ') }] : [])

function attributeFields(record: AnnotationRecord): AnnotationField[] {
  switch (record.type) {
    case 'event': {
      const { date, endDate, place, participants, summary } = record.attrs
      return [...field('Date', date), ...field('End date', endDate), ...field('Place', place), ...listField('Participants', participants), ...field('Summary', summary)]
    }
    case 'quote': {
      const { speaker, date, source, sourceUrl, archiveUrl } = record.attrs
      return [...field('Speaker', speaker), ...field('Date', date), ...field('Source', source), ...field('Source URL', sourceUrl), ...field('Archived copy', archiveUrl)]
    }
    case 'claim': {
      const { claimant, summary, verdict, rationale, evidence, sourceUrl, archiveUrl } = record.attrs
      return [
        ...field('Claimant', claimant),
        ...field('Summary', summary),
        ...field('Verdict', verdict && VERDICT_LABELS[verdict]),
        ...field('Rationale', rationale),
        ...listField('Evidence', evidence),
        ...field('Source URL', sourceUrl),
        ...field('Archived copy', archiveUrl),
      ]
    }
  }
}

/**
 * What find searches in an annotation: its words (the text it covers now, or the words it had when
 * detached), its attributes, its note and its comments, in the order the panel shows them.
 */
export function searchableFields(annotation: ResolvedAnnotation): AnnotationField[] {
  const { record } = annotation
  return [
    ...field('Words', annotation.status === 'attached' ? annotation.text : record.exact),
    ...attributeFields(record),
    ...field('Note', record.note),
    // The name comes from another client: on one line, cut short, without bidi controls, like the text.
    ...record.comments.map((comment) => ({ label: `Comment by ${truncateForDisplay(comment.author.name, NAME_SHOWN)}`, text: comment.text, comment: true })),
  ]
}

/** One annotation's matches, or null when none of its fields matches. */
function matchAnnotation(annotation: ResolvedAnnotation, query: FindQuery): AnnotationFindResult | null {
  let count = 0
  let first: { label: string; excerpt: Excerpt } | null = null
  let matchingFields = 0
  let inComments = false
  for (const { label, text, comment = false } of searchableFields(annotation)) {
    const offsets = findOffsets(foldForFind(text, query.matchCase), query.needle, Infinity)
    if (offsets.length === 0) continue
    count += offsets.length
    matchingFields += 1
    inComments ||= comment
    first ??= { label, excerpt: excerptAround(text, offsets[0], query.needle.length) }
  }
  if (!first) return null
  const words = truncateForDisplay(annotation.status === 'attached' ? annotation.text : annotation.record.exact, WORDS_SHOWN)
  return { id: annotation.id, type: annotation.type, words, count, field: first.label, excerpt: first.excerpt, otherFields: matchingFields - 1, inComments }
}

/**
 * The annotations whose content (see {@link searchableFields}) matches `query`, compared as the
 * text is (literal, folded as `foldForFind` does). Content comes from other clients: every string
 * of a result is cut short and on one line, to be rendered as text.
 */
export function findInAnnotations(annotations: readonly ResolvedAnnotation[], query: FindQuery, limit = MAX_ANNOTATION_RESULTS): AnnotationFindResults {
  const results: AnnotationFindResult[] = []
  let total = 0
  for (const annotation of annotations) {
    const result = matchAnnotation(annotation, query)
    if (!result) continue
    total += 1
    if (results.length < limit) results.push(result)
  }
  return { results, total }
}
