import { describe, expect, it } from 'vitest'
import { DOC_ID_PATTERN, docIdFromPath, docIdSchema, generateDocId, isDocId, randomSuffix, slugify } from '../../../../editor/model/doc-id'

describe('document ids', () => {
  it.each([
    ['notes-k3x9q2', true],
    ['A_b-9', true],
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['', false],
    ['bad id', false],
    ['a/b', false],
    ['é', false],
    [42, false],
    [null, false],
  ])('accepts %j as an id: %s', (value, accepted) => {
    expect(isDocId(value)).toBe(accepted)
    expect(docIdSchema.safeParse(value).success).toBe(accepted)
  })

  it.each([
    ['Israel – Russia relations, Part II', 'israel-russia-relations-part-ii'],
    ['  Crème brûlée!  ', 'creme-brulee'],
    ['יחסי ישראל רוסיה', 'doc'],
    ['a'.repeat(80), 'a'.repeat(48)],
  ])('slugifies %j as %j', (title, slug) => {
    expect(slugify(title)).toBe(slug)
  })

  it('generates ids matching DOC_ID_PATTERN from any title', () => {
    expect(generateDocId('Notes', 'k3x9q2')).toBe('notes-k3x9q2')
    for (const title of ['', '---', 'x'.repeat(300), 'שלום', 'A/B?C#D']) {
      expect(generateDocId(title)).toMatch(DOC_ID_PATTERN)
    }
    expect(randomSuffix()).toMatch(/^[a-z0-9]{6}$/)
  })

  it.each([
    ['/israel-russia-part-2', 'israel-russia-part-2'],
    ['/doc_1?token=abc', 'doc_1'],
    ['/', null],
    ['/a/b', null],
    ['/bad%20id', null],
    [`/${'a'.repeat(65)}`, null],
    [undefined, null],
  ])('reads the document id of path %j as %j', (path, id) => {
    expect(docIdFromPath(path)).toBe(id)
  })
})
