import { describe, expect, it } from 'vitest'
import { createVersionRequestSchema, parseVersionNumber, restoredTitle, restoreVersionRequestSchema, versionLabel, versionNameSchema } from '../../../../editor/model/versions'
import { describeIssues } from '../../../../editor/model/describe-issues'

const nameError = (value: unknown) => {
  const parsed = createVersionRequestSchema.safeParse({ name: value })
  return parsed.success ? null : describeIssues(parsed.error)
}

describe('version names', () => {
  it('takes 1–120 characters, trimmed, Hebrew and punctuation included', () => {
    expect(versionNameSchema.parse('  before review  ')).toBe('before review')
    expect(versionNameSchema.parse('לפני הבדיקה — “final”')).toBe('לפני הבדיקה — “final”')
    expect(versionNameSchema.parse('x'.repeat(120))).toHaveLength(120)
  })

  it('refuses empty, long, non-string and control-character names, naming the field', () => {
    expect(nameError('')).toBe('name: must not be empty')
    expect(nameError(' \t ')).toBe('name: must not be empty')
    expect(nameError('x'.repeat(121))).toBe('name: must be at most 120 characters')
    expect(nameError(7)).toBe('name: must be a string')
    for (const hostile of ['a\u0000b', 'a\nb', 'a\u2028b', 'a\u202Eb', 'a\u2066b', 'a\u0085b']) {
      expect(nameError(hostile)).toBe('name: must not contain control characters, line breaks or bidi controls')
    }
  })

  it('refuses unknown fields and bad authors', () => {
    expect(createVersionRequestSchema.safeParse({ name: 'a', state: 'x' }).success).toBe(false)
    expect(createVersionRequestSchema.safeParse({ name: 'a', createdBy: { id: '', name: 'Ada' } }).success).toBe(false)
    expect(createVersionRequestSchema.safeParse({ name: 'a', createdBy: { id: 'ada', name: 'x'.repeat(101) } }).success).toBe(false)
    expect(createVersionRequestSchema.parse({ name: 'a', createdBy: { id: 'ada', name: ' Ada ' } })).toEqual({ name: 'a', createdBy: { id: 'ada', name: 'Ada' } })
    expect(restoreVersionRequestSchema.safeParse({ title: 'x'.repeat(301) }).success).toBe(false)
    expect(restoreVersionRequestSchema.parse({})).toEqual({})
  })
})

describe('version authors', () => {
  it('drops bidi marks and control characters from a name instead of refusing it (names in the app may hold an LRM)', () => {
    expect(createVersionRequestSchema.parse({ name: 'a', createdBy: { id: 'dana', name: 'דנה\u200E' } })).toEqual({ name: 'a', createdBy: { id: 'dana', name: 'דנה' } })
    expect(createVersionRequestSchema.parse({ name: 'a', createdBy: { id: 'x', name: '\u202Eevil\u202C\u0007 ' } }).createdBy).toEqual({ id: 'x', name: 'evil' })
    // Nothing left once they are dropped: refused, naming the field.
    expect(createVersionRequestSchema.safeParse({ name: 'a', createdBy: { id: 'x', name: '\u200F\u200E' } }).success).toBe(false)
  })
})

describe('parseVersionNumber', () => {
  it('takes 1 to 999999999 written plainly, and nothing else', () => {
    expect(['1', '3', '200', '999999999'].map(parseVersionNumber)).toEqual([1, 3, 200, 999999999])
    for (const bad of ['0', '01', '-1', '+1', '1.0', '1e3', '0x1', '', ' 1', '1 ', '../x', '1000000000', '99999999999', 'NaN', '١']) {
      expect(parseVersionNumber(bad)).toBeNull()
    }
  })
})

describe('labels', () => {
  it('names a version and a restored document', () => {
    expect(versionLabel({ number: 3, name: 'before review' })).toBe('Version 3 — before review')
    expect(restoredTitle('Israel – Russia relations', 3)).toBe('Israel – Russia relations (version 3)')
    const long = restoredTitle('t'.repeat(300), 12)
    expect(long).toHaveLength(300)
    expect(long.endsWith(' (version 12)')).toBe(true)
  })

  it('cuts a restored title between characters, never inside an emoji, and drops control and bidi characters', () => {
    const emoji = restoredTitle('😀'.repeat(200), 12)
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
    expect(emoji.length).toBeLessThanOrEqual(300)
    expect(emoji).toBe(`${'😀'.repeat(143)} (version 12)`)
    expect(restoredTitle('evil\u202E title\u0000', 2)).toBe('evil title (version 2)')
  })
})
