import type { AnnotationRecord, ClaimAttrs, Person } from './annotation'

/**
 * Where a claim is in the review workflow (docs/data-model.md, "Review workflow"):
 * `open` → `in-review` (someone is assigned) → `reviewed` (a verdict, stamped) → `approved` (a
 * second person signed the review off), and `needs-re-review` once the words change after review.
 */
export const REVIEW_STATES = ['open', 'in-review', 'reviewed', 'approved', 'needs-re-review'] as const
export type ReviewState = (typeof REVIEW_STATES)[number]

/** A claim's review as the panel, the board and the exports show it. */
export interface ReviewStatus {
  state: ReviewState
  /** Who is checking the claim. */
  assignee: Person | null
  /** Who gave the current verdict, and when; null before a review. */
  reviewer: Person | null
  reviewedAt: string | null
  /** Who signed the current review off, and when; null unless approved. */
  approvedBy: Person | null
  approvedAt: string | null
}

/** A verdict other than `unreviewed` with its stamp: the claim's current review. */
function currentReview(attrs: ClaimAttrs): { by: Person; at: string; text: string } | null {
  const { verdict, reviewedBy, reviewedAt, reviewedText } = attrs
  if (!verdict || verdict === 'unreviewed' || !reviewedBy || !reviewedAt || reviewedText === undefined) return null
  return { by: reviewedBy, at: reviewedAt, text: reviewedText }
}

/**
 * The review status of a claim whose span now reads `text` (`attached` false: its words are gone);
 * null for events and quotes. Derived, never stored, so every replica agrees without anyone
 * writing it:
 * - without a review: `in-review` when someone is assigned, else `open`;
 * - with one: `needs-re-review` when the words differ from the reviewed words (or are gone);
 *   `approved` when the `status` entry approves this very review (same `reviewedAt`) and the
 *   approver is not the reviewer; `in-review`/`open` when it sends this review back; else `reviewed`.
 * A sign-off or send-back of an earlier review counts for nothing: a new verdict needs a new one.
 */
export function reviewStatusOf(record: AnnotationRecord, text: string, attached: boolean): ReviewStatus | null {
  if (record.type !== 'claim') return null
  const assignee = record.assignee ?? null
  const review = currentReview(record.attrs)
  // Always the same keys in the same order: exports write them as they are.
  const status = (state: ReviewState, approval: { by: Person; at: string } | null = null): ReviewStatus => ({
    state,
    assignee,
    reviewer: review?.by ?? null,
    reviewedAt: review?.at ?? null,
    approvedBy: approval?.by ?? null,
    approvedAt: approval?.at ?? null,
  })
  if (!review) return status(assignee ? 'in-review' : 'open')
  const stored = record.reviewStatus?.reviewedAt === review.at ? record.reviewStatus : undefined
  if (stored?.state === 'reopened') return status(assignee ? 'in-review' : 'open')
  if (!attached || text !== review.text) return status('needs-re-review')
  if (stored?.state === 'approved' && stored.by.id !== review.by.id) return status('approved', stored)
  return status('reviewed')
}

/** Why `person` may not sign off a claim's review now, or null when they may. */
export function approvalRefusal(review: ReviewStatus | null, person: Person): string | null {
  if (!review) return 'only claims are reviewed'
  if (review.state === 'approved') return 'the review is already approved'
  if (review.state !== 'reviewed') return 'only a reviewed claim can be approved (give it a verdict first)'
  if (review.reviewer?.id === person.id) return 'the reviewer cannot approve their own review: a second person signs it off'
  return null
}

/**
 * Whether a claim is in `person`'s queue: assigned to them and not signed off, or reviewed by
 * them and its words changed since.
 */
export function isInQueueOf(review: ReviewStatus | null, personId: string): boolean {
  if (!review) return false
  if (review.assignee?.id === personId && review.state !== 'approved') return true
  return review.state === 'needs-re-review' && review.reviewer?.id === personId
}

/**
 * Why a claim cannot be moved to `target` by `person` from the board's status menu, or null when
 * it can: `open` and `in review` send a review back (and unassign, or assign `person`), `reviewed`
 * stamps the verdict on the words as they are now (a claim with a verdict and words), `approved`
 * signs off. `needs re-review`
 * follows from the words alone.
 */
export function transitionRefusal(review: ReviewStatus, target: ReviewState, person: Person, claim: { hasVerdict: boolean; attached: boolean }): string | null {
  if (review.state === target) return null
  switch (target) {
    case 'open':
    case 'in-review':
      return null
    case 'reviewed':
      // Reviewing stamps the verdict on the words as they are now: it needs both.
      if (!claim.hasVerdict) return 'give the claim a verdict to review it'
      return claim.attached ? null : 're-attach the claim to words first'
    case 'approved':
      return approvalRefusal(review, person)
    case 'needs-re-review':
      return 'a claim needs re-review by itself when its words change after review'
  }
}
