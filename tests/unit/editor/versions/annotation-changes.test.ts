import { describe, expect, it } from 'vitest'
import type { SnapshotAnnotation } from '../../../../editor/export/snapshot'
import { compareAnnotations } from '../../../../editor/versions/annotation-changes'
import { describeFieldChange } from '../../../../editor/versions/change-wording'

const ADA = { id: 'ada', name: 'Ada' }

function annotation(id: string, overrides: Partial<SnapshotAnnotation> = {}): SnapshotAnnotation {
  return {
    id,
    type: 'claim',
    attrs: { claimant: 'Putin', verdict: 'unreviewed' },
    createdBy: ADA,
    createdAt: '2026-12-05T10:00:00.000Z',
    updatedAt: '2026-12-05T10:00:00.000Z',
    comments: [],
    links: [],
    review: null,
    history: [],
    state: 'attached',
    start: 0,
    end: 5,
    exact: 'Sochi',
    ...overrides,
  }
}

describe('compareAnnotations', () => {
  it('finds nothing between identical lists, or two empty ones', () => {
    const list = [annotation('a'), annotation('b', { type: 'event', attrs: { place: 'Sochi' } })]
    expect(compareAnnotations(list, list)).toEqual({ added: [], removed: [], changed: [] })
    expect(compareAnnotations([], [])).toEqual({ added: [], removed: [], changed: [] })
  })

  it('matches by id: added, removed, and changed with what changed', () => {
    const before = [annotation('kept'), annotation('gone', { exact: 'old words' }), annotation('edited')]
    const after = [
      annotation('new', { type: 'quote', attrs: { speaker: 'officials' }, exact: '“three hours”', createdBy: { id: 'bea', name: 'Bea' } }),
      annotation('kept', { start: 40, end: 45 }),
      annotation('edited', {
        exact: 'Moscow',
        attrs: { claimant: 'Lavrov', verdict: 'false', reviewedBy: ADA, reviewedAt: '2026-12-05T11:00:00.000Z', reviewedText: 'Moscow' },
        note: 'Checked against TASS.',
        comments: [{ id: 'c1', author: ADA, text: 'See TASS', createdAt: '2026-12-05T11:00:00.000Z' }],
      }),
    ]
    expect(compareAnnotations(before, after)).toEqual({
      added: [{ id: 'new', type: 'quote', exact: '“three hours”', createdBy: { id: 'bea', name: 'Bea' } }],
      removed: [{ id: 'gone', type: 'claim', exact: 'old words', createdBy: ADA }],
      changed: [
        {
          id: 'edited',
          type: 'claim',
          exact: 'Moscow',
          createdBy: ADA,
          changes: [
            { field: 'words', before: 'Sochi', after: 'Moscow' },
            { field: 'verdict', before: 'unreviewed', after: 'false' },
            { field: 'attributes', names: ['claimant'] },
            { field: 'note', before: '', after: 'Checked against TASS.' },
            { field: 'comments', before: 0, after: 1 },
          ],
        },
      ],
    })
  })

  it('sees a type change, a detachment, a review step and links, and ignores key order and moved offsets', () => {
    const before = annotation('x', { attrs: { verdict: 'unreviewed', claimant: 'A', evidence: ['u1', 'u2'] } })
    const review = { state: 'open', assignee: null, reviewer: null, reviewedAt: null, approvedBy: null, approvedAt: null } as const
    const after = annotation('x', {
      type: 'event',
      attrs: { evidence: ['u1', 'u2'], claimant: 'A', verdict: 'unreviewed' } as never,
      state: 'detached',
      start: null,
      end: null,
      links: [{ id: 'l1', type: 'supports', target: 'y', createdBy: ADA, createdAt: '2026-12-05T11:00:00.000Z' }],
    })
    expect(compareAnnotations([before], [after]).changed[0].changes).toEqual([
      { field: 'attachment', before: 'attached', after: 'detached' },
      { field: 'type', before: 'claim', after: 'event' },
      { field: 'links', before: 0, after: 1 },
    ])
    const reviewed = compareAnnotations([annotation('r', { review })], [annotation('r', { review: { ...review, state: 'in-review' } })])
    expect(reviewed.changed[0].changes).toEqual([{ field: 'review', before: 'open', after: 'in-review' }])
  })

  it('sees an edited comment, a retargeted or retyped link, a thread resolved or reopened, and a review added or removed', () => {
    const comment = { id: 'c1', author: ADA, text: 'Check the date.', createdAt: '2026-12-05T11:00:00.000Z' }
    const link = { id: 'l1', type: 'supports', target: 'y', createdBy: ADA, createdAt: '2026-12-05T11:00:00.000Z' } as const
    const changesOf = (before: Partial<SnapshotAnnotation>, after: Partial<SnapshotAnnotation>) =>
      compareAnnotations([annotation('x', before)], [annotation('x', after)]).changed[0]?.changes ?? []
    expect(changesOf({ comments: [comment] }, { comments: [{ ...comment, text: 'Checked: 5 December.' }] })).toEqual([{ field: 'comment-text', edited: 1 }])
    expect(changesOf({ links: [link] }, { links: [{ ...link, target: 'z' }] })).toEqual([{ field: 'link-targets', changed: 1 }])
    expect(changesOf({ links: [link] }, { links: [{ ...link, type: 'contradicts' }] })).toEqual([{ field: 'link-targets', changed: 1 }])
    // One link added, the other kept: only the count changed.
    expect(changesOf({ links: [link] }, { links: [link, { ...link, id: 'l2', target: 'z' }] })).toEqual([{ field: 'links', before: 1, after: 2 }])
    const resolved = { state: 'resolved', by: ADA, at: '2026-12-05T12:00:00.000Z' } as const
    expect(changesOf({ comments: [comment] }, { comments: [comment], thread: resolved })).toEqual([{ field: 'thread', before: 'open', after: 'resolved' }])
    expect(changesOf({ comments: [comment], thread: resolved }, { comments: [comment], thread: { ...resolved, state: 'open' } })).toEqual([
      { field: 'thread', before: 'resolved', after: 'open' },
    ])
    const review = { state: 'open', assignee: null, reviewer: null, reviewedAt: null, approvedBy: null, approvedAt: null } as const
    expect(changesOf({ review: null }, { review })).toEqual([{ field: 'review', before: null, after: 'open' }])
    expect(changesOf({ review }, { review: null })).toEqual([{ field: 'review', before: 'open', after: null }])
  })
})

describe('describeFieldChange', () => {
  it('says each change in plain words, quoting long text cut short', () => {
    expect(describeFieldChange({ field: 'words', before: 'Sochi', after: 'Moscow' })).toBe('words: “Sochi” → “Moscow”')
    expect(describeFieldChange({ field: 'verdict', before: 'unreviewed', after: 'false' })).toBe('verdict: Unreviewed → False')
    expect(describeFieldChange({ field: 'type', before: 'claim', after: 'quote' })).toBe('type: Claim → Quote')
    expect(describeFieldChange({ field: 'review', before: 'reviewed', after: 'approved' })).toBe('review: Reviewed → Approved')
    expect(describeFieldChange({ field: 'attributes', names: ['speaker'] })).toBe('field changed: speaker')
    expect(describeFieldChange({ field: 'attributes', names: ['date', 'place'] })).toBe('fields changed: date, place')
    expect(describeFieldChange({ field: 'note', before: '', after: 'new\nnote' })).toBe('note added: “new note”')
    expect(describeFieldChange({ field: 'note', before: 'old', after: '' })).toBe('note removed')
    expect(describeFieldChange({ field: 'comments', before: 0, after: 2 })).toBe('comments: 0 → 2')
    expect(describeFieldChange({ field: 'comment-text', edited: 1 })).toBe('a comment edited')
    expect(describeFieldChange({ field: 'comment-text', edited: 3 })).toBe('3 comments edited')
    expect(describeFieldChange({ field: 'thread', before: 'open', after: 'resolved' })).toBe('thread resolved')
    expect(describeFieldChange({ field: 'thread', before: 'resolved', after: 'open' })).toBe('thread reopened')
    expect(describeFieldChange({ field: 'link-targets', changed: 2 })).toBe('2 links retargeted or retyped')
    expect(describeFieldChange({ field: 'review', before: null, after: 'open' })).toBe('review: none → Open')
    expect(describeFieldChange({ field: 'attachment', before: 'attached', after: 'detached' })).toBe('detached: its words were deleted')
    expect(describeFieldChange({ field: 'words', before: 'x'.repeat(200), after: 'y' })).toBe(`words: “${'x'.repeat(79)}…” → “y”`)
  })
})
