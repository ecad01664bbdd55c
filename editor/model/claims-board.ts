import { stringify } from 'csv-stringify/sync'
import type { Person, Verdict } from './annotation'
import type { LinkEnd } from './annotation-links'
import type { ResolvedAnnotation } from './resolve-annotations'
import type { ReviewState, ReviewStatus } from './review-status'

/** One row of the claims board: a claim and what a fact-checking desk sorts and filters by. */
export interface ClaimRow {
  id: string
  /** Document order (detached claims last). */
  order: number
  text: string
  attached: boolean
  claimant: string
  verdict: Verdict
  state: ReviewState
  assignee: Person | null
  /** Linked evidence (supporting, contradicting, quoted or cited annotations) plus evidence items (URLs, ids). */
  evidence: number
  needsReReview: boolean
  /** The whole review (reviewer, sign-off): what the status menu offers depends on it. */
  review: ReviewStatus
}

/** The columns the board sorts by. */
export const BOARD_COLUMNS = ['text', 'claimant', 'verdict', 'state', 'assignee', 'evidence'] as const
export type BoardColumn = (typeof BOARD_COLUMNS)[number] | 'order'

/** How the board is sorted and filtered; empty filters keep every row. */
export interface BoardView {
  sort: BoardColumn
  descending: boolean
  query: string
  verdict: Verdict | ''
  state: ReviewState | ''
  /** Assignee id, `none` for unassigned, or '' for anyone. */
  assignee: string
}

export const DEFAULT_BOARD_VIEW: BoardView = { sort: 'order', descending: false, query: '', verdict: '', state: '', assignee: '' }

/** Links that count as evidence of a claim, seen from it. */
function isEvidence(end: LinkEnd): boolean {
  const { type } = end.link
  if (type === 'supports' || type === 'contradicts') return true
  return end.direction === 'out' && (type === 'quotes' || type === 'cites')
}

/** The board's rows: every valid claim, in document order, with its review and evidence. */
export function claimRows(annotations: readonly ResolvedAnnotation[], links: ReadonlyMap<string, readonly LinkEnd[]>): ClaimRow[] {
  const present = new Set(annotations.map((annotation) => annotation.id))
  const rows: ClaimRow[] = []
  annotations.forEach((annotation, order) => {
    const { record } = annotation
    if (record.type !== 'claim' || !annotation.review) return
    const linked = new Set((links.get(annotation.id) ?? []).filter((end) => isEvidence(end) && present.has(end.other)).map((end) => end.other))
    rows.push({
      id: annotation.id,
      order,
      text: annotation.status === 'attached' ? annotation.text : record.exact,
      attached: annotation.status === 'attached',
      claimant: record.attrs.claimant ?? '',
      verdict: record.attrs.verdict ?? 'unreviewed',
      state: annotation.review.state,
      assignee: annotation.review.assignee,
      evidence: linked.size + (record.attrs.evidence?.length ?? 0),
      needsReReview: annotation.review.state === 'needs-re-review',
      review: annotation.review,
    })
  })
  return rows
}

const VERDICT_ORDER: Record<Verdict, number> = { false: 0, misleading: 1, disputed: 2, unverifiable: 3, supported: 4, unreviewed: 5 }
const STATE_ORDER: Record<ReviewState, number> = { 'needs-re-review': 0, open: 1, 'in-review': 2, reviewed: 3, approved: 4 }

function compareBy(column: BoardColumn, a: ClaimRow, b: ClaimRow): number {
  switch (column) {
    case 'order':
      return a.order - b.order
    case 'text':
      return a.text.localeCompare(b.text)
    case 'claimant':
      return a.claimant.localeCompare(b.claimant)
    case 'verdict':
      return VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict]
    case 'state':
      return STATE_ORDER[a.state] - STATE_ORDER[b.state]
    case 'assignee':
      return (a.assignee?.name ?? '').localeCompare(b.assignee?.name ?? '')
    case 'evidence':
      return a.evidence - b.evidence
  }
}

/** The rows the board shows: filtered, then sorted (ties in document order). */
export function visibleRows(rows: readonly ClaimRow[], view: BoardView): ClaimRow[] {
  const query = view.query.trim().toLowerCase()
  const kept = rows.filter((row) => {
    if (view.verdict && row.verdict !== view.verdict) return false
    if (view.state && row.state !== view.state) return false
    if (view.assignee === 'none' ? row.assignee !== null : view.assignee && row.assignee?.id !== view.assignee) return false
    return query === '' || `${row.text}\n${row.claimant}\n${row.assignee?.name ?? ''}`.toLowerCase().includes(query)
  })
  const direction = view.descending ? -1 : 1
  return kept.sort((a, b) => direction * compareBy(view.sort, a, b) || a.order - b.order)
}

/** Clicking a column header: sort by it, or turn the order round when it already sorts. */
export function toggleSort(view: BoardView, column: BoardColumn): BoardView {
  return view.sort === column ? { ...view, descending: !view.descending } : { ...view, sort: column, descending: false }
}

/**
 * The board's visible rows as CSV ("Export these rows"): RFC 4180 with a UTF-8 byte order mark,
 * as the CSV export writes it, cells that a spreadsheet would run as a formula neutralised.
 */
export function boardCsv(rows: readonly ClaimRow[]): string {
  const records = rows.map((row) => [row.id, row.text, row.claimant, row.verdict, row.state, row.assignee?.name ?? '', row.evidence, row.needsReReview])
  return stringify(records, {
    header: true,
    columns: ['id', 'text', 'claimant', 'verdict', 'review', 'assignee', 'evidence', 'needsReReview'],
    bom: true,
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    escape_formulas: true,
  })
}
