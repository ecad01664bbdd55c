import type { AnnotationType, Verdict } from '../../../editor/model/annotation'
import { matchesAuthor } from '../../../editor/model/author-filter'
import type { ResolvedAnnotation } from '../../../editor/model/resolve-annotations'
import { isInQueueOf, type ReviewState } from '../../../editor/model/review-status'
import { threadStatusOf } from '../../../editor/model/comment-thread'

/** The side panel's filters; an empty value means "any". */
export interface AnnotationFilter {
  types: AnnotationType[]
  author: string
  verdict: Verdict | ''
  /** A claim's review state. */
  review: ReviewState | ''
  /** Only the claims in this person's queue (their id), or '' for everyone's. */
  queueOf: string
  /** Only annotations whose comment thread is open (with comments). */
  openThreads: boolean
  text: string
}

export const EMPTY_FILTER: AnnotationFilter = { types: [], author: '', verdict: '', review: '', queueOf: '', openThreads: false, text: '' }

function searchableText(annotation: ResolvedAnnotation): string {
  const { record } = annotation
  return [annotation.text, record.exact, record.note ?? '', record.createdBy.name, JSON.stringify(record.attrs)].join('\n').toLowerCase()
}

/** True when an annotation passes every filter. A verdict, review state or queue filter keeps only claims. */
export function matchesFilter(annotation: ResolvedAnnotation, filter: AnnotationFilter): boolean {
  if (filter.types.length > 0 && !filter.types.includes(annotation.type)) return false
  if (!matchesAuthor(annotation.record.createdBy, filter.author)) return false
  if (filter.verdict) {
    if (annotation.record.type !== 'claim') return false
    if ((annotation.record.attrs.verdict ?? 'unreviewed') !== filter.verdict) return false
  }
  if (filter.review && annotation.review?.state !== filter.review) return false
  if (filter.queueOf && !isInQueueOf(annotation.review, filter.queueOf)) return false
  if (filter.openThreads && !hasOpenThread(annotation)) return false
  const query = filter.text.trim().toLowerCase()
  return query === '' || searchableText(annotation).includes(query)
}

/** Whether an annotation has comments still being discussed: an open thread. */
export function hasOpenThread(annotation: ResolvedAnnotation): boolean {
  const thread = threadStatusOf(annotation.record)
  return thread.state === 'open' && thread.comments > 0
}

/** Counts per type, for the filter chips. */
export function countByType(annotations: ResolvedAnnotation[]): Record<AnnotationType, number> {
  const counts: Record<AnnotationType, number> = { event: 0, quote: 0, claim: 0 }
  for (const annotation of annotations) counts[annotation.type]++
  return counts
}

/** The distinct authors of a list of annotations, by name. */
export function authorsOf(annotations: ResolvedAnnotation[]): Array<{ id: string; name: string }> {
  const authors = new Map<string, string>()
  for (const { record } of annotations) authors.set(record.createdBy.id, record.createdBy.name)
  return [...authors].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name))
}
