'use client'

import { useId, useState, type FormEvent } from 'react'
import type { AnnotationComment } from '../../../editor/model/annotation'
import { threadAction, type ThreadStatus } from '../../../editor/model/comment-thread'
import { formatRecentTime, formatTime } from './format-time'

const countOf = (comments: number) => `${comments} comment${comments === 1 ? '' : 's'}`

/** "Ada · 10:01": who and when, the time in full on hover. */
function ByWhen({ by, at }: { by: string; at: string }) {
  return (
    <>
      <strong>{by}</strong> ·{' '}
      <time dateTime={at} title={formatTime(at)}>
        {formatRecentTime(at)}
      </time>
    </>
  )
}

/**
 * An annotation's comments (rendered as text, never HTML), a box to add one, and the thread's
 * state: Resolve folds it to one line for everyone ("Resolved by Ada · 10:01 · 3 comments"),
 * Show unfolds it here only, Reopen (or a new comment) opens it again. Read-only people see the
 * state and can unfold it, nothing more.
 */
export function CommentThread({
  comments,
  thread,
  readOnly,
  onAdd,
  onResolve,
  onReopen,
  showRequest,
}: {
  comments: AnnotationComment[]
  thread: ThreadStatus
  readOnly: boolean
  onAdd: (text: string) => string | null
  /** Each returns the problem when the change was refused (shown in words), else null. */
  onResolve: () => string | null
  onReopen: () => string | null
  /** New each time the comments are to be shown, a resolved thread's unfolded (find opened the annotation for a comment). */
  showRequest?: number
}) {
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)
  // Unfolded for the resolution it was unfolded at: a later resolution folds it again.
  const [shownAt, setShownAt] = useState<string | null>(null)
  const [shownFor, setShownFor] = useState<number | undefined>(undefined)
  if (showRequest !== undefined && showRequest !== shownFor) {
    setShownFor(showRequest)
    setShownAt(thread.at)
  }
  const resolved = thread.state === 'resolved'
  const folded = resolved && shownAt !== thread.at
  const action = readOnly ? null : threadAction(thread)
  const commentsId = useId()

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!draft.trim()) return
    const problem = onAdd(draft)
    setError(problem)
    if (!problem) setDraft('')
  }

  return (
    <section className={`comment-thread${resolved ? ' is-resolved' : ''}`} aria-label="Comments" data-thread-state={thread.state}>
      <h3 className="subsection-title">
        Comments {comments.length > 0 && <span className="count">{comments.length}</span>}
        {resolved && (
          <span className="thread-badge" data-testid="thread-badge">
            Resolved
          </span>
        )}
      </h3>
      {resolved && thread.by && thread.at && (
        <div className="thread-resolution" data-testid="thread-resolution">
          <span className="thread-check" aria-hidden="true">
            ✓
          </span>
          <span className="thread-summary">
            Resolved by <ByWhen by={thread.by.name} at={thread.at} /> · <span className="thread-count">{countOf(thread.comments)}</span>
          </span>
          <button
            type="button"
            className="link-button"
            aria-expanded={!folded}
            aria-controls={commentsId}
            aria-label={`${folded ? 'Show' : 'Hide'} the ${countOf(thread.comments)}`}
            onClick={() => setShownAt(folded ? thread.at : null)}
          >
            {folded ? 'Show' : 'Hide'}
          </button>
        </div>
      )}
      {!resolved && thread.by && thread.at && (
        <p className="thread-reopened muted small-text" data-testid="thread-reopened">
          Reopened {thread.reopenedByComment ? 'with a comment by' : 'by'} <ByWhen by={thread.by.name} at={thread.at} />
        </p>
      )}
      {comments.length === 0 ? (
        <p className="muted small-text">No comments yet.</p>
      ) : (
        !folded && (
          <ol className="comments" id={commentsId} data-testid="comments">
            {comments.map((comment) => (
              <li key={comment.id} className="comment">
                <div className="comment-head">
                  <strong>{comment.author.name}</strong>{' '}
                  <time dateTime={comment.createdAt} className="muted">
                    {formatTime(comment.createdAt)}
                  </time>
                </div>
                <p className="comment-text" dir="auto">
                  {comment.text}
                </p>
              </li>
            ))}
          </ol>
        )
      )}
      {!readOnly && (
        <form onSubmit={submit} className="comment-form">
          <label htmlFor="new-comment" className="visually-hidden">
            Add a comment
          </label>
          <textarea
            id="new-comment"
            rows={2}
            placeholder={resolved ? 'Add a comment (reopens the thread)…' : 'Add a comment…'}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            dir="auto"
          />
          {error && (
            <p className="notice error" role="alert">
              {error}
            </p>
          )}
          <div className="comment-actions">
            <button type="submit" className="button small" disabled={!draft.trim()}>
              Comment
            </button>
            {action === 'resolve' && (
              <button
                type="button"
                className="button small ghost resolve-button"
                onClick={() => setError(onResolve())}
                title="Fold this thread away for everyone; a new comment reopens it"
              >
                <span aria-hidden="true">✓ </span>
                Resolve
              </button>
            )}
            {action === 'reopen' && (
              <button type="button" className="button small ghost" onClick={() => setError(onReopen())} title="Open this thread again for everyone">
                Reopen
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  )
}
