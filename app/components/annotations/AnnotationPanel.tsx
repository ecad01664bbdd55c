'use client'

import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { undoCommand } from 'y-prosemirror'
import { selectAnnotation } from '../../../editor/commands/annotations'
import { ANNOTATION_TYPES, VERDICTS, type AnnotationType, type Person } from '../../../editor/model/annotation'
import { knownPeople } from '../../../editor/model/history-wording'
import { isInQueueOf, REVIEW_STATES } from '../../../editor/model/review-status'
import { EMPTY_FILTER, authorsOf, countByType, hasOpenThread, matchesFilter, type AnnotationFilter } from './filter-annotations'
import { getAnnotationState } from '../../../editor/plugins/annotation-plugin'
import { revealAnnotation } from '../../../editor/view/reveal-annotation'
import { hiddenHighlightsCss } from '../../../editor/view/highlight-filter-css'
import { AnnotationDetail } from './AnnotationDetail'
import { AnnotationListItem } from './AnnotationListItem'
import { formDrafts } from './form-drafts'
import { useCommentsRequest } from './show-comments'
import { REVIEW_STATE_LABELS, TYPE_LABELS, VERDICT_LABELS } from '../../../editor/model/annotation-labels'
import { LabelledOptions } from '../LabelledOptions'
import { useMacKeys } from '../use-mac-keys'
import { matchesKey, shortcutHint, shortcutOf } from '../../../editor/model/shortcuts'
import { indexLinks, summarizeLinks, type LinkEnd } from '../../../editor/model/annotation-links'

/** How many list entries are drawn at first, and how many more each time the list is scrolled to its end. */
const PAGE_SIZE = 150
const NO_LINKS: readonly LinkEnd[] = []

/**
 * Draws the first `count` entries and grows `count` when the end of the list scrolls into view,
 * so a document with 10,000 annotations opens as fast as one with 150.
 */
function useGrowingWindow(total: number) {
  const [count, setCount] = useState(PAGE_SIZE)
  const sentinelRef = useRef<HTMLLIElement | null>(null)
  useEffect(() => {
    const sentinel = sentinelRef.current
    if (!sentinel || count >= total || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setCount((value) => value + PAGE_SIZE)
    })
    observer.observe(sentinel)
    return () => observer.disconnect()
  }, [count, total])
  return { count, sentinelRef, showMore: () => setCount((value) => value + PAGE_SIZE) }
}

/**
 * Whether Alt-J / Alt-K may act on this keydown: not while a dialog is open, an input method is
 * composing, or the focus is in a form field (where Alt+letter types a character on macOS); the
 * editor's text and the panel's buttons and details are fine.
 */
function isPanelShortcutTarget(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.isComposing) return false
  if (document.querySelector('dialog[open], [aria-modal="true"]')) return false
  const target = event.target
  return !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
}

/**
 * The annotation side panel: filters with counts, the list in document order, the selected
 * annotation's details, and detached and invalid records in sections of their own. The list is
 * rebuilt only when what it shows changes (the plugin's `listVersion`), not on every keystroke.
 */
export function AnnotationPanel({
  view,
  state,
  readOnly,
  present,
  me,
  docId,
}: {
  view: EditorView | null
  state: EditorState | null
  readOnly: boolean
  /** The people connected now (those with an id can be assigned claims). */
  present: readonly Person[]
  /** The current person; null before they chose a name. */
  me: Person | null
  docId: string
}) {
  const [filter, setFilter] = useState<AnnotationFilter>(EMPTY_FILTER)
  const [deletedNotice, setDeletedNotice] = useState(false)
  const mac = useMacKeys()
  const pluginState = state && view ? getAnnotationState(state) : null
  // The list's content changes only with listVersion; positions (which move with every keystroke) are not shown.
  const listVersion = pluginState?.listVersion ?? -1
  const liveAnnotations = pluginState?.annotations
  // eslint-disable-next-line react-hooks/exhaustive-deps -- listVersion stands for the list's content; liveAnnotations is new on every keystroke
  const annotations = useMemo(() => liveAnnotations ?? [], [listVersion, view])
  const visible = useMemo(() => annotations.filter((a) => matchesFilter(a, filter)), [annotations, filter])
  // The text shows the highlights the filters keep: the others are drawn as plain text.
  const filterCss = useMemo(() => {
    if (visible.length === annotations.length) return ''
    const shown = new Set(visible.map((a) => a.id))
    return hiddenHighlightsCss(
      annotations.filter((a) => !shown.has(a.id)).map((a) => a.id),
      '.editor-mount',
    )
  }, [annotations, visible])
  const attached = useMemo(() => visible.filter((a) => a.status === 'attached'), [visible])
  const detached = useMemo(() => visible.filter((a) => a.status === 'detached'), [visible])
  const counts = useMemo(() => countByType(annotations), [annotations])
  const byId = useMemo(() => new Map(annotations.map((a) => [a.id, a] as const)), [annotations])
  // Unsaved form input of an annotation that was deleted is dropped (leaving the page would ask
  // about it). Only annotations seen and then gone: before the document has loaded, none is known.
  const seenIds = useRef<ReadonlySet<string>>(new Set())
  useEffect(() => {
    const current = new Set(byId.keys())
    const deleted = new Set([...seenIds.current].filter((id) => !current.has(id)))
    if (deleted.size > 0) formDrafts.forget(docId, deleted)
    seenIds.current = current
  }, [byId, docId])
  const liveInvalid = pluginState?.invalid
  // eslint-disable-next-line react-hooks/exhaustive-deps -- as for `annotations`: invalid records change with listVersion
  const invalidIds = useMemo(() => new Set((liveInvalid ?? []).map((entry) => entry.id)), [listVersion, view])
  const linkIndex = useMemo(() => indexLinks(annotations.map((a) => a.record)), [annotations])
  const linkSummaryOf = useCallback((id: string) => summarizeLinks(linkIndex.get(id) ?? NO_LINKS, (other) => byId.get(other)?.type ?? null), [linkIndex, byId])
  const authors = useMemo(() => authorsOf(annotations), [annotations])
  const people = useMemo(
    () =>
      knownPeople(
        annotations.map((a) => a.record),
        me ? [me, ...present] : present,
      ),
    [annotations, present, me],
  )
  const queueCount = useMemo(() => (me ? annotations.filter((a) => isInQueueOf(a.review, me.id)).length : 0), [annotations, me])
  const openThreadCount = useMemo(() => annotations.filter(hasOpenThread).length, [annotations])
  const selectedId = pluginState?.selectedId ?? null
  const { count: shownCount, sentinelRef, showMore } = useGrowingWindow(attached.length)
  const select = useCallback(
    (id: string | null) => {
      if (!view) return
      selectAnnotation(id)(view.state, view.dispatch)
      if (id) revealAnnotation(view, id)
    },
    [view],
  )
  // Find opens an annotation for a matching comment: its comments show, even a resolved thread's.
  const commentsRequest = useCommentsRequest(view, selectedId)
  // Alt-J / Alt-K, wherever the focus is: open the next / previous annotation of the list as
  // filtered, and move the focus to its details (Tab reaches its verdict, review and form).
  const [focusTarget, setFocusTarget] = useState<string | null>(null)
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const step = matchesKey(event, shortcutOf('next-annotation').keys[0], mac) ? 1 : matchesKey(event, shortcutOf('previous-annotation').keys[0], mac) ? -1 : 0
      // The key first: the rest looks at the page, which no other keystroke needs.
      if (step === 0 || !view || !isPanelShortcutTarget(event)) return
      event.preventDefault()
      const order = [...attached, ...detached]
      if (order.length === 0) return
      const current = order.findIndex((annotation) => annotation.id === selectedId)
      const next = current === -1 ? (step > 0 ? 0 : order.length - 1) : (current + step + order.length) % order.length
      select(order[next].id)
      setFocusTarget(order[next].id)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [attached, detached, selectedId, select, view, mac])
  const attachedItems = useMemo(
    () =>
      attached
        .slice(0, shownCount)
        .map((annotation) => (
          <AnnotationListItem key={annotation.id} annotation={annotation} selected={annotation.id === selectedId} linkSummary={linkSummaryOf(annotation.id)} onSelect={select} />
        )),
    [attached, shownCount, selectedId, select, linkSummaryOf],
  )
  const detachedItems = useMemo(
    () =>
      detached.map((annotation) => (
        <AnnotationListItem key={annotation.id} annotation={annotation} selected={annotation.id === selectedId} linkSummary={linkSummaryOf(annotation.id)} onSelect={select} />
      )),
    [detached, selectedId, select, linkSummaryOf],
  )

  if (!view || !pluginState) return null
  // The live record (with current positions) for the detail view.
  const selected = selectedId === null ? null : (pluginState.annotations.find((a) => a.id === selectedId) ?? null)
  const toggleType = (type: AnnotationType) =>
    setFilter((previous) => ({
      ...previous,
      types: previous.types.includes(type) ? previous.types.filter((t) => t !== type) : [...previous.types, type],
    }))

  return (
    <section className="annotation-panel" aria-labelledby="annotations-title" data-testid="annotation-panel">
      {filterCss && <style data-testid="highlight-filter">{filterCss}</style>}
      <h2 id="annotations-title" className="panel-title">
        Annotations{' '}
        <span className="count" data-testid="annotation-count">
          {annotations.length}
        </span>
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
          linkEnds={linkIndex.get(selected.id) ?? NO_LINKS}
          byId={byId}
          invalidIds={invalidIds}
          onClose={() => select(null)}
          onDeleted={() => setDeletedNotice(true)}
          onOpen={select}
          people={people}
          me={me}
          docId={docId}
          takeFocus={focusTarget === selected.id}
          onFocused={() => setFocusTarget(null)}
          showComments={commentsRequest}
        />
      )}
      <div className="filters" role="group" aria-label="Filter annotations">
        <div className="type-filters">
          {me && (
            <button
              type="button"
              className={`chip queue-chip${filter.queueOf ? ' active' : ''}`}
              aria-pressed={filter.queueOf !== ''}
              data-testid="my-queue"
              onClick={() => setFilter({ ...filter, queueOf: filter.queueOf ? '' : me.id })}
              title="Claims assigned to you and not yet approved, and your reviews whose words changed"
            >
              My queue <span className="chip-count">{queueCount}</span>
            </button>
          )}
          <button
            type="button"
            className={`chip thread-chip${filter.openThreads ? ' active' : ''}`}
            aria-pressed={filter.openThreads}
            data-testid="open-threads"
            onClick={() => setFilter({ ...filter, openThreads: !filter.openThreads })}
            title="Annotations whose comments are still being discussed (not resolved)"
          >
            Open threads <span className="chip-count">{openThreadCount}</span>
          </button>
          {ANNOTATION_TYPES.map((type) => (
            <button
              key={type}
              type="button"
              className={`chip type-${type}${filter.types.includes(type) ? ' active' : ''}`}
              aria-pressed={filter.types.includes(type)}
              onClick={() => toggleType(type)}
              title={`Show only ${TYPE_LABELS[type].toLowerCase()}s (tag with ${shortcutHint(`tag-${type}`, mac)})`}
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
          <label className="visually-hidden" htmlFor="filter-review">
            Review state
          </label>
          <select id="filter-review" value={filter.review} onChange={(event) => setFilter({ ...filter, review: event.target.value as AnnotationFilter['review'] })}>
            <option value="">Any review state</option>
            <LabelledOptions values={REVIEW_STATES} labels={REVIEW_STATE_LABELS} />
          </select>
          <label className="visually-hidden" htmlFor="filter-verdict">
            Verdict
          </label>
          <select id="filter-verdict" value={filter.verdict} onChange={(event) => setFilter({ ...filter, verdict: event.target.value as AnnotationFilter['verdict'] })}>
            <option value="">Any verdict</option>
            <LabelledOptions values={VERDICTS} labels={VERDICT_LABELS} />
          </select>
        </div>
        <label className="visually-hidden" htmlFor="filter-text">
          Search annotations
        </label>
        <input
          id="filter-text"
          type="search"
          placeholder="Search text, attributes, notes…"
          value={filter.text}
          onChange={(event) => setFilter({ ...filter, text: event.target.value })}
        />
        <p className="muted small-text">
          <span data-testid="filter-summary">
            Showing {visible.length} of {annotations.length}
          </span>
          {visible.length < annotations.length && ' · the text highlights only these'}
          {filter !== EMPTY_FILTER && (
            <>
              {' · '}
              <button type="button" className="link-button" onClick={() => setFilter(EMPTY_FILTER)}>
                Clear filters
              </button>
            </>
          )}
        </p>
      </div>
      {annotations.length === 0 ? (
        <p className="notice">
          Select words in the article, then choose Event, Quote or Claim (or press {ANNOTATION_TYPES.map((type) => shortcutHint(`tag-${type}`, mac)).join(' / ')}).
        </p>
      ) : (
        <ul className="annotation-list" data-testid="annotation-list" aria-label="Annotations in document order">
          {attachedItems}
          {attached.length > shownCount && (
            <li ref={sentinelRef} className="list-more">
              <button type="button" className="link-button" onClick={showMore}>
                Show more ({attached.length - shownCount} not shown yet)
              </button>
            </li>
          )}
        </ul>
      )}
      {detached.length > 0 && (
        <>
          <h3 className="subsection-title">
            Detached <span className="count">{detached.length}</span>
          </h3>
          <p className="muted small-text">Their words were deleted. Select new words and re-attach, or delete them.</p>
          <ul className="annotation-list" data-testid="detached-list">
            {detachedItems}
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
