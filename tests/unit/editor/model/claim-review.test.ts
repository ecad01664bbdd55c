import { describe, expect, it } from 'vitest'
import type { AnnotationRecord, ClaimAttrs } from '../../../../editor/model/annotation'
import { withReviewStamp } from '../../../../editor/model/claim-review'
import { isChangedSinceReview, toResolved } from '../../../../editor/model/resolve-annotations'
import { schema } from '../../../../editor/schema'
import { alice, bob } from './support/seed'

const T0 = '2026-11-26T09:00:00.000Z'
const T1 = '2026-11-27T15:30:00.000Z'
const WORDS = 'a true friend of Israel'

describe('withReviewStamp', () => {
  it('stamps reviewer, time and the current text when a verdict is first given', () => {
    expect(withReviewStamp({ verdict: 'unreviewed' }, { verdict: 'supported', rationale: 'Quoted verbatim.' }, WORDS, bob, T0)).toEqual({
      verdict: 'supported',
      rationale: 'Quoted verbatim.',
      reviewedBy: bob,
      reviewedAt: T0,
      reviewedText: WORDS,
    })
  })

  it('restamps with the new reviewer and text when the verdict changes', () => {
    const previous: ClaimAttrs = { verdict: 'supported', reviewedBy: bob, reviewedAt: T0, reviewedText: WORDS }
    expect(withReviewStamp(previous, { ...previous, verdict: 'disputed' }, `${WORDS}!`, alice, T1)).toEqual({
      verdict: 'disputed',
      reviewedBy: alice,
      reviewedAt: T1,
      reviewedText: `${WORDS}!`,
    })
  })

  it('keeps the previous stamp when only other fields change, whatever the caller sends', () => {
    const previous: ClaimAttrs = { verdict: 'false', reviewedBy: bob, reviewedAt: T0, reviewedText: WORDS }
    const next: ClaimAttrs = { verdict: 'false', rationale: 'See the transcript.', reviewedText: 'forged', reviewedAt: T1 }
    expect(withReviewStamp(previous, next, 'other text', alice, T1)).toEqual({ ...previous, rationale: 'See the transcript.' })
  })

  it('clears the stamp when the verdict goes back to unreviewed, or is dropped', () => {
    const previous: ClaimAttrs = { verdict: 'misleading', claimant: 'Putin', reviewedBy: bob, reviewedAt: T0, reviewedText: WORDS }
    const { reviewedBy: _by, reviewedAt: _at, reviewedText: _text, ...unstamped } = previous
    expect(withReviewStamp(previous, { ...unstamped, verdict: 'unreviewed' }, WORDS, alice, T1)).toEqual({ claimant: 'Putin', verdict: 'unreviewed' })
    expect(withReviewStamp(previous, { claimant: 'Putin' }, WORDS, alice, T1)).toEqual({ claimant: 'Putin', verdict: 'unreviewed' })
  })

  it('does not stamp an unreviewed claim that stays unreviewed', () => {
    const stamped = withReviewStamp({}, { verdict: 'unreviewed', summary: 'Friendship' }, WORDS, alice, T1)
    expect(stamped).toMatchObject({ verdict: 'unreviewed', summary: 'Friendship' })
    expect([stamped.reviewedBy, stamped.reviewedAt, stamped.reviewedText]).toEqual([undefined, undefined, undefined])
  })
})

describe('changed since review', () => {
  const record = (attrs: ClaimAttrs): AnnotationRecord => {
    const anchor = { tname: 'prosemirror' }
    return { id: 'c1', type: 'claim', start: anchor, end: anchor, exact: WORDS, attrs, createdBy: bob, createdAt: T0, updatedAt: T0, comments: [], links: [], history: [] }
  }
  const reviewed = record({ verdict: 'supported', reviewedBy: bob, reviewedAt: T0, reviewedText: WORDS })

  it('compares the span text with the reviewed text', () => {
    expect(isChangedSinceReview(reviewed, WORDS, 'attached')).toBe(false)
    expect(isChangedSinceReview(reviewed, 'a true friend of Russia', 'attached')).toBe(true)
    expect(isChangedSinceReview(reviewed, '', 'detached')).toBe(true)
  })

  it('never flags unreviewed claims, claims without a reviewed text, or other types', () => {
    expect(isChangedSinceReview(record({ verdict: 'unreviewed', reviewedText: WORDS }), 'x', 'attached')).toBe(false)
    expect(isChangedSinceReview(record({ verdict: 'supported' }), 'x', 'attached')).toBe(false)
    expect(isChangedSinceReview({ ...reviewed, type: 'event', attrs: {} }, 'x', 'attached')).toBe(false)
  })

  it('is computed by toResolved from the document text', () => {
    const doc = schema.nodes.doc.create(null, schema.nodes.paragraph.create(null, schema.text(`Putin: ${WORDS}.`)))
    expect(toResolved(reviewed, doc, 8, 8 + WORDS.length)).toMatchObject({ status: 'attached', text: WORDS, changedSinceReview: false })
    expect(toResolved(reviewed, doc, 8, 8 + WORDS.length + 1)).toMatchObject({ text: `${WORDS}.`, changedSinceReview: true })
    expect(toResolved(reviewed, doc, null, 12)).toMatchObject({ status: 'detached', text: '', from: 0, to: 0, changedSinceReview: true })
  })
})
