'use client'

import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { useMemo, useState } from 'react'
import { undoCommand } from 'y-prosemirror'
import { selectAnnotation } from '../../../editor/commands/annotations'
import { ANNOTATION_TYPES, VERDICTS, type AnnotationType } from '../../../editor/model/annotation'
import { EMPTY_FILTER, authorsOf, countByType, matchesFilter, type AnnotationFilter } from '../../../editor/model/filter-annotations'
import { getAnnotationState } from '../../../editor/plugins/annotation-plugin'
import { revealAnnotation } from '../../../editor/view/reveal-annotation'
import { AnnotationDetail } from './AnnotationDetail'
import { AnnotationListItem } from './AnnotationListItem'
import { TYPE_LABELS, TYPE_SHORTCUTS, VERDICT_LABELS } from './labels'

/**
 * The annotation side panel: filters with counts, the list in document order, the selected
 * annotation's details, and detached and invalid records in sections of their own.
 */
export function AnnotationPanel({ view, state, readOnly }: { view: EditorView | null; state: EditorState | null; readOnly: boolean }) {
  const [filter, setFilter] = useState<AnnotationFilter>(EMPTY_FILTER)
  const [deletedNotice, setDeletedNotice] = useState(false)
  const pluginState = state && view ? getAnnotationState(state) : null
  const annotations = useMemo(() => pluginState?.annotations ?? [], [pluginState?.annotations])
  const visible = useMemo(() => annotations.filter((a) => matchesFilter(a, filter)), [annotations, filter])
  const counts = useMemo(() => countByType(annotations), [annotations])
  const authors = useMemo(() => authorsOf(annotations), [annotations])

  if (!view || !pluginState) return null
  const selected = annotations.find((a) => a.id === pluginState.selectedId) ?? null
  const attached = visible.filter((a) => a.status === 'attached')
  const detached = visible.filter((a) => a.status === 'detached')
  const select = (id: string | null) => {
    selectAnnotation(id)(view.state, view.dispatch)
    if (id) revealAnnotation(view, id)
  }
  const toggleType = (type: AnnotationType) =>
    setFilter((previous) => ({
      ...previous,
      types: previous.types.includes(type) ? previous.types.filter((t) => t !== type) : [...previous.types, type],
    }))

  return (
    <section className="annotation-panel" aria-labelledby="annotations-title" data-testid="annotation-panel">
      <h2 id="annotations-title" className="panel-title">
        Annotations <span className="count" data-testid="annotation-count">{annotations.length}</span>
      </h2>
      {deletedNotice && (
        <p className="notice toast" role="status">
          Annotation deleted.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              undoCommand(view.state, view.dispatch)
              setDeletedNotice(false)
            }}
          >
            Undo
          </button>
        </p>
      )}
      {selected && (
        <AnnotationDetail
          key={selected.id}
          view={view}
          annotation={selected}
          readOnly={readOnly}
          onClose={() => select(null)}
          onDeleted={() => setDeletedNotice(true)}
        />
      )}
      <div className="filters" role="group" aria-label="Filter annotations">
        <div className="type-filters">
          {ANNOTATION_TYPES.map((type) => (
            <button
              key={type}
              type="button"
              className={`chip type-${type}${filter.types.includes(type) ? ' active' : ''}`}
              aria-pressed={filter.types.includes(type)}
              onClick={() => toggleType(type)}
              title={`Show only ${TYPE_LABELS[type].toLowerCase()}s (tag with Mod-Alt-${TYPE_SHORTCUTS[type]})`}
            >
              {TYPE_LABELS[type]}s <span className="chip-count">{counts[type]}</span>
            </button>
          ))}
        </div>
        <div className="filter-row">
          <label className="visually-hidden" htmlFor="filter-author">
            Author
          </label>
          <select id="filter-author" value={filter.author} onChange={(event) => setFilter({ ...filter, author: event.target.value })}>
            <option value="">All authors</option>
            {authors.map((author) => (
              <option key={author.id} value={author.id}>
                {author.name}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor="filter-verdict">
            Verdict
          </label>
          <select id="filter-verdict" value={filter.verdict} onChange={(event) => setFilter({ ...filter, verdict: event.target.value as AnnotationFilter['verdict'] })}>
            <option value="">Any verdict</option>
            {VERDICTS.map((verdict) => (
              <option key={verdict} value={verdict}>
                {VERDICT_LABELS[verdict]}
              </option>
            ))}
          </select>
        </div>
        <label className="visually-hidden" htmlFor="filter-text">
          Search annotations
        </label>
        <input id="filter-text" type="search" placeholder="Search text, attributes, notes…" value={filter.text} onChange={(event) => setFilter({ ...filter, text: event.target.value })} />
        <p className="muted small-text" data-testid="filter-summary">
          Showing {visible.length} of {annotations.length}
        </p>
      </div>
      {annotations.length === 0 ? (
        <p className="notice">
          Select words in the article, then choose Event, Quote or Claim (or press <kbd>Mod</kbd>+<kbd>Alt</kbd>+<kbd>1</kbd>…<kbd>3</kbd>).
        </p>
      ) : (
        <ul className="annotation-list" data-testid="annotation-list" aria-label="Annotations in document order">
          {attached.map((annotation) => (
            <AnnotationListItem key={annotation.id} annotation={annotation} selected={annotation.id === selected?.id} onSelect={() => select(annotation.id)} />
          ))}
        </ul>
      )}
      {detached.length > 0 && (
        <>
          <h3 className="subsection-title">
            Detached <span className="count">{detached.length}</span>
          </h3>
          <p className="muted small-text">Their words were deleted. Select new words and re-attach, or delete them.</p>
          <ul className="annotation-list" data-testid="detached-list">
            {detached.map((annotation) => (
              <AnnotationListItem key={annotation.id} annotation={annotation} selected={annotation.id === selected?.id} onSelect={() => select(annotation.id)} />
            ))}
          </ul>
        </>
      )}
      {pluginState.invalid.length > 0 && (
        <>
          <h3 className="subsection-title">
            Invalid <span className="count">{pluginState.invalid.length}</span>
          </h3>
          <ul className="invalid-list" data-testid="invalid-list">
            {pluginState.invalid.map((entry) => (
              <li key={entry.id} className="invalid-item">
                <code>{entry.id}</code>
                <span className="small-text">{entry.error}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
