'use client'

import type { EditorView } from 'prosemirror-view'
import { useEffect, useMemo, useRef, useState } from 'react'
import { linkAnnotations, unlinkAnnotations } from '../../../editor/commands/annotations'
import { AnnotationValidationError } from '../../../editor/model/annotation'
import { LINK_CHOICES, linkWording, type LinkChoice, type LinkEnd } from '../../../editor/model/annotation-links'
import { TYPE_LABELS } from '../../../editor/model/annotation-labels'
import type { ResolvedAnnotation } from '../../../editor/model/resolve-annotations'
import { setAnnotationPicker } from '../../../editor/plugins/annotation-plugin'

/** How many matches the picker lists at most. */
const MAX_MATCHES = 8

/** The text an annotation is shown by in a link: its current words, or the words it was made on. */
const wordsOf = (annotation: ResolvedAnnotation) => (annotation.status === 'attached' ? annotation.text : annotation.record.exact)

const excerpt = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/**
 * An annotation's links, both ways ("supports", "supported by"), each opening the annotation at
 * its other end, or shown as broken when that one was deleted; a picker adds one by searching the
 * annotations' text or clicking a highlight in the article.
 */
export function AnnotationLinks({
  view,
  annotation,
  ends,
  byId,
  invalidIds,
  readOnly,
  onOpen,
}: {
  view: EditorView
  annotation: ResolvedAnnotation
  ends: readonly LinkEnd[]
  byId: ReadonlyMap<string, ResolvedAnnotation>
  invalidIds: ReadonlySet<string>
  readOnly: boolean
  onOpen: (id: string) => void
}) {
  const [picking, setPicking] = useState(false)
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | null>(null)
  const typeLabel = TYPE_LABELS[annotation.type].toLowerCase()

  const remove = (end: LinkEnd) => {
    if (!unlinkAnnotations(view.state, end.source, end.link.id)) setMessage({ kind: 'error', text: 'This link could not be removed.' })
  }

  return (
    <section className="annotation-links" aria-label="Links" data-testid="annotation-links">
      <h3 className="subsection-title">Links {ends.length > 0 && <span className="count">{ends.length}</span>}</h3>
      {ends.length === 0 ? (
        <p className="muted small-text">Not linked to other annotations.</p>
      ) : (
        <ul className="link-list">
          {ends.map((end) => {
            const other = byId.get(end.other)
            const wording = linkWording(end.link.type, end.direction)
            const missing = invalidIds.has(end.other) ? 'an invalid annotation' : 'a deleted annotation'
            return (
              <li key={`${end.source}:${end.link.id}`} className="link-row" data-link-direction={end.direction}>
                <span className="link-relation">{wording}</span>
                {other ? (
                  <button type="button" className="link-target" onClick={() => onOpen(other.id)} title={`Open this ${TYPE_LABELS[other.type].toLowerCase()}`}>
                    <span className={`type-badge type-${other.type}`}>{TYPE_LABELS[other.type]}</span> <span dir="auto">“{excerpt(wordsOf(other))}”</span>
                  </button>
                ) : (
                  <span className="link-broken" data-testid="broken-link">
                    {missing}
                  </span>
                )}
                {!readOnly && (
                  <button
                    type="button"
                    className="button small ghost"
                    onClick={() => remove(end)}
                    aria-label={`Remove link: ${wording} ${other ? `“${excerpt(wordsOf(other), 30)}”` : missing}`}
                  >
                    ✕
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {message && (
        <p className={`notice ${message.kind === 'error' ? 'error' : 'ok'}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {!readOnly &&
        (picking ? (
          <LinkPicker
            view={view}
            annotation={annotation}
            byId={byId}
            onLinked={(text) => {
              setPicking(false)
              setMessage({ kind: 'done', text })
            }}
            onError={(text) => setMessage({ kind: 'error', text })}
            onCancel={() => {
              setPicking(false)
              setMessage(null)
            }}
          />
        ) : (
          <button
            type="button"
            className="button small"
            onClick={() => {
              setMessage(null)
              setPicking(true)
            }}
          >
            Link this {typeLabel} to…
          </button>
        ))}
    </section>
  )
}

/**
 * Chooses a relation and the annotation at the other end: by searching the annotations' text, or
 * by clicking a highlight in the article (the editor picks instead of selecting while this is open).
 */
function LinkPicker({
  view,
  annotation,
  byId,
  onLinked,
  onError,
  onCancel,
}: {
  view: EditorView
  annotation: ResolvedAnnotation
  byId: ReadonlyMap<string, ResolvedAnnotation>
  onLinked: (message: string) => void
  onError: (message: string) => void
  onCancel: () => void
}) {
  const [choiceIndex, setChoiceIndex] = useState(0)
  const [query, setQuery] = useState('')
  const choice: LinkChoice = LINK_CHOICES[choiceIndex]
  const link = (targetId: string) => {
    const target = byId.get(targetId)
    try {
      linkAnnotations(view.state, annotation.id, choice, targetId)
      onLinked(`Linked: ${choice.label} “${excerpt(target ? wordsOf(target) : targetId, 40)}”.`)
    } catch (error) {
      // Runs from the editor's click handler too: whatever went wrong is shown, never thrown there.
      onError(error instanceof AnnotationValidationError ? error.message : `The link could not be made: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  // The editor calls the latest `link` (with the relation chosen now) when a highlight is clicked.
  const handlers = useRef({ link, onCancel })
  useEffect(() => {
    handlers.current = { link, onCancel }
  })
  useEffect(() => {
    if (view.isDestroyed) return
    view.dispatch(setAnnotationPicker(view.state.tr, { onPick: (id) => handlers.current.link(id), onCancel: () => handlers.current.onCancel() }))
    return () => {
      if (!view.isDestroyed) view.dispatch(setAnnotationPicker(view.state.tr, null))
    }
  }, [view])

  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase()
    if (needle === '') return []
    const found: ResolvedAnnotation[] = []
    for (const candidate of byId.values()) {
      if (candidate.id === annotation.id || !wordsOf(candidate).toLowerCase().includes(needle)) continue
      found.push(candidate)
      if (found.length === MAX_MATCHES) break
    }
    return found
  }, [byId, query, annotation.id])

  return (
    <div
      className="link-picker"
      role="group"
      aria-label="New link"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          onCancel()
        }
      }}
    >
      <label className="field-label" htmlFor="link-relation">
        This {TYPE_LABELS[annotation.type].toLowerCase()}…
      </label>
      <select id="link-relation" value={choiceIndex} onChange={(event) => setChoiceIndex(Number(event.target.value))}>
        {LINK_CHOICES.map((option, index) => (
          <option key={`${option.type}-${option.direction}`} value={index}>
            {option.label}
          </option>
        ))}
      </select>
      <label className="field-label" htmlFor="link-search">
        …the annotation
      </label>
      <input id="link-search" type="search" placeholder="Search annotations by their words" value={query} onChange={(event) => setQuery(event.target.value)} autoFocus dir="auto" />
      <p className="muted small-text">or click a highlight in the article (Escape cancels).</p>
      {matches.length > 0 && (
        <ul className="link-matches" aria-label="Matching annotations">
          {matches.map((match) => (
            <li key={match.id}>
              <button type="button" className="link-target" onClick={() => link(match.id)}>
                <span className={`type-badge type-${match.type}`}>{TYPE_LABELS[match.type]}</span> <span dir="auto">“{excerpt(wordsOf(match))}”</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {query.trim() !== '' && matches.length === 0 && <p className="muted small-text">No annotation has these words.</p>}
      <button type="button" className="button small ghost" onClick={onCancel}>
        Cancel
      </button>
    </div>
  )
}
