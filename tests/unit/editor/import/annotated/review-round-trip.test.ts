import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { toCsvRows } from '../../../../../editor/export/csv'
import { exportDocument } from '../../../../../editor/export/index'
import { takeSnapshot } from '../../../../../editor/export/snapshot'
import { toW3cCollection } from '../../../../../editor/export/w3c'
import { encodeAnnotatedDocument } from '../../../../../editor/import/annotated/build-document'
import { importNativeJson } from '../../../../../editor/import/annotated/native-json'
import { addComment, setAssignee, setReviewStatus, updateAnnotation } from '../../../../../editor/model/annotation-store'
import { REPO_ROOT } from '../../export/support/fixtures'
import { annotate, createReplicas } from '../../model/support/replicas'
import { alice, bob } from '../../model/support/seed'

const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(`${REPO_ROOT}docs/spanwise-export.schema.json`, 'utf8')))
const META = { title: 'Reviews', createdAt: '2026-11-25T10:00:00.000Z' }
const dana = { id: 'user-dana', name: 'Dana' }
const WORDS = 'a special state to us'

interface Exported {
  annotations: Array<{ id: string; review?: Record<string, unknown>; reviewStatus?: unknown; history?: Array<{ change: string; by: { name: string } }> }>
}

/** The seed with an approved claim (assigned to Dana, reviewed by Dana, approved by Bob), an open claim and an event. */
function reviewedDocument(): Y.Doc {
  const [doc] = createReplicas(1)
  const approved = annotate(doc, WORDS, 'claim', 'claim-approved')
  annotate(doc, 'It is practically', 'claim', 'claim-open')
  annotate(doc, 'Avigdor Liberman', 'event', 'event-1')
  setAssignee(doc, approved, dana, alice)
  updateAnnotation(doc, approved, {
    attrs: { verdict: 'false', rationale: 'No source says so.', reviewedBy: dana, reviewedAt: '2026-11-26T09:00:00.000Z', reviewedText: WORDS },
    by: dana,
  })
  addComment(doc, approved, alice, 'Thanks')
  setReviewStatus(doc, approved, 'approved', bob)
  return doc
}

const exportedJson = (update: Y.Doc | Uint8Array) =>
  JSON.parse(exportDocument(takeSnapshot('reviews', update), { format: 'json', offsets: 'codepoint', unit: 'document' }).body as string) as Exported

describe('the review workflow in exports', () => {
  it('native JSON carries the review state, assignee, sign-off and history, valid against the schema', () => {
    const exported = exportedJson(reviewedDocument())
    expect(validate(exported), JSON.stringify(validate.errors)).toBe(true)
    const byId = Object.fromEntries(exported.annotations.map((annotation) => [annotation.id, annotation]))
    expect(byId['claim-approved'].review).toMatchObject({ state: 'approved', assignee: dana, reviewer: dana, approvedBy: bob })
    // Steps of one change share a time (their order then goes by id): compare as a set.
    expect(byId['claim-approved'].history?.map((step) => `${step.change} by ${step.by.name}`).sort()).toEqual(
      ['assign by Alice', 'verdict by Dana', 'attrs by Dana', 'comment by Alice', 'approve by Bob'].sort(),
    )
    expect(byId['claim-open'].review).toMatchObject({ state: 'open', assignee: null })
    expect(byId['claim-open'].history).toBeUndefined()
    expect(byId['event-1'].review).toBeUndefined()
  })

  it('an import of the export restores assignee, sign-off and history', () => {
    const first = exportedJson(reviewedDocument())
    const { update, report } = encodeAnnotatedDocument(importNativeJson(JSON.stringify(first)), META)
    expect(report.skipped).toEqual([])
    const again = exportedJson(update)
    const workflow = (exported: Exported) => exported.annotations.map(({ id, review, reviewStatus, history }) => [id, review, reviewStatus, history])
    expect(workflow(again)).toEqual(workflow(first))
  })

  it('a hostile history in an import file is refused with a message naming the field', () => {
    const first = exportedJson(reviewedDocument())
    const hostile = structuredClone(first)
    hostile.annotations[0].history = [{ change: 'rm -rf', by: { name: 'x' } }]
    expect(() => importNativeJson(JSON.stringify(hostile))).toThrow(/annotations\.0\.history\.0/)
  })

  it('CSV has review, assignee and sign-off columns; W3C has moderating bodies', () => {
    const snapshot = takeSnapshot('reviews', reviewedDocument())
    const row = toCsvRows(snapshot, { offsets: 'codepoint' }).find((candidate) => candidate.id === 'claim-approved')
    expect(row).toMatchObject({ review: 'approved', assignee: 'Dana', approvedBy: 'Bob' })
    expect(toCsvRows(snapshot, { offsets: 'codepoint' }).find((candidate) => candidate.id === 'event-1')).toMatchObject({ review: '', assignee: '' })
    const collection = toW3cCollection(snapshot, {})
    const claim = collection.first.items.find((item) => item.id.endsWith(':claim-approved'))
    expect(claim && 'body' in claim ? claim.body : []).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purpose: 'moderating', label: 'review', value: 'approved', creator: expect.objectContaining({ name: 'Bob' }) }),
        expect.objectContaining({ purpose: 'moderating', label: 'assignee', value: 'Dana' }),
      ]),
    )
  })
})

const CHECK_REVIEW = fileURLToPath(new URL('../../export/support/check_review.py', import.meta.url))

/** Runs check_review.py on the json and csv exports of a document (`change` may tamper with the JSON first). */
function runPythonReviewCheck(doc: Y.Doc, change: (native: Exported & Record<string, unknown>) => void = () => undefined) {
  const snapshot = takeSnapshot('reviews', doc)
  const directory = mkdtempSync(join(tmpdir(), 'spanwise-review-'))
  try {
    const native = JSON.parse(exportDocument(snapshot, { format: 'json', offsets: 'codepoint', unit: 'document' }).body as string)
    change(native)
    writeFileSync(join(directory, 'export.json'), JSON.stringify(native))
    writeFileSync(join(directory, 'export.csv'), exportDocument(snapshot, { format: 'csv', offsets: 'codepoint', unit: 'document', csv: 'escape' }).body)
    return spawnSync('python3', [CHECK_REVIEW, join(directory, 'export.json'), join(directory, 'export.csv')], { encoding: 'utf8' })
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

describe('the review workflow as a Python reader checks it (check_review.py)', () => {
  it('passes the exports of a document with approved, open and changed claims', () => {
    const doc = reviewedDocument()
    const result = runPythonReviewCheck(doc)
    expect(result.stdout + result.stderr).toBe('{"claims": 2, "steps": 5}\n')
    expect(result.status).toBe(0)
  })

  it('fails a tampered file: a self-approval, a review state of an event, an unordered history', () => {
    const result = runPythonReviewCheck(reviewedDocument(), (native) => {
      const claim = native.annotations.find((annotation) => annotation.id === 'claim-approved')!
      claim.review = { ...claim.review, approvedBy: claim.review!.reviewer }
      native.annotations.find((annotation) => annotation.id === 'event-1')!.review = { state: 'open' }
      // The first step dated after the others.
      claim.history = (claim.history ?? []).map((step, index) => (index === 0 ? { ...step, at: '2099-01-01T00:00:00.000Z' } : step))
    })
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('claim-approved: approved by its own reviewer')
    expect(result.stdout).toContain('event-1: a event has a review')
    expect(result.stdout).toContain('claim-approved: history is not oldest first')
  })
})
