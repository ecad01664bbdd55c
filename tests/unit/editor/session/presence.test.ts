import { describe, expect, it } from 'vitest'
import { readPresence, samePresence } from '../../../../editor/session/presence'
import { USER_COLORS } from '../../../../editor/user/identity'

const ada = { id: 'u-ada', name: 'Ada', color: '#0072B2' }
const bob = { name: 'Bob', color: '#D55E00' }

describe('readPresence', () => {
  it('lists valid users, you first, then by name', () => {
    const states = new Map<number, unknown>([
      [3, { user: bob }],
      [1, { user: ada, cursor: null }],
      [2, { user: { name: 'Zoe', color: '#009E73' } }],
    ])
    expect(readPresence(states, 2)).toEqual([
      { clientId: 2, user: { name: 'Zoe', color: '#009E73' }, isSelf: true },
      // Ada's colour is the event highlights' blue: she is shown in a palette colour instead.
      { clientId: 1, user: { ...ada, color: USER_COLORS[0] }, isSelf: false },
      { clientId: 3, user: bob, isSelf: false },
    ])
  })

  it('ignores malformed states from anyone, without throwing', () => {
    const states = new Map<number, unknown>([
      [1, { user: ada }],
      [2, { user: { name: 12345 } }],
      [3, { user: { name: { toString: 5 }, color: '#000000' } }],
      [4, { user: { name: 'Mallory', color: 'url(https://evil.example)' } }],
      [5, { user: { name: 'x'.repeat(61), color: '#000000' } }],
      [6, { user: bob, blob: 'x'.repeat(5000) }],
      [7, 'Mallory'],
      [8, null],
      [9, {}],
      [10, { user: [bob] }],
    ])
    expect(readPresence(states, 99)).toEqual([{ clientId: 1, user: { ...ada, color: USER_COLORS[0] }, isSelf: false }])
  })
})

describe('samePresence', () => {
  it('compares who is shown, not cursor positions', () => {
    const before = readPresence(new Map([[1, { user: ada, cursor: null }]]), 1)
    const moved = readPresence(new Map([[1, { user: ada, cursor: { anchor: { tname: 'prosemirror' }, head: { tname: 'prosemirror' } } }]]), 1)
    const renamed = readPresence(new Map([[1, { user: { ...ada, name: 'Ada L.' } }]]), 1)
    expect(samePresence(before, moved)).toBe(true)
    expect(samePresence(before, renamed)).toBe(false)
  })
})
