import { describe, expect, it } from 'vitest'
import { jsonValueProblem, SHAPE_LIMITS } from '../../../../editor/model/shape-limits'
import { seededRandom } from '../../../../bench/lib/seeded-random'

const TOO_LONG = `a value is longer than ${SHAPE_LIMITS.maxValueChars} characters as JSON`
const exactVerdict = (value: unknown) => ((JSON.stringify(value)?.length ?? 0) > SHAPE_LIMITS.maxValueChars ? TOO_LONG : null)

/** Characters that JSON writes escaped (quote, backslash, controls, lone surrogates) or as they are. */
const ALPHABET = ['a', 'é', '"', '\\', '\n', '\u0000', '\u001f', '\ud800', '𝔘', 'א', ' ']

function randomValue(random: () => number, depth: number, size: number): unknown {
  const roll = random()
  // A few runs of one character each: cheap to build, long enough to reach the limit.
  const text = () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)].repeat(Math.floor(random() * size))).join('')
  if (depth >= 4 || roll < 0.3) return text()
  if (roll < 0.4) return random() < 0.5 ? -Number.MAX_VALUE * random() : Math.floor(random() * 1e9)
  if (roll < 0.45) return random() < 0.5 ? null : random() < 0.5
  if (roll < 0.7) return Array.from({ length: Math.floor(random() * 6) }, () => randomValue(random, depth + 1, size))
  return Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, () => [text(), randomValue(random, depth + 1, size)]))
}

describe('jsonValueProblem: the size limit', () => {
  it('agrees with the JSON length exactly at the limit, escapes included', () => {
    const limit = SHAPE_LIMITS.maxValueChars
    // A string's JSON is its characters plus two quotes; "\u0000" is written as 6 characters.
    expect(jsonValueProblem('a'.repeat(limit - 2))).toBeNull()
    expect(jsonValueProblem('a'.repeat(limit - 1))).toBe(TOO_LONG)
    const escaped = '\u0000'.repeat(Math.floor((limit - 2) / 6))
    expect(JSON.stringify(escaped).length).toBeLessThanOrEqual(limit)
    expect(jsonValueProblem(escaped)).toBeNull()
    expect(jsonValueProblem(`${escaped}\u0000`)).toBe(exactVerdict(`${escaped}\u0000`))
    expect(jsonValueProblem({ key: 'a'.repeat(limit - 10) })).toBe(exactVerdict({ key: 'a'.repeat(limit - 10) }))
    expect(jsonValueProblem(['a'.repeat(limit - 4)])).toBe(exactVerdict(['a'.repeat(limit - 4)]))
    expect(jsonValueProblem(['a'.repeat(limit - 3)])).toBe(TOO_LONG)
  })

  it('gives the same verdict as measuring the JSON, on 2,000 random values around the limit', () => {
    const random = seededRandom(12)
    let over = 0
    for (let index = 0; index < 2000; index++) {
      const value = randomValue(random, 0, index % 3 === 0 ? 20_000 : 30)
      const verdict = jsonValueProblem(value)
      expect(verdict).toBe(exactVerdict(value))
      if (verdict) over++
    }
    // Both sides of the limit were exercised.
    expect(over).toBeGreaterThan(50)
    expect(over).toBeLessThan(1950)
  })

  it('still refuses depth, binary data and non-JSON values before measuring', () => {
    let deep: unknown = 'x'
    for (let level = 0; level < 20; level++) deep = [deep]
    expect(jsonValueProblem(deep)).toBe(`a value nests deeper than ${SHAPE_LIMITS.maxJsonDepth} levels`)
    expect(jsonValueProblem({ bytes: new Uint8Array(3) })).toBe('a value holds binary data, which is not JSON')
    expect(jsonValueProblem([1n])).toBe('a value holds a bigint, which is not JSON')
  })
})

describe('jsonValueProblem: values Yjs decodes that are not plain JSON', () => {
  it('measures small negative numbers (25 characters of JSON each) right at the limit', () => {
    const small = -0.0000012345678901234567
    expect(JSON.stringify(small).length).toBe(25)
    const values = Array.from({ length: 3999 }, () => small)
    expect(JSON.stringify(values).length).toBeGreaterThan(SHAPE_LIMITS.maxValueChars)
    expect(jsonValueProblem(values)).toBe(TOO_LONG)
  })

  it('refuses an object whose `__proto__` key became its prototype (lib0 decodes it so)', async () => {
    const { createDecoder, readAny } = await import('lib0/decoding')
    const { createEncoder, writeAny, toUint8Array } = await import('lib0/encoding')
    const encoder = createEncoder()
    writeAny(encoder, JSON.parse('{"note":"x","__proto__":{"verdict":"false"}}') as { [key: string]: string })
    const decoded = readAny(createDecoder(toUint8Array(encoder))) as Record<string, unknown>
    expect(decoded.verdict).toBe('false') // inherited: the hidden content a reader would see
    expect(jsonValueProblem(decoded)).toBe('a value holds an object that is not plain JSON (a `__proto__` key)')
    expect(jsonValueProblem(JSON.parse('{"note":"x"}'))).toBeNull()
  })
})
