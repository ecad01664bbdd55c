import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MAX_HISTORY_ENTRIES, type AnnotationRecord } from '../../../../editor/model/annotation'
import {
  addComment,
  addLink,
  annotationsMap,
  changeType,
  readAnnotation,
  removeLink,
  setAssignee,
  setReviewStatus,
  updateAnnotation,
} from '../../../../editor/model/annotation-store'
import { RECORD_KEYS } from '../../../../editor/model/doc-layout'
import { resolveAnnotations } from '../../../../editor/model/resolve-annotations'
import { approvalRefusal, isInQueueOf, transitionRefusal, type ReviewStatus } from '../../../../editor/model/review-status'
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

describe('changing the type', () => {
  it('keeps the attributes the new type has, sets the others aside, and brings them back when changed back', () => {
    const { doc, claim } = taggedClaim()
    at(T1, () =>
      updateAnnotation(doc, claim, { attrs: { claimant: 'Putin', summary: 'special state', verdict: 'false', reviewedBy: dana, reviewedAt: T1, reviewedText: CLAIM }, by: dana }),
    )
    at(T2, () => changeType(doc, claim, 'event', bob))
    expect(recordOf(doc, claim)).toMatchObject({ type: 'event', attrs: { summary: 'special state' } })
    expect(recordOf(doc, claim).attrs).not.toHaveProperty('verdict')
    expect(reviewOf(doc, claim)).toBeNull()
    at(T3, () => changeType(doc, claim, 'claim', bob))
    expect(recordOf(doc, claim)).toMatchObject({ type: 'claim', attrs: { claimant: 'Putin', verdict: 'false' } })
    expect(
      recordOf(doc, claim)
        .history.filter((step) => step.change === 'type')
        .map((step) => [step.by.name, step.value]),
    ).toEqual([
      ['Bob', 'event'],
      ['Bob', 'claim'],
    ])
  })

  it.each(Object.entries(SYNC_ORDERS))('a verdict set while someone makes the claim an event: the record stays valid everywhere (%s)', (_name, deliver) => {
    const [a, b, c] = createReplicas(3)
    const claim = at(T0, () => annotate(a, CLAIM, 'claim', 'claim-1'))
    syncAll(a, b, c)
    at(T1, () => changeType(a, claim, 'event', bob))
    review(b, claim, 'false', dana, T1)
    deliver(a, b, c)
    for (const replica of [a, b, c]) {
      expect(recordOf(replica, claim).type).toBe('event')
      expect(recordOf(replica, claim).attrs).toEqual({})
    }
  })

  it('a type that is not one of ours is left out: the base type holds', () => {
    const { doc, claim } = taggedClaim()
    mapOf(doc, claim).set(RECORD_KEYS.type, 'rumour')
    expect(recordOf(doc, claim).type).toBe('claim')
    expect(() => changeType(doc, claim, 'rumour' as never, bob)).toThrow(/type/)
  })
})

describe('a hostile history cannot wipe or freeze the real one', () => {
  it('100 entries readers drop ("at": "~") are removed first: honest steps stay', () => {
    const { doc, claim } = taggedClaim()
    for (let index = 0; index < MAX_HISTORY_ENTRIES; index++) mapOf(doc, claim).set(`${RECORD_KEYS.historyPrefix}junk-${index}`, { by: bob, at: '~', change: 'note' })
    at(T1, () => addComment(doc, claim, alice, 'Still here?'))
    at(T2, () => setAssignee(doc, claim, dana, alice))
    expect(recordOf(doc, claim).history.map((step) => step.change)).toEqual(['comment', 'assign'])
  })

  it('100 steps dated in the far future neither push the real steps out when writing nor when reading', () => {
    const { doc, claim } = taggedClaim()
    for (let index = 0; index < MAX_HISTORY_ENTRIES; index++) {
      mapOf(doc, claim).set(`${RECORD_KEYS.historyPrefix}future-${index}`, { by: bob, at: '9999-12-31T00:00:00.000Z', change: 'note' })
    }
    // Reading: real steps exist only once written; writing keeps them and removes future ones.
    at(T1, () => addComment(doc, claim, alice, 'A real step'))
    at(T2, () => setAssignee(doc, claim, dana, alice))
    const history = recordOf(doc, claim).history
    expect(history).toHaveLength(MAX_HISTORY_ENTRIES)
    expect(history.filter((step) => step.at !== '9999-12-31T00:00:00.000Z').map((step) => step.change)).toEqual(['comment', 'assign'])
  })
})

describe('what the board’s status menu offers', () => {
  const open: ReviewStatus = { state: 'open', assignee: null, reviewer: null, reviewedAt: null, approvedBy: null, approvedAt: null }
  const claim = { hasVerdict: true, attached: true }
  it('reviewed: a claim with a verdict and words, also one whose review was sent back or that came without a stamp', () => {
    expect(transitionRefusal(open, 'reviewed', dana, claim)).toBeNull()
    expect(transitionRefusal({ ...open, state: 'needs-re-review', reviewer: bob, reviewedAt: T1 }, 'reviewed', dana, claim)).toBeNull()
    expect(transitionRefusal(open, 'reviewed', dana, { ...claim, hasVerdict: false })).toMatch(/give the claim a verdict/)
    expect(transitionRefusal(open, 'reviewed', dana, { ...claim, attached: false })).toMatch(/re-attach/)
  })
  it('approved: not by the reviewer, only once reviewed; needs re-review: never chosen', () => {
    const reviewed: ReviewStatus = { ...open, state: 'reviewed', reviewer: bob, reviewedAt: T1 }
    expect(transitionRefusal(reviewed, 'approved', dana, claim)).toBeNull()
    expect(transitionRefusal(reviewed, 'approved', bob, claim)).toMatch(/cannot approve their own/)
    expect(transitionRefusal(open, 'approved', dana, claim)).toMatch(/only a reviewed claim/)
    expect(transitionRefusal(reviewed, 'needs-re-review', dana, claim)).toMatch(/by itself/)
    expect(transitionRefusal(reviewed, 'open', dana, claim)).toBeNull()
  })
})
