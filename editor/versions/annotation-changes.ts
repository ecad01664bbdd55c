import type { AnnotationLink, AnnotationType, Person, ThreadState, Verdict } from '../model/annotation'
import type { ReviewState } from '../model/review-status'
import type { SnapshotAnnotation } from '../export/snapshot'

/** What changed in an annotation kept in both versions. */
export type AnnotationFieldChange =
  | { readonly field: 'words'; readonly before: string; readonly after: string }
  | { readonly field: 'type'; readonly before: AnnotationType; readonly after: AnnotationType }
  | { readonly field: 'verdict'; readonly before: Verdict; readonly after: Verdict }
  /** null: the annotation had no review (not a claim, or not yet in the workflow). */
  | { readonly field: 'review'; readonly before: ReviewState | null; readonly after: ReviewState | null }
  | { readonly field: 'attributes'; readonly names: readonly string[] }
  | { readonly field: 'note'; readonly before: string; readonly after: string }
  | { readonly field: 'comments'; readonly before: number; readonly after: number }
  /** Comments in both versions (by id) whose text differs. */
  | { readonly field: 'comment-text'; readonly edited: number }
  | { readonly field: 'thread'; readonly before: ThreadState; readonly after: ThreadState }
  | { readonly field: 'links'; readonly before: number; readonly after: number }
  /** Links whose target or type changed (beyond those the change of count explains). */
  | { readonly field: 'link-targets'; readonly changed: number }
  | { readonly field: 'attachment'; readonly before: 'attached' | 'detached'; readonly after: 'attached' | 'detached' }

/** An annotation as the comparison lists it: its id, type, words and author (the newer version's when in both). */
export interface AnnotationSummary {
  readonly id: string
  readonly type: AnnotationType
  readonly exact: string
  readonly createdBy: Person
}

/** Annotations added, removed and changed between two versions of a document, matched by id. */
export interface AnnotationChanges {
  /** Only in the newer version, in its order. */
  readonly added: readonly AnnotationSummary[]
  /** Only in the older version, in its order. */
  readonly removed: readonly AnnotationSummary[]
  /** In both with some difference, in the newer version's order. */
  readonly changed: ReadonlyArray<AnnotationSummary & { readonly changes: readonly AnnotationFieldChange[] }>
}

// The verdict and its review stamp are one change ("verdict"), not attribute changes.
const VERDICT_GROUP: ReadonlySet<string> = new Set(['verdict', 'reviewedBy', 'reviewedAt', 'reviewedText'])

/** JSON with object keys sorted, so equal values compare equal whatever order their keys were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonical(entry)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'undefined'
}

function summary(annotation: SnapshotAnnotation): AnnotationSummary {
  return { id: annotation.id, type: annotation.type, exact: annotation.exact, createdBy: annotation.createdBy }
}

function verdictOf(annotation: SnapshotAnnotation): Verdict {
  return (annotation.type === 'claim' ? (annotation.attrs as { verdict?: Verdict }).verdict : undefined) ?? 'unreviewed'
}

/** The attribute names (outside the verdict group) whose values differ. */
function changedAttributes(before: SnapshotAnnotation, after: SnapshotAnnotation): string[] {
  const a = before.attrs as Record<string, unknown>
  const b = after.attrs as Record<string, unknown>
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((name) => !VERDICT_GROUP.has(name))
  return names.filter((name) => canonical(a[name]) !== canonical(b[name])).sort()
}

const attachment = (annotation: SnapshotAnnotation) => (annotation.state === 'detached' ? 'detached' : 'attached')

/** Comments in both (matched by id) whose text differs. */
function editedComments(before: SnapshotAnnotation, after: SnapshotAnnotation): number {
  const older = new Map(before.comments.map((comment) => [comment.id, comment.text]))
  return after.comments.filter((comment) => older.has(comment.id) && older.get(comment.id) !== comment.text).length
}

/** Links of `after` (as type and target) that `before` does not have, less those the growth in number explains. */
function retargetedLinks(before: SnapshotAnnotation, after: SnapshotAnnotation): number {
  const key = (link: AnnotationLink) => `${link.type}\u0000${link.target}`
  const older = new Map<string, number>()
  for (const link of before.links) older.set(key(link), (older.get(key(link)) ?? 0) + 1)
  let unmatched = 0
  for (const link of after.links) {
    const left = older.get(key(link)) ?? 0
    if (left > 0) older.set(key(link), left - 1)
    else unmatched++
  }
  return unmatched - Math.max(0, after.links.length - before.links.length)
}

const threadState = (annotation: SnapshotAnnotation): ThreadState => annotation.thread?.state ?? 'open'

/** What differs between two versions of one annotation, in a fixed order; empty when nothing does. */
function annotationFieldChanges(before: SnapshotAnnotation, after: SnapshotAnnotation): AnnotationFieldChange[] {
  const changes: AnnotationFieldChange[] = []
  if (attachment(before) !== attachment(after)) changes.push({ field: 'attachment', before: attachment(before), after: attachment(after) })
  if (before.exact !== after.exact) changes.push({ field: 'words', before: before.exact, after: after.exact })
  if (before.type !== after.type) changes.push({ field: 'type', before: before.type, after: after.type })
  if (verdictOf(before) !== verdictOf(after)) changes.push({ field: 'verdict', before: verdictOf(before), after: verdictOf(after) })
  const [reviewBefore, reviewAfter] = [before.review?.state ?? null, after.review?.state ?? null]
  if (reviewBefore !== reviewAfter) changes.push({ field: 'review', before: reviewBefore, after: reviewAfter })
  const names = changedAttributes(before, after)
  if (names.length > 0) changes.push({ field: 'attributes', names })
  if ((before.note ?? '') !== (after.note ?? '')) changes.push({ field: 'note', before: before.note ?? '', after: after.note ?? '' })
  if (before.comments.length !== after.comments.length) changes.push({ field: 'comments', before: before.comments.length, after: after.comments.length })
  const edited = editedComments(before, after)
  if (edited > 0) changes.push({ field: 'comment-text', edited })
  if (threadState(before) !== threadState(after)) changes.push({ field: 'thread', before: threadState(before), after: threadState(after) })
  if (before.links.length !== after.links.length) changes.push({ field: 'links', before: before.links.length, after: after.links.length })
  const retargeted = retargetedLinks(before, after)
  if (retargeted > 0) changes.push({ field: 'link-targets', changed: retargeted })
  return changes
}

/** Compares the annotations of two versions by id: added, removed, and changed with what changed. */
export function compareAnnotations(before: readonly SnapshotAnnotation[], after: readonly SnapshotAnnotation[]): AnnotationChanges {
  const older = new Map(before.map((annotation) => [annotation.id, annotation]))
  const newer = new Set(after.map((annotation) => annotation.id))
  const added: AnnotationSummary[] = []
  const changed: Array<AnnotationSummary & { changes: AnnotationFieldChange[] }> = []
  for (const annotation of after) {
    const previous = older.get(annotation.id)
    if (!previous) {
      added.push(summary(annotation))
      continue
    }
    const changes = annotationFieldChanges(previous, annotation)
    if (changes.length > 0) changed.push({ ...summary(annotation), changes })
  }
  const removed = before.filter((annotation) => !newer.has(annotation.id)).map(summary)
  return { added, removed, changed }
}
