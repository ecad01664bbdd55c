'use client'

import { useState, type FormEvent } from 'react'
import type { AnnotationComment } from '../../../editor/model/annotation'

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' })

/** An annotation's comments (rendered as text, never HTML) and a box to add one. */
export function CommentThread({ comments, readOnly, onAdd }: { comments: AnnotationComment[]; readOnly: boolean; onAdd: (text: string) => string | null }) {
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!draft.trim()) return
    const problem = onAdd(draft)
    setError(problem)
    if (!problem) setDraft('')
  }

  return (
    <section className="comment-thread" aria-label="Comments">
      <h3 className="subsection-title">Comments {comments.length > 0 && <span className="count">{comments.length}</span>}</h3>
      {comments.length === 0 ? (
        <p className="muted small-text">No comments yet.</p>
      ) : (
        <ol className="comments" data-testid="comments">
          {comments.map((comment) => (
            <li key={comment.id} className="comment">
              <div className="comment-head">
                <strong>{comment.author.name}</strong>{' '}
                <time dateTime={comment.createdAt} className="muted">
                  {timeFormat.format(new Date(comment.createdAt))}
                </time>
              </div>
              <p className="comment-text" dir="auto">
                {comment.text}
              </p>
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (
        <form onSubmit={submit} className="comment-form">
          <label htmlFor="new-comment" className="visually-hidden">
            Add a comment
          </label>
          <textarea id="new-comment" rows={2} placeholder="Add a comment…" value={draft} onChange={(event) => setDraft(event.target.value)} dir="auto" />
          {error && (
            <p className="notice error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button small" disabled={!draft.trim()}>
            Comment
          </button>
        </form>
      )}
    </section>
  )
}
