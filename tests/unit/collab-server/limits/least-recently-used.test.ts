import { describe, expect, it } from 'vitest'
import { leastRecentlyUsed } from '../../../../collab-server/limits/least-recently-used'

describe('leastRecentlyUsed', () => {
  const a = { id: 'a', lastUsed: 5 }
  const b = { id: 'b', lastUsed: 2 }
  const c = { id: 'c', lastUsed: 9 }

  it('picks the item with the oldest use stamp', () => {
    expect(leastRecentlyUsed([a, b, c])?.id).toBe('b')
  })

  it('never picks the excluded item', () => {
    expect(leastRecentlyUsed([a, b, c], b)?.id).toBe('a')
  })

  it('picks the first on a tie, and null when nothing is left', () => {
    expect(
      leastRecentlyUsed([
        { id: 'x', lastUsed: 1 },
        { id: 'y', lastUsed: 1 },
      ])?.id,
    ).toBe('x')
    expect(leastRecentlyUsed([a], a)).toBeNull()
    expect(leastRecentlyUsed([])).toBeNull()
  })
})
