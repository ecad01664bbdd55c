import { describe, expect, it } from 'vitest'
import type { AnnotationRecord } from '../../../../editor/model/annotation'
import type { ResolvedAnnotation } from '../../../../editor/model/resolve-annotations'
import { decorationsFor } from '../../../../editor/plugins/annotation-decorations'

const T0 = '2026-11-26T09:00:00.000Z'
const person = { id: 'u', name: 'Dana' }

function claim(id: string, verdict: string | undefined, changedSinceReview = false): ResolvedAnnotation {
  const record = {
    id,
    type: 'claim',
    start: { assoc: 0 },
    end: { assoc: -1 },
    exact: 'words',
    attrs: verdict === undefined ? {} : { verdict },
    createdBy: person,
    createdAt: T0,
    updatedAt: T0,
    comments: [],
    links: [],
  } as unknown as AnnotationRecord
  return { id, type: 'claim', record, status: 'attached', from: 1, to: 6, text: 'words', changedSinceReview, review: null }
}

/** The DOM attributes a decoration gives its span (prosemirror-view keeps them on its type). */
const attrsOf = (annotation: ResolvedAnnotation) =>
  (decorationsFor([annotation], { selectedId: null, flashingId: null })[0] as unknown as { type: { attrs: Record<string, string> } }).type.attrs

describe('claim highlights show their verdict', () => {
  it.each(['supported', 'false', 'misleading', 'disputed', 'unverifiable'])('a %s claim gets claim-verdict-%s and data-verdict', (verdict) => {
    const attrs = attrsOf(claim('c1', verdict))
    expect(attrs.class.split(' ')).toEqual(['annotation', 'annotation-claim', `claim-verdict-${verdict}`])
    expect(attrs['data-verdict']).toBe(verdict)
  })

  it('an unreviewed claim, or one without a verdict, has neither', () => {
    for (const verdict of ['unreviewed', undefined]) {
      const attrs = attrsOf(claim('c1', verdict))
      expect(attrs.class).toBe('annotation annotation-claim')
      expect(attrs).not.toHaveProperty('data-verdict')
    }
  })

  it('keeps the verdict next to the changed-since-review mark', () => {
    expect(attrsOf(claim('c1', 'false', true)).class).toBe('annotation annotation-claim is-changed claim-verdict-false')
  })
})
