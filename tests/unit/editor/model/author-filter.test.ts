import { describe, expect, it } from 'vitest'
import { EMPTY_FILTER, matchesFilter } from '../../../../app/components/annotations/filter-annotations'
import { selectAnnotations } from '../../../../editor/export/options'
import type { DocumentSnapshot, SnapshotAnnotation } from '../../../../editor/export/snapshot'
import { matchesAuthor } from '../../../../editor/model/author-filter'
import type { ResolvedAnnotation } from '../../../../editor/model/resolve-annotations'

const ADA = { id: 'user-ada', name: 'Ada Lovelace' }
const BEA = { id: 'user-bea', name: 'Bea' }

describe('the author filter', () => {
  it.each([
    ['', true],
    [undefined, true],
    ['user-ada', true],
    ['Ada Lovelace', true],
    ['ada lovelace', false],
    ['user-bea', false],
    ['Ada', false],
  ])('matches Ada with filter %j: %s', (filter, matches) => {
    expect(matchesAuthor(ADA, filter)).toBe(matches)
  })

  it('keeps the same annotations in the side panel as in an export, by id or by name', () => {
    const records = [ADA, BEA, ADA].map((createdBy, index) => ({ id: `a${index}`, type: 'event' as const, createdBy }))
    const panelAnnotations = records.map((record) => ({ id: record.id, type: record.type, text: '', record }) as unknown as ResolvedAnnotation)
    const snapshot = { annotations: records.map((record) => ({ ...record, attrs: {} }) as unknown as SnapshotAnnotation) } as DocumentSnapshot
    for (const author of ['user-ada', 'Ada Lovelace', 'Bea', 'nobody', '']) {
      const inPanel = panelAnnotations.filter((annotation) => matchesFilter(annotation, { ...EMPTY_FILTER, author })).map((annotation) => annotation.id)
      const inExport = selectAnnotations(snapshot, { author }).map((annotation) => annotation.id)
      expect(inPanel, `author ${JSON.stringify(author)}`).toEqual(inExport)
    }
    expect(selectAnnotations(snapshot, { author: 'Ada Lovelace' }).map((annotation) => annotation.id)).toEqual(['a0', 'a2'])
  })
})
