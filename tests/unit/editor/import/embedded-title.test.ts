import { describe, expect, it } from 'vitest'
import { embeddedTitle } from '../../../../editor/import/index'

describe('embeddedTitle: the title a Spanwise export carries', () => {
  it('reads a native JSON export\u2019s document.title and a W3C collection\u2019s spanwise:document title, else its label', () => {
    expect(embeddedTitle('json', JSON.stringify({ format: 'spanwise', document: { id: 'a', title: '  Israel – Russia relations  ' } }))).toBe('Israel – Russia relations')
    expect(embeddedTitle('w3c', JSON.stringify({ type: 'AnnotationCollection', label: 'Label', 'spanwise:document': { title: 'Embedded' } }))).toBe('Embedded')
    expect(embeddedTitle('w3c', JSON.stringify({ type: 'AnnotationCollection', label: 'Label' }))).toBe('Label')
    // A blank or unusable embedded title falls back to the label.
    expect(embeddedTitle('w3c', JSON.stringify({ label: 'Label', 'spanwise:document': { title: '  ' } }))).toBe('Label')
    expect(embeddedTitle('w3c', JSON.stringify({ label: 'Label', 'spanwise:document': { title: 5 } }))).toBe('Label')
  })

  it('is null for other formats, files without a usable title and files that do not parse', () => {
    expect(embeddedTitle('txt', JSON.stringify({ document: { title: 'No' } }))).toBeNull()
    expect(embeddedTitle('brat', 'T1\tEvent 0 1\tx')).toBeNull()
    expect(embeddedTitle('json', '{ not json')).toBeNull()
    expect(embeddedTitle('json', 'null')).toBeNull()
    expect(embeddedTitle('json', JSON.stringify({ document: { title: 42 } }))).toBeNull()
    expect(embeddedTitle('json', JSON.stringify({ document: { title: '   ' } }))).toBeNull()
    expect(embeddedTitle('json', JSON.stringify({ document: { title: 'x'.repeat(301) } }))).toBeNull()
    expect(embeddedTitle('json', JSON.stringify({ document: {} }))).toBeNull()
  })
})
