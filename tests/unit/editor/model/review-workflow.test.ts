import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MAX_HISTORY_ENTRIES, type AnnotationRecord } from '../../../../editor/model/annotation'
import { addComment, addLink, annotationsMap, readAnnotation, removeLink, setAssignee, setReviewStatus, updateAnnotation } from '../../../../editor/model/annotation-store'
import { RECORD_KEYS } from '../../../../editor/model/doc-layout'
import { resolveAnnotations } from '../../../../editor/model/resolve-annotations'
import { approvalRefusal, isInQueueOf, type ReviewStatus } from '../../../../editor/model/review-status'
import { readContent } from '../../../../editor/yjs/document-content'
import { annotate, createReplicas, editRun, findText, send, syncAll } from './support/replicas'
import { alice, bob } from './support/seed'
import { SYNC_ORDERS } from './support/sync-orders'
import { at, T0, T1, T2, T3, useFakeClock } from './support/fake-clock'

useFakeClock()

const CLAIM = 'a special state to us'
const dana = { id: 'user-dana', name: 'Dana' }

const recordOf = (doc: Y.Doc, id: string): AnnotationRecord => {
  const read = readAnnotation(doc, id)
  if (read === null || !('record' in read)) throw new Error(`no valid record ${id}: ${JSON.stringify(read)}`)
  return read.record
}
const reviewOf = (doc: Y.Doc, id: string): ReviewStatus | null => resolveAnnotations(doc, readContent(doc)).annotations.find((a) => a.id === id)?.review ?? null
const mapOf = (doc: Y.Doc, id: string) => annotationsMap(doc).get(id) as Y.Map<unknown>

/** Alice gives the claim a verdict, stamped as the editor stamps it. */
function review(doc: Y.Doc, id: string, verdict: string, by = alice, time = T1): void {
  const text = resolveAnnotations(doc, readContent(doc)).annotations.find((a) => a.id === id)?.text ?? ''
  at(time, () => updateAnnotation(doc, id, { attrs: { ...recordOf(doc, id).attrs, verdict, reviewedBy: by, reviewedAt: time, reviewedText: text }, by }))
}

function taggedClaim() {
  const [doc] = createReplicas(1)
  const claim = at(T0, () => annotate(doc, CLAIM, 'claim', 'claim-1'))
  return { doc, claim }
}

describe('review status: open → in review → reviewed → approved, and needs re-review', () => {
  it('walks the whole workflow with assignee, reviewer and approver', () => {
    const { doc, claim } = taggedClaim()
    expect(reviewOf(doc, claim)).toMatchObject({ state: 'open', assignee: null, reviewer: null })

    at(T1, () => setAssignee(doc, claim, dana, alice))
    expect(reviewOf(doc, claim)).toMatchObject({ state: 'in-review', assignee: dana })

    review(doc, claim, 'false', dana, T2)
    expect(reviewOf(doc, claim)).toMatchObject({ state: 'reviewed', assignee: dana, reviewer: dana, reviewedAt: T2 })

    at(T3, () => setReviewStatus(doc, claim, 'approved', bob))
    expect(reviewOf(doc, claim)).toMatchObject({ state: 'approved', reviewer: dana, approvedBy: bob, approvedAt: T3 })
    expect(mapOf(doc, claim).get(RECORD_KEYS.status)).toEqual({ state: 'approved', by: bob, at: T3, reviewedAt: T2 })
  })

  it('goes to needs re-review by itself when the words change after review, approved or not', () => {
    const { doc, claim } = taggedClaim()
    review(doc, claim, 'false', dana, T1)
    at(T2, () => setReviewStatus(doc, claim, 'approved', bob))
    const { run, index } = findText(doc, CLAIM)
    editRun(run, index + 2, 'very ')
    expect(reviewOf(doc, claim)).toMatchObject({ state: 'needs-re-review', approvedBy: null })
    // Typing the words back as they were makes the approval hold again.
    editRun(run, index + 2, 5)
    expect(reviewOf(doc, claim)).toMatchObject({ state: 'approved', approvedBy: bob })
  })

  it('needs re-review when the words are deleted (detached)', () => {
    const { doc, claim } = taggedClaim()
    review(doc, claim, 'supported', dana, T1)
    const { run, index } = findText(doc, CLAIM)
    editRun(run, index, CLAIM.length)
    expect(reviewOf(doc, claim)?.state).toBe('needs-re-review')
  })

  it('a new review leaves an earlier approval behind: it needs a new sign-off', () => {
    const { doc, claim } = taggedClaim()
    review(doc, claim, 'false', dana, T1)
    at(T2, () => setReviewStatus(doc, claim, 'approved', bob))
    review(doc, claim, 'misleading', dana, T3)
    expect(reviewOf(doc, claim)).toMatchObject({ state: 'reviewed', approvedBy: null, reviewedAt: T3 })
  })

  it('reopening sends the review back: in review while someone is assigned, open otherwise, until a new verdict', () => {
    const { doc, claim } = taggedClaim()
    review(doc, claim, 'false', dana, T1)
    at(T2, () => setReviewStatus(doc, claim, 'reopened', bob))
    expect(reviewOf(doc, claim)).toMatchObject({ state: 'open', reviewer: dana })
    at(T2, () => setAssignee(doc, claim, dana, bob))
    expect(reviewOf(doc, claim)?.state).toBe('in-review')
    review(doc, claim, 'false', dana, T3)
    expect(reviewOf(doc, claim)?.state).toBe('reviewed')
  })

  it('the reviewer cannot approve their own review, in the store and as read (a forged self-approval counts for nothing)', () => {
    const { doc, claim } = taggedClaim()
    review(doc, claim, 'false', dana, T1)
    expect(() => setReviewStatus(doc, claim, 'approved', dana)).toThrow(/cannot approve their own review/)
    mapOf(doc, claim).set(RECORD_KEYS.status, { state: 'approved', by: dana, at: T2, reviewedAt: T1 })
    expect(reviewOf(doc, claim)).toMatchObject({ state: 'reviewed', approvedBy: null })
    expect(approvalRefusal(reviewOf(doc, claim), dana)).toMatch(/cannot approve their own review/)
    expect(approvalRefusal(reviewOf(doc, claim), bob)).toBeNull()
  })

  it('nothing to approve or reopen before a verdict; events and quotes have no review', () => {
    const { doc, claim } = taggedClaim()
    expect(() => setReviewStatus(doc, claim, 'approved', bob)).toThrow(/no review yet/)
    expect(approvalRefusal(reviewOf(doc, claim), bob)).toMatch(/only a reviewed claim/)
    const event = annotate(doc, 'Avigdor Liberman', 'event')
    expect(reviewOf(doc, event)).toBeNull()
    expect(() => setAssignee(doc, event, dana, alice)).toThrow(/only claims are reviewed/)
  })

  it('my queue: claims assigned to me and not approved, and my reviews whose words changed', () => {
    const base: ReviewStatus = { state: 'in-review', assignee: dana, reviewer: null, reviewedAt: null, approvedBy: null, approvedAt: null }
    expect(isInQueueOf(base, dana.id)).toBe(true)
    expect(isInQueueOf(base, bob.id)).toBe(false)
    expect(isInQueueOf({ ...base, state: 'approved' }, dana.id)).toBe(false)
    expect(isInQueueOf({ ...base, state: 'needs-re-review', assignee: null, reviewer: bob }, bob.id)).toBe(true)
    expect(isInQueueOf(null, dana.id)).toBe(false)
  })
})

describe('review workflow entries merge', () => {
  it.each(Object.entries(SYNC_ORDERS))(
    'an approval and a new review made at once: the approval is of the old review, so the claim is reviewed, not approved (%s)',
    (_name, deliver) => {
      const [a, b, c] = createReplicas(3)
      const claim = at(T0, () => annotate(a, CLAIM, 'claim', 'claim-1'))
      review(a, claim, 'false', dana, T1)
      syncAll(a, b, c)
      at(T2, () => setReviewStatus(a, claim, 'approved', bob))
      review(b, claim, 'misleading', dana, T3)
      deliver(a, b, c)
      for (const replica of [a, b, c]) expect(reviewOf(replica, claim)).toMatchObject({ state: 'reviewed', reviewedAt: T3, approvedBy: null })
    },
  )

  it('assigning while someone comments keeps both, and both are in the history', () => {
    const [a, b] = createReplicas(2)
    const claim = at(T0, () => annotate(a, CLAIM, 'claim', 'claim-1'))
    send(a, b)
    at(T1, () => setAssignee(a, claim, dana, alice))
    at(T1, () => addComment(b, claim, bob, 'Who said this first?'))
    send(a, b)
    send(b, a)
    for (const replica of [a, b]) {
      expect(recordOf(replica, claim).assignee).toEqual(dana)
      expect(
        recordOf(replica, claim)
          .history.map((step) => step.change)
          .sort(),
      ).toEqual(['assign', 'comment'])
    }
  })
})

describe('history', () => {
  it('records each change with who and when: attributes, verdict, note, span, link, unlink, assign, approve', () => {
    const [doc] = createReplicas(1)
    const claim = at(T0, () => annotate(doc, CLAIM, 'claim', 'claim-1'))
    const quote = at(T0, () => annotate(doc, 'It is practically', 'quote', 'quote-1'))
    at(T1, () => updateAnnotation(doc, claim, { attrs: { claimant: 'Liberman' }, note: 'check it', by: bob }))
    review(doc, claim, 'false', dana, T1)
    const linkId = at(T2, () => addLink(doc, claim, { type: 'quotes', target: quote }, bob))
    at(T2, () => removeLink(doc, claim, linkId, bob))
    at(T3, () => setAssignee(doc, claim, dana, alice))
    at(T3, () => setReviewStatus(doc, claim, 'approved', bob))
    const steps = recordOf(doc, claim).history.map(({ by, at, change, fields, value }) => ({ by: by.name, at, change, fields, value }))
    expect(steps).toEqual(
      expect.arrayContaining([
        { by: 'Bob', at: T1, change: 'attrs', fields: ['claimant'], value: undefined },
        { by: 'Bob', at: T1, change: 'note', fields: undefined, value: undefined },
        { by: 'Dana', at: T1, change: 'verdict', fields: undefined, value: 'false' },
        { by: 'Bob', at: T2, change: 'link', fields: [quote], value: 'quotes' },
        { by: 'Bob', at: T2, change: 'unlink', fields: [quote], value: 'quotes' },
        { by: 'Alice', at: T3, change: 'assign', fields: undefined, value: 'Dana' },
        { by: 'Bob', at: T3, change: 'approve', fields: undefined, value: 'false' },
      ]),
    )
    expect(steps).toHaveLength(7)
    // Oldest first.
    expect(steps.map((step) => step.at)).toEqual([...steps.map((step) => step.at)].sort())
  })

  it('the same verdict stamped again on new words is a review step, not a verdict change', () => {
    const { doc, claim } = taggedClaim()
    review(doc, claim, 'false', dana, T1)
    review(doc, claim, 'false', bob, T2)
    expect(recordOf(doc, claim).history.map((step) => [step.change, step.value])).toEqual([
      ['verdict', 'false'],
      ['review', 'false'],
    ])
  })

  it('is bounded: beyond MAX_HISTORY_ENTRIES the oldest steps are removed from the document', () => {
    const { doc, claim } = taggedClaim()
    for (let index = 0; index < MAX_HISTORY_ENTRIES + 25; index++) {
      const time = new Date(Date.parse(T1) + index * 1000).toISOString()
      at(time, () => updateAnnotation(doc, claim, { note: `note ${index}`, by: bob }))
    }
    const historyKeys = [...mapOf(doc, claim).keys()].filter((key) => key.startsWith(RECORD_KEYS.historyPrefix))
    expect(historyKeys).toHaveLength(MAX_HISTORY_ENTRIES)
    const history = recordOf(doc, claim).history
    expect(history).toHaveLength(MAX_HISTORY_ENTRIES)
    expect(history[0].at).toBe(new Date(Date.parse(T1) + 25 * 1000).toISOString())
  })

  it('changes made without an author (a script) are not recorded', () => {
    const { doc, claim } = taggedClaim()
    updateAnnotation(doc, claim, { note: 'by a script' })
    expect(recordOf(doc, claim).history).toEqual([])
  })
})

describe('hostile review entries never hide the annotation', () => {
  const hostile: Array<[string, string, unknown]> = [
    ['assignee is a string', RECORD_KEYS.assignee, 'Dana'],
    ['assignee without id', RECORD_KEYS.assignee, { name: 'Dana' }],
    ['status of an unknown state', RECORD_KEYS.status, { state: 'reviewed', by: bob, at: T1, reviewedAt: T1 }],
    ['status with an extra field', RECORD_KEYS.status, { state: 'approved', by: bob, at: T1, reviewedAt: T1, evil: 1 }],
    ['history step of an unknown kind', `${RECORD_KEYS.historyPrefix}x`, { by: bob, at: T1, change: 'delete-everything' }],
    ['history step with a huge value', `${RECORD_KEYS.historyPrefix}y`, { by: bob, at: T1, change: 'note', value: 'x'.repeat(301) }],
    ['history step with a bad time', `${RECORD_KEYS.historyPrefix}z`, { by: bob, at: 'yesterday', change: 'note' }],
  ]
  it.each(hostile)('%s: left out, the record still reads', (_name, key, value) => {
    const { doc, claim } = taggedClaim()
    mapOf(doc, claim).set(key, value)
    const record = recordOf(doc, claim)
    expect(record.assignee).toBeUndefined()
    expect(record.reviewStatus).toBeUndefined()
    expect(record.history).toEqual([])
    expect(reviewOf(doc, claim)?.state).toBe('open')
  })
})
