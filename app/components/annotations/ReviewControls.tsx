'use client'

import type { EditorView } from 'prosemirror-view'
import { approveClaim, assignClaim, confirmReview, reopenClaim } from '../../../editor/commands/review'
import type { Person } from '../../../editor/model/annotation'
import { useActionError } from '../use-action-error'
import { REVIEW_STATE_LABELS, VERDICT_LABELS } from '../../../editor/model/annotation-labels'
import type { ResolvedAnnotation } from '../../../editor/model/resolve-annotations'
import { approvalRefusal } from '../../../editor/model/review-status'
import { formatTime } from './format-time'

/**
 * A claim's review: its state, who is assigned, who reviewed and who signed off, and the next
 * steps the current person may take (assign, approve, send back, review the new words).
 */
export function ReviewControls({
  view,
  annotation,
  people,
  me,
  readOnly,
}: {
  view: EditorView
  annotation: ResolvedAnnotation
  people: readonly Person[]
  me: Person | null
  readOnly: boolean
}) {
  const [error, run] = useActionError()
  const review = annotation.review
  if (!review || annotation.record.type !== 'claim') return null
  const verdict = annotation.record.attrs.verdict ?? 'unreviewed'
  const refusal = me ? approvalRefusal(review, me) : 'choose a name first'
  const assigneeChoices = review.assignee && !people.some((person) => person.id === review.assignee?.id) ? [review.assignee, ...people] : people
  return (
    <section className="review-controls" aria-label="Review" data-testid="review-controls">
      <div className="review-head">
        <h3 className="subsection-title">Review</h3>
        <span className={`review-state review-${review.state}`} data-testid="review-state" data-state={review.state}>
          {REVIEW_STATE_LABELS[review.state]}
        </span>
      </div>
      <dl className="facts review-facts">
        <dt>
          <label htmlFor={`assignee-${annotation.id}`}>Assignee</label>
        </dt>
        <dd>
          {readOnly ? (
            <span data-testid="assignee">{review.assignee?.name ?? 'Nobody'}</span>
          ) : (
            <select
              id={`assignee-${annotation.id}`}
              data-testid="assignee"
              value={review.assignee?.id ?? ''}
              onChange={(event) => {
                const person = assigneeChoices.find((candidate) => candidate.id === event.target.value) ?? null
                run(() => assignClaim(view.state, annotation.id, person))
              }}
            >
              <option value="">Nobody</option>
              {assigneeChoices.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                  {person.id === me?.id ? ' (you)' : ''}
                </option>
              ))}
            </select>
          )}
        </dd>
        {review.reviewer && (
          <>
            <dt>Reviewed</dt>
            <dd data-testid="reviewer">
              {VERDICT_LABELS[verdict]} · {review.reviewer.name} · <time dateTime={review.reviewedAt ?? undefined}>{formatTime(review.reviewedAt)}</time>
            </dd>
          </>
        )}
        {review.approvedBy && (
          <>
            <dt>Approved</dt>
            <dd data-testid="approver">
              {review.approvedBy.name} · <time dateTime={review.approvedAt ?? undefined}>{formatTime(review.approvedAt)}</time>
            </dd>
          </>
        )}
      </dl>
      {review.state === 'open' && verdict === 'unreviewed' && <p className="muted small-text">Give it a verdict and a rationale below to review it.</p>}
      {!readOnly && (
        <div className="actions review-actions">
          {me && review.assignee?.id !== me.id && review.state !== 'approved' && (
            <button type="button" className="button small" onClick={() => run(() => assignClaim(view.state, annotation.id, me))}>
              Assign to me
            </button>
          )}
          {(review.state === 'open' || review.state === 'in-review') && verdict !== 'unreviewed' && annotation.status === 'attached' && (
            <button
              type="button"
              className="button small"
              title="Stamp the verdict on the words as they are now: you become the reviewer"
              onClick={() => run(() => confirmReview(view.state, annotation.id))}
            >
              Mark reviewed ({VERDICT_LABELS[verdict]})
            </button>
          )}
          {review.state === 'needs-re-review' && verdict !== 'unreviewed' && annotation.status === 'attached' && (
            <button
              type="button"
              className="button small"
              title="Keep the verdict and review it again on the words as they are now"
              onClick={() => run(() => confirmReview(view.state, annotation.id))}
            >
              Verdict still holds
            </button>
          )}
          {(review.state === 'reviewed' || review.state === 'approved' || review.state === 'needs-re-review') && (
            <button type="button" className="button small ghost" onClick={() => run(() => reopenClaim(view.state, annotation.id))}>
              Send back
            </button>
          )}
          {review.state !== 'approved' && (
            <button
              type="button"
              className="button small primary"
              disabled={refusal !== null}
              title={refusal ? `Cannot approve: ${refusal}` : 'Sign the review off as a second person'}
              onClick={() => run(() => approveClaim(view.state, annotation.id))}
            >
              Approve
            </button>
          )}
        </div>
      )}
      {!readOnly && refusal && review.state === 'reviewed' && (
        <p className="muted small-text" data-testid="approve-hint">
          {refusal.charAt(0).toUpperCase() + refusal.slice(1)}.
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
