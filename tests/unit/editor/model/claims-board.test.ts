import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { indexLinks } from '../../../../editor/model/annotation-links'
import { addLink, readAnnotation, setAssignee, updateAnnotation } from '../../../../editor/model/annotation-store'
import { boardCsv, claimRows, DEFAULT_BOARD_VIEW, toggleSort, visibleRows } from '../../../../editor/model/claims-board'
import { resolveAnnotations } from '../../../../editor/model/resolve-annotations'
import { readContent } from '../../../../editor/yjs/document-content'
import { annotate, createReplicas, editRun, findText } from './support/replicas'
import { alice, bob } from './support/seed'

const dana = { id: 'user-dana', name: 'Dana' }

function board() {
  const [doc] = createReplicas(1)
  const first = annotate(doc, 'a special state to us', 'claim', 'claim-a')
  const second = annotate(doc, 'It is practically', 'claim', 'claim-b')
  const quote = annotate(doc, 'Avigdor Liberman', 'quote', 'quote-1')
  const gone = 'claim-gone'
  updateAnnotation(doc, first, {
    attrs: {
      claimant: 'Putin',
      verdict: 'false',
      reviewedBy: bob,
      reviewedAt: '2026-11-26T09:00:00.000Z',
      reviewedText: 'a special state to us',
      evidence: ['https://example.org/'],
    },
  })
  updateAnnotation(doc, second, { attrs: { claimant: '=HYPERLINK("http://evil.example")' } })
  setAssignee(doc, second, dana, alice)
  addLink(doc, quote, { type: 'supports', target: first }, alice)
  return { doc, first, second, quote, gone }
}

const rowsOf = (doc: Y.Doc) => {
  const annotations = resolveAnnotations(doc, readContent(doc)).annotations
  return claimRows(annotations, indexLinks(annotations.map((a) => a.record)))
}

describe('claims board rows', () => {
  it('has one row per claim in document order, with claimant, verdict, review state, assignee and evidence', () => {
    const { doc } = board()
    const rows = rowsOf(doc)
    expect(rows.map((row) => [row.id, row.claimant, row.verdict, row.state, row.assignee?.name ?? null, row.evidence])).toEqual([
      ['claim-a', 'Putin', 'false', 'reviewed', null, 2],
      ['claim-b', '=HYPERLINK("http://evil.example")', 'unreviewed', 'in-review', 'Dana', 0],
    ])
  })

  it('flags needs re-review when the words change after review', () => {
    const { doc } = board()
    const { run, index } = findText(doc, 'a special state to us')
    editRun(run, index + 2, 'very ')
    expect(rowsOf(doc).find((row) => row.id === 'claim-a')).toMatchObject({ state: 'needs-re-review', needsReReview: true })
    expect(readAnnotation(doc, 'claim-a')).not.toBeNull()
  })

  it('sorts by any column both ways (ties in document order) and filters by verdict, state, assignee and words', () => {
    const { doc } = board()
    const rows = rowsOf(doc)
    const ids = (view: typeof DEFAULT_BOARD_VIEW) => visibleRows(rows, view).map((row) => row.id)
    expect(ids(DEFAULT_BOARD_VIEW)).toEqual(['claim-a', 'claim-b'])
    const byEvidence = toggleSort(DEFAULT_BOARD_VIEW, 'evidence')
    expect(ids(byEvidence)).toEqual(['claim-b', 'claim-a'])
    expect(ids(toggleSort(byEvidence, 'evidence'))).toEqual(['claim-a', 'claim-b'])
    expect(ids(toggleSort(DEFAULT_BOARD_VIEW, 'verdict'))).toEqual(['claim-a', 'claim-b'])
    expect(ids({ ...DEFAULT_BOARD_VIEW, state: 'in-review' })).toEqual(['claim-b'])
    expect(ids({ ...DEFAULT_BOARD_VIEW, verdict: 'false' })).toEqual(['claim-a'])
    expect(ids({ ...DEFAULT_BOARD_VIEW, assignee: dana.id })).toEqual(['claim-b'])
    expect(ids({ ...DEFAULT_BOARD_VIEW, assignee: 'none' })).toEqual(['claim-a'])
    expect(ids({ ...DEFAULT_BOARD_VIEW, query: 'PUTIN' })).toEqual(['claim-a'])
  })

  it('exports the visible rows as CSV, formulas neutralised', () => {
    const { doc } = board()
    const csv = boardCsv(visibleRows(rowsOf(doc), DEFAULT_BOARD_VIEW))
    expect(csv.startsWith('\uFEFFid,text,claimant,verdict,review,assignee,evidence,needsReReview\r\n')).toBe(true)
    const records = parse<Record<string, string>>(csv, { bom: true, columns: true })
    expect(records.map((record) => [record.id, record.claimant, record.review, record.evidence])).toEqual([
      ['claim-a', 'Putin', 'reviewed', '2'],
      ['claim-b', `'=HYPERLINK("http://evil.example")`, 'in-review', '0'],
    ])
  })
})
