import type { ClaimAttrs, Person } from './annotation'

/**
 * Stamps a claim's review when its verdict changes: a new verdict other than `unreviewed` records
 * who gave it, when, and the span's text at that moment (`reviewedText`), so later edits of the
 * words show as "changed since review". Setting the verdict back to `unreviewed` clears the stamp.
 * Unchanged verdicts keep the previous stamp.
 */
export function withReviewStamp(previous: ClaimAttrs, next: ClaimAttrs, currentText: string, reviewer: Person, now: string): ClaimAttrs {
  const verdict = next.verdict ?? 'unreviewed'
  if (verdict === (previous.verdict ?? 'unreviewed')) {
    const { reviewedBy, reviewedAt, reviewedText } = previous
    // Only the stamps there are: an absent one stays absent (no `undefined` keys).
    return { ...withoutReview(next), ...(reviewedBy ? { reviewedBy } : {}), ...(reviewedAt ? { reviewedAt } : {}), ...(reviewedText !== undefined ? { reviewedText } : {}) }
  }
  if (verdict === 'unreviewed') return { ...withoutReview(next), verdict }
  return { ...next, verdict, reviewedBy: reviewer, reviewedAt: now, reviewedText: currentText }
}

function withoutReview(attrs: ClaimAttrs): ClaimAttrs {
  const { reviewedBy: _by, reviewedAt: _at, reviewedText: _text, ...rest } = attrs
  return rest
}
