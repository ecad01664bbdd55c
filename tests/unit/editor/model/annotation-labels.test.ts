import { describe, expect, it } from 'vitest'
import { ANNOTATION_TYPES, VERDICTS } from '../../../../editor/model/annotation'
import { TYPE_LABELS, VERDICT_LABELS } from '../../../../editor/model/annotation-labels'

describe('annotation labels', () => {
  it('label every type and every verdict', () => {
    expect(ANNOTATION_TYPES.map((type) => TYPE_LABELS[type])).toEqual(['Event', 'Quote', 'Claim'])
    expect(VERDICTS.map((verdict) => VERDICT_LABELS[verdict])).toEqual(['Unreviewed', 'Supported', 'Disputed', 'False', 'Misleading', 'Unverifiable'])
  })
})
