'use client'

import type { EditorView } from 'prosemirror-view'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { matchesKey, shortcutOf } from '../../../editor/model/shortcuts'
import { useMacKeys } from '../use-mac-keys'
import { changeAnnotationType, commentOnAnnotation, reattachAnnotation, removeAnnotation, saveAnnotation, textRangeOfSelection } from '../../../editor/commands/annotations'
import { ANNOTATION_TYPES, AnnotationValidationError, type AnnotationType, type Person } from '../../../editor/model/annotation'
import type { ResolvedAnnotation } from '../../../editor/model/resolve-annotations'
import type { LinkEnd } from '../../../editor/model/annotation-links'
import { AnnotationForm } from './AnnotationForm'
import { AnnotationLinks } from './AnnotationLinks'
import { CommentThread } from './CommentThread'
import { TYPE_LABELS } from '../../../editor/model/annotation-labels'
import { AnnotationHistory } from './AnnotationHistory'
import { reopenThread, resolveThread } from '../../../editor/commands/threads'
import { threadStatusOf } from '../../../editor/model/comment-thread'
import { ReviewControls } from './ReviewControls'

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
  people,
  me,
  takeFocus = false,
  onFocused,
  showComments,
  docId,
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
  /** Everyone a claim can be assigned to. */
  people: readonly Person[]
  /** The current person; null before they chose a name. */
  me: Person | null
  /** The keyboard opened this annotation (Alt-J/Alt-K): the focus moves to the details, once. */
  takeFocus?: boolean
  onFocused?: () => void
  /** New each time its comments are to be shown, a resolved thread's unfolded (see CommentThread). */
  showComments?: number
  /** The document (unsaved form input is kept per document). */
  docId: string
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
  useEffect(() => {
    if (!takeFocus) return
    section.current?.focus()
    onFocused?.()
  }, [takeFocus, onFocused])
  const mac = useMacKeys()
  // Escape closes the details and returns to the text; Ctrl/⌘-Enter submits the form the focus is in.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.nativeEvent.isComposing) return
    if (matchesKey(event, shortcutOf('close-annotation').keys[0], mac)) {
      // A comment being typed is not kept like the form's fields: Escape does not throw it away.
      const target = event.target as HTMLElement
      if (target instanceof HTMLTextAreaElement && target.closest('.comment-thread') && target.value.trim() !== '') return
      event.preventDefault()
      onClose()
      view.focus()
    } else if (matchesKey(event, shortcutOf('save-annotation').keys[0], mac)) {
      const form = (event.target as HTMLElement).closest('form')
      if (form) {
        event.preventDefault()
        form.requestSubmit()
      }
    }
  }
  const [typeError, setTypeError] = useState<string | null>(null)
  const canReattach = !readOnly && textRangeOfSelection(view.state) !== null
  const review = record.type === 'claim' && record.attrs.reviewedBy ? record.attrs : null
  return (
    <section
      ref={section}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      className={`annotation-detail type-${annotation.type}`}
      aria-label={`${TYPE_LABELS[annotation.type]} details`}
      data-testid="annotation-detail"
    >
      <div className="detail-head">
        <span className={`type-badge type-${annotation.type}`}>{TYPE_LABELS[annotation.type]}</span>
        {!readOnly && (
          <select
            className="type-select"
            aria-label="Change type"
            title="Change the type: attributes the new type has are kept, the others set aside"
            value={annotation.type}
            onChange={(event) => setTypeError(attempt(() => changeAnnotationType(view.state, annotation.id, event.target.value as AnnotationType)))}
          >
            {ANNOTATION_TYPES.map((type) => (
              <option key={type} value={type}>
                {TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        )}
        <button type="button" className="button small ghost" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      {typeError && (
        <p className="field-error" role="alert">
          {typeError}
        </p>
      )}
      <blockquote className="detail-text" dir="auto">
        {annotation.status === 'attached' ? annotation.text : record.exact}
      </blockquote>
      {annotation.status === 'detached' && (
        <p className="notice warn" role="status">
          The words of this {annotation.type} were deleted. Select the right words in the text and re-attach it.
        </p>
      )}
      {annotation.deletionProposed && (
        <p className="notice warn" data-testid="deletion-proposed-detail">
          <strong>Deletion proposed.</strong> A pending suggestion deletes words of this {annotation.type}: accepted, they go as with any deletion; rejected, nothing changes.
        </p>
      )}
      {annotation.changedSinceReview && (
        <p className="notice warn" data-testid="changed-since-review-detail">
          <strong>Changed since review.</strong> The verdict was given on: “{review?.reviewedText}”
        </p>
      )}
      <ReviewControls view={view} annotation={annotation} people={people} me={me} readOnly={readOnly} />
      <AnnotationForm
        key={`${annotation.id}:${annotation.type}`}
        docId={docId}
        annotation={annotation}
        readOnly={readOnly}
        onSave={(attrs, note, opened) => attempt(() => saveAnnotation(view.state, annotation.id, attrs, note, opened))}
      />
      <AnnotationLinks view={view} annotation={annotation} ends={linkEnds} byId={byId} invalidIds={invalidIds} readOnly={readOnly} onOpen={onOpen} />
      <CommentThread
        comments={record.comments}
        thread={threadStatusOf(record)}
        readOnly={readOnly}
        onAdd={(text) => attempt(() => commentOnAnnotation(view.state, annotation.id, text))}
        onResolve={() => attempt(() => resolveThread(annotation.id)(view.state, view.dispatch))}
        onReopen={() => attempt(() => reopenThread(annotation.id)(view.state, view.dispatch))}
        showRequest={showComments}
      />
      <AnnotationHistory record={record} />
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
