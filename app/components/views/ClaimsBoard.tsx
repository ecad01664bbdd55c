'use client'

import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { saveAnnotation, selectAnnotation } from '../../../editor/commands/annotations'
import { moveClaimTo } from '../../../editor/commands/review'
import { VERDICTS, type Verdict } from '../../../editor/model/annotation'
import { useActionError } from '../use-action-error'
import { REVIEW_STATE_LABELS, VERDICT_LABELS } from '../../../editor/model/annotation-labels'
import { indexLinks } from '../../../editor/model/annotation-links'
import { boardCsv, claimRows, DEFAULT_BOARD_VIEW, toggleSort, visibleRows, type BoardColumn, type BoardView, type ClaimRow } from '../../../editor/model/claims-board'
import { REVIEW_STATES, transitionRefusal, type ReviewState } from '../../../editor/model/review-status'
import { annotationContextOf, findAnnotationState } from '../../../editor/plugins/annotation-plugin'
import { revealAnnotation } from '../../../editor/view/reveal-annotation'
import { openedValues } from '../annotations/annotation-form-fields'
import { LabelledOptions } from '../LabelledOptions'

const COLUMNS: ReadonlyArray<{ id: BoardColumn; label: string }> = [
  { id: 'text', label: 'Claim' },
  { id: 'claimant', label: 'Claimant' },
  { id: 'verdict', label: 'Verdict' },
  { id: 'state', label: 'Status' },
  { id: 'assignee', label: 'Assignee' },
  { id: 'evidence', label: 'Evidence' },
]

/** Downloads `text` as a file (the board's "Export these rows"). */
function download(text: string, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/**
 * Every claim of the document in a table: its words, claimant, verdict, review status, assignee,
 * evidence count and "needs re-review". Sortable (click a header), filterable, with the verdict
 * and the status editable in the row. Arrow keys move between rows, Enter (or a click on the
 * words) scrolls the text to the claim. Rebuilt when the annotations change (`listVersion`).
 */
export function ClaimsBoard({ view, state }: { view: EditorView; state: EditorState }) {
  const pluginState = findAnnotationState(state)
  const listVersion = pluginState?.listVersion ?? -1
  const liveAnnotations = pluginState?.annotations
  const rows = useMemo(() => {
    const annotations = liveAnnotations ?? []
    return claimRows(annotations, indexLinks(annotations.map((annotation) => annotation.record)))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- listVersion stands for the list's content; liveAnnotations is new on every keystroke
  }, [listVersion, view])
  const [boardView, setBoardView] = useState<BoardView>(DEFAULT_BOARD_VIEW)
  const shown = useMemo(() => visibleRows(rows, boardView), [rows, boardView])
  const assignees = useMemo(() => {
    const people = new Map(rows.flatMap((row) => (row.assignee ? [[row.assignee.id, row.assignee.name] as const] : [])))
    return [...people].sort((a, b) => a[1].localeCompare(b[1]))
  }, [rows])
  const [error, run] = useActionError()
  const [focusedId, setFocusedId] = useState<string | null>(null)
  const rowElements = useRef(new Map<string, HTMLTableRowElement>())
  const context = annotationContextOf(state)
  const readOnly = !(context?.canAnnotate?.() ?? true)
  const me = context?.getUser() ?? null

  const open = useCallback(
    (id: string) => {
      selectAnnotation(id)(view.state, view.dispatch)
      revealAnnotation(view, id)
    },
    [view],
  )
  const setVerdict = (row: ClaimRow, verdict: Verdict) =>
    run(() => {
      const annotation = findAnnotationState(view.state)?.annotations.find((candidate) => candidate.id === row.id)
      if (!annotation || annotation.record.type !== 'claim') return
      const opened = openedValues(annotation.record)
      saveAnnotation(view.state, row.id, { ...opened.attrs, verdict }, undefined, opened)
    })
  const setState = (row: ClaimRow, target: ReviewState) => run(() => moveClaimTo(view.state, row.id, target))

  const tabStop = [focusedId, pluginState?.selectedId ?? null].find((id) => id !== null && shown.some((row) => row.id === id)) ?? shown[0]?.id ?? null
  const onRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    if (event.target !== event.currentTarget) return
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: shown.length - 1 }
    if (event.key === 'Enter') {
      event.preventDefault()
      open(shown[index].id)
    } else if (event.key in moves) {
      event.preventDefault()
      const next = shown[Math.max(0, Math.min(shown.length - 1, moves[event.key]))]
      setFocusedId(next.id)
      rowElements.current.get(next.id)?.focus()
    }
  }

  return (
    <section className="claims-board" aria-label="Claims board" data-testid="claims-board">
      <div className="board-filters" role="group" aria-label="Filter claims">
        <input
          type="search"
          aria-label="Search claims"
          placeholder="Search claims, claimants…"
          value={boardView.query}
          onChange={(event) => setBoardView({ ...boardView, query: event.target.value })}
        />
        <select aria-label="Verdict filter" value={boardView.verdict} onChange={(event) => setBoardView({ ...boardView, verdict: event.target.value as BoardView['verdict'] })}>
          <option value="">Any verdict</option>
          <LabelledOptions values={VERDICTS} labels={VERDICT_LABELS} />
        </select>
        <select aria-label="Status filter" value={boardView.state} onChange={(event) => setBoardView({ ...boardView, state: event.target.value as BoardView['state'] })}>
          <option value="">Any status</option>
          <LabelledOptions values={REVIEW_STATES} labels={REVIEW_STATE_LABELS} />
        </select>
        <select aria-label="Assignee filter" value={boardView.assignee} onChange={(event) => setBoardView({ ...boardView, assignee: event.target.value })}>
          <option value="">Anyone</option>
          <option value="none">Nobody assigned</option>
          {assignees.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
        <span className="muted small-text" data-testid="board-summary">
          {shown.length} of {rows.length} claims
        </span>
        <button
          type="button"
          className="button small"
          disabled={shown.length === 0}
          onClick={() => download(boardCsv(shown), 'claims.csv', 'text/csv;charset=utf-8')}
          data-testid="board-export"
        >
          Export these rows (CSV)
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="notice">No claims yet. Select words in the article and tag them as a claim.</p>
      ) : (
        <div className="board-scroll">
          <table className="board-table">
            <thead>
              <tr>
                {COLUMNS.map((column) => {
                  const sorted = boardView.sort === column.id
                  return (
                    <th key={column.id} scope="col" aria-sort={sorted ? (boardView.descending ? 'descending' : 'ascending') : 'none'}>
                      <button type="button" className="sort-button" onClick={() => setBoardView(toggleSort(boardView, column.id))}>
                        {column.label}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted ? (boardView.descending ? '▼' : '▲') : ''}
                        </span>
                      </button>
                    </th>
                  )
                })}
              </tr>
            </thead>
            <tbody>
              {shown.map((row, index) => (
                <tr
                  key={row.id}
                  ref={(element) => {
                    if (element) rowElements.current.set(row.id, element)
                    else rowElements.current.delete(row.id)
                  }}
                  tabIndex={row.id === tabStop ? 0 : -1}
                  className={`board-row${row.id === pluginState?.selectedId ? ' selected' : ''}${row.needsReReview ? ' needs-re-review' : ''}`}
                  data-claim-row={row.id}
                  aria-selected={row.id === pluginState?.selectedId}
                  onFocus={() => setFocusedId(row.id)}
                  onKeyDown={(event) => onRowKeyDown(event, index)}
                >
                  <td className="board-text">
                    <button type="button" className="link-button" tabIndex={-1} onClick={() => open(row.id)} title="Show it in the text">
                      <bdi>{row.text.length > 140 ? `${row.text.slice(0, 140)}…` : row.text}</bdi>
                    </button>
                    {!row.attached && <span className="warning-badge">Detached</span>}
                  </td>
                  <td>{row.claimant}</td>
                  <td>
                    <select aria-label="Verdict" value={row.verdict} disabled={readOnly} onChange={(event) => setVerdict(row, event.target.value as Verdict)}>
                      <LabelledOptions values={VERDICTS} labels={VERDICT_LABELS} />
                    </select>
                  </td>
                  <td>
                    <select
                      aria-label="Status"
                      className={`review-select review-${row.state}`}
                      value={row.state}
                      disabled={readOnly}
                      onChange={(event) => setState(row, event.target.value as ReviewState)}
                    >
                      {REVIEW_STATES.map((target) => {
                        const refusal = me ? transitionRefusal(row.review, target, me, { hasVerdict: row.verdict !== 'unreviewed', attached: row.attached }) : null
                        return (
                          <option key={target} value={target} disabled={refusal !== null} title={refusal ?? undefined}>
                            {REVIEW_STATE_LABELS[target]}
                          </option>
                        )
                      })}
                    </select>
                  </td>
                  <td>{row.assignee?.name ?? <span className="muted">—</span>}</td>
                  <td className="board-number">{row.evidence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
