'use client'

import type { EditorView } from 'prosemirror-view'
import { useEffect, useRef } from 'react'
import { commentOnAnnotation, reattachAnnotation, removeAnnotation, saveAnnotation, textRangeOfSelection } from '../../../editor/commands/annotations'
import { AnnotationValidationError } from '../../../editor/model/annotation'
import type { ResolvedAnnotation } from '../../../editor/model/resolve-annotations'
import type { LinkEnd } from '../../../editor/model/annotation-links'
import { AnnotationForm } from './AnnotationForm'
import { AnnotationLinks } from './AnnotationLinks'
import { CommentThread } from './CommentThread'
import { TYPE_LABELS, VERDICT_LABELS } from '../../../editor/model/annotation-labels'

const attempt = (action: () => void): string | null => {
  try {
    action()
    return null
  } catch (error) {
    if (error instanceof AnnotationValidationError) return error.message
    throw error
  }
}

/** The selected annotation: its text, review state, edit form, links, comments, delete and re-attach. */
export function AnnotationDetail({
  view,
  annotation,
  readOnly,
  linkEnds,
  byId,
  invalidIds,
  onClose,
  onDeleted,
  onOpen,
}: {
  view: EditorView
  annotation: ResolvedAnnotation
  readOnly: boolean
  /** Its links, both ways. */
  linkEnds: readonly LinkEnd[]
  /** Every annotation of the document by id (the other ends of links). */
  byId: ReadonlyMap<string, ResolvedAnnotation>
  /** Ids of the records that do not validate (a link to one is broken, but not because it was deleted). */
  invalidIds: ReadonlySet<string>
  onClose: () => void
  onDeleted: () => void
  /** Selects and shows another annotation. */
  onOpen: (id: string) => void
}) {
  const { record } = annotation
  const section = useRef<HTMLElement>(null)
  // Opened from far down a long list, the details (at the top of the side panel) would be out of
  // sight: bring them into the panel's view. Only the panel scrolls, never the article.
  useEffect(() => {
    const element = section.current
    const panel = element?.closest('.side-panel')
    if (!element || !panel) return
    const top = element.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop
    if (top < panel.scrollTop) panel.scrollTop = Math.max(0, top - 12)
  }, [])
  const canReattach = !readOnly && textRangeOfSelection(view.state) !== null
  const review = record.type === 'claim' && record.attrs.reviewedBy ? record.attrs : null
  return (
    <section ref={section} className={`annotation-detail type-${annotation.type}`} aria-label={`${TYPE_LABELS[annotation.type]} details`} data-testid="annotation-detail">
      <div className="detail-head">
        <span className={`type-badge type-${annotation.type}`}>{TYPE_LABELS[annotation.type]}</span>
        <button type="button" className="button small ghost" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      <blockquote className="detail-text" dir="auto">
        {annotation.status === 'attached' ? annotation.text : record.exact}
      </blockquote>
      {annotation.status === 'detached' && (
        <p className="notice warn" role="status">
          The words of this {annotation.type} were deleted. Select the right words in the text and re-attach it.
        </p>
      )}
      {annotation.changedSinceReview && (
        <p className="notice warn" data-testid="changed-since-review-detail">
          <strong>Changed since review.</strong> The verdict was given on: “{review?.reviewedText}”
        </p>
      )}
      {review && (
        <p className="muted small-text">
          {VERDICT_LABELS[review.verdict ?? 'unreviewed']} — reviewed by {review.reviewedBy?.name}
          {review.reviewedAt ? ` on ${review.reviewedAt.slice(0, 10)}` : ''}
        </p>
      )}
      <AnnotationForm
        key={annotation.id}
        annotation={annotation}
        readOnly={readOnly}
        onSave={(attrs, note, opened) => attempt(() => saveAnnotation(view.state, annotation.id, attrs, note, opened))}
      />
      <AnnotationLinks view={view} annotation={annotation} ends={linkEnds} byId={byId} invalidIds={invalidIds} readOnly={readOnly} onOpen={onOpen} />
      <CommentThread comments={record.comments} readOnly={readOnly} onAdd={(text) => attempt(() => commentOnAnnotation(view.state, annotation.id, text))} />
      <p className="muted small-text">
        Tagged by {record.createdBy.name} on {record.createdAt.slice(0, 10)}
      </p>
      {!readOnly && (
        <div className="actions">
          {annotation.status === 'detached' && (
            <button
              type="button"
              className="button small"
              disabled={!canReattach}
              onClick={() => reattachAnnotation(annotation.id)(view.state, view.dispatch)}
              title="Select text in the article first"
            >
              Re-attach to selection
            </button>
          )}
          <button
            type="button"
            className="button small danger"
            onClick={() => {
              removeAnnotation(annotation.id)(view.state, view.dispatch)
              onDeleted()
            }}
          >
            Delete
          </button>
        </div>
      )}
    </section>
  )
}
