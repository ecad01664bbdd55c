import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { docToPlainText, textBlockToPlainText } from '../../../../editor/export/plain-text'
import { importPlainText, isHeadingLine, splitTextBlocks } from '../../../../editor/import/plain-text'

const seedText = readFileSync(join(process.cwd(), 'content', 'israel-russia-part-2.txt'), 'utf8')
const SEED_TITLE = 'Israel – Russia relations, Part II'

/** The seed's text as blocks: blank-line runs collapse to one separator, trailing blanks dropped. */
const normalisedBlocks = (text: string) => splitTextBlocks(text).map((lines) => lines.join('\n'))

describe('importPlainText on the seed article', () => {
  const doc = importPlainText(seedText, { title: SEED_TITLE })
  const headings = () => {
    const found: Array<[number, string]> = []
    doc.forEach((node) => {
      if (node.type.name === 'heading') found.push([node.attrs.level as number, node.textContent])
    })
    return found
  }

  it('makes the title a level-1 heading and the section lines level-2 headings', () => {
    expect(headings()).toEqual([
      [1, SEED_TITLE],
      [2, 'Part II of a series'],
      [2, '1.Israel – Russia relations'],
      [2, '2."Israeli, Saudi, and Emirati Officials Privately Pushed for Trump to Strike a "Grand Bargain" with Putin"'],
      [2, '3. It all began with a meeting at Trump Tower in late September, 2016.'],
      [2, '4.Israel – Russia Relations'],
      [2, 'Developments in the 2020s'],
      [2, 'Coalition against Iran and Turkey'],
    ])
  })

  it('keeps the text exactly: every block after the title is the source block, character for character', () => {
    const blocks: string[] = []
    doc.forEach((node, _offset, index) => {
      if (index > 0) blocks.push(textBlockToPlainText(node))
    })
    expect(blocks).toEqual(normalisedBlocks(seedText))
    expect(docToPlainText(doc)).toBe([SEED_TITLE, ...normalisedBlocks(seedText)].join('\n\n'))
    expect(doc.childCount).toBe(1 + seedText.trim().split(/\n\s*\n/).length)
    expect(doc.childCount).toBe(45)
  })

  it('keeps curly quotes, dashes, diacritics and references', () => {
    const text = docToPlainText(doc)
    for (const fragment of ['“master class”', 'Administration—Israel', 'Russia–United States', 'Erdoğan', '.[27]', 'Atlántida']) {
      expect(text).toContain(fragment)
    }
  })

  it('keeps the two Hebrew caption lines intact in one paragraph, split by a hard break', () => {
    const caption = doc.child(1)
    expect(caption.type.name).toBe('paragraph')
    const [first, second] = seedText.split('\n')
    expect(textBlockToPlainText(caption)).toBe(`${first}\n${second}`)
    expect(caption.child(1).type.name).toBe('hard_break')
    expect(first).toMatch(/^[\u0590-\u05FF]/)
  })
})

describe('importPlainText rules', () => {
  it('uses a heading-like first line as the title when no title is given', () => {
    const doc = importPlainText('Field notes\n\nBody text here.\n\nNext section\n\nMore.')
    expect(doc.toJSON()).toEqual({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Field notes' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Body text here.' }] },
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Next section' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'More.' }] },
      ],
    })
  })

  it('treats CRLF like LF and gives empty input one empty paragraph', () => {
    expect(docToPlainText(importPlainText('one.\r\ntwo.\r\n\r\nthree.'))).toBe('one.\ntwo.\n\nthree.')
    expect(importPlainText('').toJSON()).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] })
  })

  it.each([
    ['1.Israel – Russia relations', true],
    ['Developments in the 2020s', true],
    ['Coalition against Iran and Turkey', true],
    ['3. It all began with a meeting at Trump Tower in late September, 2016.', true],
    ['(Part I - click here: Can Russia be induced to veto UNSC resolutions inimical to Israel)', false],
    ['Note: Much of the data in the above article is on Wikipedia.', false],
    ['In response,', false],
    ['חביבות כמערה לחוסר ענייין', false],
    ['lower-case start', false],
  ])('isHeadingLine(%j) is %s', (line, expected) => {
    expect(isHeadingLine(line)).toBe(expected)
  })
})
