import { describe, expect, it } from 'vitest'
import { TtlError, parseTtl } from '../../../../collab-server/auth/ttl'

describe('parseTtl', () => {
  it.each([
    ['45s', 45],
    ['30m', 1800],
    ['12h', 43_200],
    ['7d', 604_800],
    ['365d', 31_536_000],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseTtl(text)).toBe(seconds)
  })

  const FORMAT = 'ttl must be a positive whole number followed by s, m, h or d (e.g. 7d, 12h, 30m)'
  it.each([
    ['', `${FORMAT}; got ""`],
    ['7', `${FORMAT}; got "7"`],
    ['d', `${FORMAT}; got "d"`],
    ['0d', `${FORMAT}; got "0d"`],
    ['-1h', `${FORMAT}; got "-1h"`],
    ['1.5h', `${FORMAT}; got "1.5h"`],
    ['7 d', `${FORMAT}; got "7 d"`],
    ['7w', `${FORMAT}; got "7w"`],
    ['366d', 'ttl must be at most 365d; got "366d"'],
  ])('refuses %j', (text, message) => {
    expect(() => parseTtl(text)).toThrow(new TtlError(message))
  })
})
