import { describe, expect, it } from 'vitest'
import { pastedTextSource, titleOfPastedText } from '../../../../editor/import/pasted-text'
import { importPlainText } from '../../../../editor/import/plain-text'

describe('pasted text', () => {
  it('keeps paragraphs separated by blank lines, and line breaks inside them', () => {
    expect(pastedTextSource('Title\r\n\r\nFirst paragraph,\r\nsecond line.\r\n\r\nSecond paragraph.  \r\n\r\n')).toBe(
      'Title\n\nFirst paragraph,\nsecond line.\n\nSecond paragraph.',
    )
  })

  it('makes each line a paragraph when the text has no blank line (copied from a web page)', () => {
    expect(pastedTextSource('\n\nIsrael – Russia relations\nThe relationship saw little improvement.\nחביבות כמעטה לחוסר עניין\n')).toBe(
      'Israel – Russia relations\n\nThe relationship saw little improvement.\n\nחביבות כמעטה לחוסר עניין',
    )
  })

  it('reads as blocks through the txt import', () => {
    const doc = importPlainText(pastedTextSource('Heading line\nA sentence that ends.\nAnother one.'))
    expect(doc.childCount).toBe(3)
    expect(doc.child(1).textContent).toBe('A sentence that ends.')
  })

  it('takes its title from the first line, cut at a word', () => {
    expect(titleOfPastedText('Israel – Russia relations\n\nBody')).toBe('Israel – Russia relations')
    const long = `${'word '.repeat(40)}end`
    const title = titleOfPastedText(long)
    expect(title.length).toBeLessThanOrEqual(121)
    expect(title.endsWith('word…')).toBe(true)
    expect(titleOfPastedText('')).toBe('')
  })
})
