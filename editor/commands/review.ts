import type { EditorState } from 'prosemirror-state'
import { AnnotationValidationError, type Person } from '../model/annotation'
import { setAssignee, setReviewStatus, updateAnnotation } from '../model/annotation-store'
import { approvalRefusal, transitionRefusal, type ReviewState } from '../model/review-status'
import { annotationContextOf, findAnnotationState, type AnnotationContext } from '../plugins/annotation-plugin'
import type { ResolvedAnnotation } from '../model/resolve-annotations'

/** The claim `id` as the editor shows it, and the plugin's context; throws when either is missing or annotating is not allowed. */
function claimOf(state: EditorState, id: string, caller: string): { claim: ResolvedAnnotation; context: AnnotationContext } {
  const plugin = findAnnotationState(state)
  const context = annotationContextOf(state)
  if (!plugin || !context) throw new Error(`${caller}: the annotation plugin is not installed`)
  if (!(context.canAnnotate?.() ?? true)) throw new Error(`${caller}: annotating is not allowed here`)
  const claim = plugin.annotations.find((annotation) => annotation.id === id)
  if (!claim) throw new AnnotationValidationError(`annotation "${id}" does not exist`)
  if (claim.type !== 'claim') throw new AnnotationValidationError(`annotation "${id}" is a ${claim.type}: only claims are reviewed`)
  return { claim, context }
}

/** Assigns a claim to a person, or to nobody (null): `open` becomes `in review`. */
export function assignClaim(state: EditorState, id: string, assignee: Person | null): void {
  const { context } = claimOf(state, id, 'assignClaim')
  setAssignee(context.ydoc, id, assignee, context.getUser())
}

/**
 * Signs off a claim's review as the current user. Throws AnnotationValidationError saying why
 * when it cannot be approved now: not reviewed yet, words changed since, already approved, or
 * the current user gave the verdict.
 */
export function approveClaim(state: EditorState, id: string): void {
  const { claim, context } = claimOf(state, id, 'approveClaim')
  const refusal = approvalRefusal(claim.review, context.getUser())
  if (refusal) throw new AnnotationValidationError(`approve: ${refusal}`)
  setReviewStatus(context.ydoc, id, 'approved', context.getUser())
}

/** Sends a claim's review back: `in review` again (`open` when nobody is assigned) until a new verdict is given. */
export function reopenClaim(state: EditorState, id: string): void {
  const { claim, context } = claimOf(state, id, 'reopenClaim')
  if (!claim.review?.reviewedAt) throw new AnnotationValidationError('reopen: the claim has no review to send back')
  setReviewStatus(context.ydoc, id, 'reopened', context.getUser())
}

/**
 * Reviews a claim again on its current words, keeping its verdict: the stamp (reviewer, time,
 * reviewed words) is renewed, so `needs re-review` becomes `reviewed` (and needs a new sign-off).
 */
export function confirmReview(state: EditorState, id: string): void {
  const { claim, context } = claimOf(state, id, 'confirmReview')
  if (claim.record.type !== 'claim') return
  const attrs = claim.record.attrs
  if (!attrs.verdict || attrs.verdict === 'unreviewed') throw new AnnotationValidationError('review: give the claim a verdict first')
  if (claim.status !== 'attached') throw new AnnotationValidationError('review: the claim has no words (re-attach it first)')
  updateAnnotation(context.ydoc, id, { attrs: { ...attrs, reviewedBy: context.getUser(), reviewedAt: new Date().toISOString(), reviewedText: claim.text }, by: context.getUser() })
}

/**
 * Moves a claim to a review state, as the board's status menu does (see transitionRefusal):
 * `open` unassigns it and sends its review back, `in-review` assigns it to the current person
 * (unless someone is) and sends its review back, `reviewed` confirms the verdict on the new words,
 * `approved` signs it off. Throws AnnotationValidationError saying why when it cannot.
 */
export function moveClaimTo(state: EditorState, id: string, target: ReviewState): void {
  const { claim, context } = claimOf(state, id, 'moveClaimTo')
  const review = claim.review!
  if (review.state === target) return
  const me = context.getUser()
  const verdict = claim.record.type === 'claim' ? (claim.record.attrs.verdict ?? 'unreviewed') : 'unreviewed'
  const refusal = transitionRefusal(review, target, me, { hasVerdict: verdict !== 'unreviewed', attached: claim.status === 'attached' })
  if (refusal) throw new AnnotationValidationError(`status: ${refusal}`)
  if (target === 'approved') return approveClaim(state, id)
  if (target === 'reviewed') return confirmReview(state, id)
  if (review.reviewedAt && review.state !== 'open' && review.state !== 'in-review') setReviewStatus(context.ydoc, id, 'reopened', me)
  if (target === 'open' && review.assignee) setAssignee(context.ydoc, id, null, me)
  if (target === 'in-review' && !review.assignee) setAssignee(context.ydoc, id, me, me)
}
