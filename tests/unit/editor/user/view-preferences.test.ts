import { describe, expect, it } from 'vitest'
import { parseViewPreferences } from '../../../../editor/user/view-preferences'

const VIEWS = ['timeline', 'board']

describe('parseViewPreferences', () => {
  it('reads the open view and the height', () => {
    expect(parseViewPreferences(JSON.stringify({ open: 'timeline', height: 420 }), VIEWS)).toEqual({ open: 'timeline', height: 420 })
    expect(parseViewPreferences(JSON.stringify({ open: null, height: 300 }), VIEWS)).toEqual({ open: null, height: 300 })
  })

  it('reads anything missing, malformed, unknown or out of range as closed at the default height', () => {
    const closed = { open: null, height: null }
    for (const raw of [null, '', 'not json', '[]', 'null', '42', '"timeline"', JSON.stringify({ open: 'toString' }), JSON.stringify({ open: '__proto__' })]) {
      expect(parseViewPreferences(raw, VIEWS), String(raw)).toEqual(closed)
    }
    expect(parseViewPreferences(JSON.stringify({ open: 'timeline', height: 12 }), VIEWS)).toEqual({ open: 'timeline', height: null })
    expect(parseViewPreferences(JSON.stringify({ open: 'timeline', height: 1e9 }), VIEWS)).toEqual({ open: 'timeline', height: null })
    expect(parseViewPreferences(JSON.stringify({ open: 'timeline', height: '400' }), VIEWS)).toEqual({ open: 'timeline', height: null })
    expect(parseViewPreferences(JSON.stringify({ open: 'x'.repeat(10_000), height: 400 }), VIEWS)).toEqual({ open: null, height: 400 })
    expect(parseViewPreferences(JSON.stringify({ open: 7, height: 400 }), VIEWS)).toEqual({ open: null, height: 400 })
  })
})
