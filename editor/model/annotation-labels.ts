import type { AnnotationType, Verdict } from './annotation'
import type { ReviewState } from './review-status'

/** Each annotation type's name as people read it: the panel, the tag bar, the highlights' hover text and the export menu. */
export const TYPE_LABELS: Record<AnnotationType, string> = { event: 'Event', quote: 'Quote', claim: 'Claim' }

/** The colour of each annotation type's highlights (`--event`, `--quote`, `--claim` in app/globals.css). */
export const TYPE_COLORS: Record<AnnotationType, string> = { event: '#0072B2', quote: '#E69F00', claim: '#CC79A7' }

/** Each claim verdict's name as people read it. */
export const VERDICT_LABELS: Record<Verdict, string> = {
  unreviewed: 'Unreviewed',
  supported: 'Supported',
  disputed: 'Disputed',
  false: 'False',
  misleading: 'Misleading',
  unverifiable: 'Unverifiable',
}

/** Each review state's name as people read it. */
export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  open: 'Open',
  'in-review': 'In review',
  reviewed: 'Reviewed',
  approved: 'Approved',
  'needs-re-review': 'Needs re-review',
}
