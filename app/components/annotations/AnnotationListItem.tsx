import { memo } from 'react'
import type { ResolvedAnnotation } from '../../../editor/model/resolve-annotations'
import { REVIEW_STATE_LABELS, TYPE_LABELS, VERDICT_LABELS } from '../../../editor/model/annotation-labels'
import { threadStatusOf } from '../../../editor/model/comment-thread'

function keyAttributes(annotation: ResolvedAnnotation): string[] {
  const { record } = annotation
  switch (record.type) {
    case 'event':
      return [record.attrs.date && (record.attrs.endDate ? `${record.attrs.date} – ${record.attrs.endDate}` : record.attrs.date), record.attrs.place, record.attrs.summary].filter(
        Boolean,
      ) as string[]
    case 'quote':
      return [record.attrs.speaker, record.attrs.date, record.attrs.paraphrase ? 'paraphrase' : ''].filter(Boolean) as string[]
    case 'claim':
      return [record.attrs.claimant, record.attrs.summary].filter(Boolean) as string[]
  }
}

/** One entry of the annotation list: type, the span's text, key attributes, links, author. Redrawn only when its props change. */
export const AnnotationListItem = memo(function AnnotationListItem({
  annotation,
  selected,
  linkSummary = '',
  onSelect,
}: {
  annotation: ResolvedAnnotation
  selected: boolean
  /** Its links in short ("supported by 2 quotes"), or "". */
  linkSummary?: string
  onSelect: (id: string) => void
}) {
  const { record } = annotation
  const verdict = record.type === 'claim' ? (record.attrs.verdict ?? 'unreviewed') : null
  const text = annotation.status === 'attached' ? annotation.text : record.exact
  const thread = threadStatusOf(record)
  return (
    <li>
      <button
        type="button"
        className={`annotation-item type-${annotation.type}${selected ? ' selected' : ''}`}
        onClick={() => onSelect(annotation.id)}
        aria-current={selected ? 'true' : undefined}
        data-annotation-item={annotation.id}
      >
        <span className="annotation-item-head">
          <span className={`type-badge type-${annotation.type}`}>{TYPE_LABELS[annotation.type]}</span>
          {verdict && <span className={`verdict-badge verdict-${verdict}`}>{VERDICT_LABELS[verdict]}</span>}
          {annotation.review && annotation.review.state !== 'open' && (
            <span className={`review-state review-${annotation.review.state}`} data-testid="review-state-badge">
              {REVIEW_STATE_LABELS[annotation.review.state]}
            </span>
          )}
          {annotation.changedSinceReview && annotation.review?.state !== 'needs-re-review' && (
            <span className="warning-badge" data-testid="changed-since-review">
              Changed since review
            </span>
          )}
          {annotation.deletionProposed && (
            <span className="warning-badge" data-testid="deletion-proposed" title="A pending suggestion deletes some of its words">
              Deletion proposed
            </span>
          )}
          {thread.comments > 0 &&
            (thread.state === 'resolved' ? (
              <span className="comment-count thread-resolved" aria-label={`${thread.comments} comments, resolved`} data-testid="thread-marker">
                ✓ resolved
              </span>
            ) : (
              <span className="comment-count" aria-label={`${thread.comments} comments`} data-testid="thread-marker">
                💬 {thread.comments}
              </span>
            ))}
        </span>
        {/* The quotation marks follow the panel's direction; <bdi> lets right-to-left text (the
            Hebrew caption) run inside them without turning them around. */}
        <span className="annotation-item-text">
          “<bdi>{text.length > 160 ? `${text.slice(0, 160)}…` : text}</bdi>”
        </span>
        {keyAttributes(annotation).length > 0 && <span className="annotation-item-attrs">{keyAttributes(annotation).join(' · ')}</span>}
        {linkSummary && (
          <span className="annotation-item-links" data-testid="link-summary">
            {linkSummary}
          </span>
        )}
        <span className="annotation-item-author">
          by {record.createdBy.name}
          {annotation.review?.assignee && <> · assigned to {annotation.review.assignee.name}</>}
          {annotation.review?.approvedBy && <> · approved by {annotation.review.approvedBy.name}</>}
        </span>
      </button>
    </li>
  )
})
