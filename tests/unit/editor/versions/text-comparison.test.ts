import { describe, expect, it } from 'vitest'
import { DEFAULT_DIFF_BUDGET, DiffBudget } from '../../../../editor/versions/sequence-diff'
import { compareBlocks, compareWords, tokenize, type TextBlock } from '../../../../editor/versions/text-comparison'

const p = (text: string): TextBlock => ({ type: 'paragraph', text })
const h = (level: number, text: string): TextBlock => ({ type: 'heading', level, text })

describe('tokenize', () => {
  it('splits words, white space and single punctuation marks, and joins back into the text', () => {
    const text = "Putin’s “deal” — in 2016, isn't it?\nחביבות כמעטה"
    expect(tokenize(text)).toEqual(['Putin’s', ' ', '“', 'deal', '”', ' ', '—', ' ', 'in', ' ', '2016', ',', ' ', "isn't", ' ', 'it', '?', '\n', 'חביבות', ' ', 'כמעטה'])
    expect(tokenize(text).join('')).toBe(text)
  })

  it('keeps Hebrew points and astral characters whole', () => {
    const text = 'שָׁלוֹם 𝔘nicode 🎉!'
    expect(tokenize(text)).toEqual(['שָׁלוֹם', ' ', '𝔘nicode', ' ', '🎉', '!'])
    expect(tokenize(text).join('')).toBe(text)
  })
})

describe('compareWords', () => {
  it('marks replaced words as one change, white space between them included', () => {
    expect(compareWords('The big cat sat on the mat.', 'The small dog sat on the mat!')).toEqual({
      segments: [
        { kind: 'same', text: 'The ' },
        { kind: 'deleted', text: 'big cat' },
        { kind: 'inserted', text: 'small dog' },
        { kind: 'same', text: ' sat on the mat' },
        { kind: 'deleted', text: '.' },
        { kind: 'inserted', text: '!' },
      ],
      insertedWords: 2,
      deletedWords: 2,
    })
  })

  it('compares Hebrew and curly quotes word by word', () => {
    expect(compareWords('פגישת פוטין-נתניהו “בסוצ׳י”', 'פגישת פוטין-נתניהו “במוסקבה”').segments).toEqual([
      { kind: 'same', text: 'פגישת פוטין-נתניהו “' },
      { kind: 'deleted', text: 'בסוצ׳י' },
      { kind: 'inserted', text: 'במוסקבה' },
      { kind: 'same', text: '”' },
    ])
    expect(compareWords('He said “yes”.', 'He said ‘no’.').segments).toEqual([
      { kind: 'same', text: 'He said ' },
      { kind: 'deleted', text: '“yes”' },
      { kind: 'inserted', text: '‘no’' },
      { kind: 'same', text: '.' },
    ])
  })

  it('counts only words, not spaces or punctuation', () => {
    expect(compareWords('', 'Hello, world!')).toEqual({ segments: [{ kind: 'inserted', text: 'Hello, world!' }], insertedWords: 2, deletedWords: 0 })
    expect(compareWords('Gone — now.', '')).toEqual({ segments: [{ kind: 'deleted', text: 'Gone — now.' }], insertedWords: 0, deletedWords: 2 })
    expect(compareWords('', '')).toEqual({ segments: [], insertedWords: 0, deletedWords: 0 })
    expect(compareWords('Same text.', 'Same text.')).toEqual({ segments: [{ kind: 'same', text: 'Same text.' }], insertedWords: 0, deletedWords: 0 })
  })
})

describe('compareBlocks', () => {
  it('keeps identical documents (and two empty ones) unchanged', () => {
    const blocks = [h(1, 'Title'), p('One.'), p('')]
    expect(compareBlocks(blocks, blocks)).toEqual({
      blocks: [
        { kind: 'same', type: 'heading', level: 1, segments: [{ kind: 'same', text: 'Title' }] },
        { kind: 'same', type: 'paragraph', segments: [{ kind: 'same', text: 'One.' }] },
        { kind: 'same', type: 'paragraph', segments: [] },
      ],
      insertedWords: 0,
      deletedWords: 0,
    })
    expect(compareBlocks([], [])).toEqual({ blocks: [], insertedWords: 0, deletedWords: 0 })
  })

  it('shows a document emptied or written from nothing as whole blocks', () => {
    expect(compareBlocks([], [p('New words here.')])).toEqual({
      blocks: [{ kind: 'inserted', type: 'paragraph', segments: [{ kind: 'inserted', text: 'New words here.' }] }],
      insertedWords: 3,
      deletedWords: 0,
    })
    expect(compareBlocks([p('Old words.')], []).blocks).toEqual([{ kind: 'deleted', type: 'paragraph', segments: [{ kind: 'deleted', text: 'Old words.' }] }])
  })

  it('pairs an edited block with its old self, and shows new and removed blocks whole, in order', () => {
    const before = [h(1, 'Israel – Russia relations'), p('Putin met Netanyahu in Sochi.'), p('A paragraph that goes away.'), p('The end.')]
    const after = [h(1, 'Israel – Russia relations'), p('A brand new opening paragraph.'), p('Putin met Netanyahu in Moscow.'), p('The end.')]
    const { blocks, insertedWords, deletedWords } = compareBlocks(before, after)
    expect(blocks.map((block) => block.kind)).toEqual(['same', 'inserted', 'changed', 'deleted', 'same'])
    expect(blocks[2].segments).toEqual([
      { kind: 'same', text: 'Putin met Netanyahu in ' },
      { kind: 'deleted', text: 'Sochi' },
      { kind: 'inserted', text: 'Moscow' },
      { kind: 'same', text: '.' },
    ])
    expect([insertedWords, deletedWords]).toEqual([5 + 1, 1 + 5])
  })

  it('says when a block changed kind, its text kept', () => {
    expect(compareBlocks([p('Part II')], [h(2, 'Part II')]).blocks).toEqual([
      { kind: 'changed', type: 'heading', level: 2, segments: [{ kind: 'same', text: 'Part II' }], was: { type: 'paragraph' } },
    ])
  })

  it('keeps hard breaks ("\\n") inside a block', () => {
    const { blocks } = compareBlocks([p('Line one\nline two')], [p('Line one\nline 2')])
    expect(blocks[0].segments).toEqual([
      { kind: 'same', text: 'Line one\nline ' },
      { kind: 'deleted', text: 'two' },
      { kind: 'inserted', text: '2' },
    ])
  })

  it('compares a large document with a few edits quickly', () => {
    const before = Array.from({ length: 5000 }, (_, index) => p(`Paragraph ${index}: the talks in Sochi lasted “three hours” — officials said, and nothing else happened.`))
    const after = before.map((block, index) => (index % 1000 === 500 ? p(block.text.replace('three', 'four')) : block))
    after.splice(2500, 0, p('An inserted paragraph.'))
    const started = performance.now()
    const { blocks, insertedWords, deletedWords } = compareBlocks(before, after)
    expect(performance.now() - started).toBeLessThan(1500)
    expect(blocks.filter((block) => block.kind === 'changed')).toHaveLength(5)
    expect(blocks.filter((block) => block.kind === 'inserted')).toHaveLength(1)
    expect([insertedWords, deletedWords]).toEqual([5 + 3, 5])
  })

  it('compares two large, entirely different documents without running away', () => {
    const before = Array.from({ length: 3000 }, (_, index) => p(`Old paragraph number ${index} with some words.`))
    const after = Array.from({ length: 3000 }, (_, index) => p(`Completely fresh text ${index * 7} elsewhere.`))
    const started = performance.now()
    const { blocks } = compareBlocks(before, after)
    expect(performance.now() - started).toBeLessThan(5000)
    expect(blocks.length).toBeGreaterThanOrEqual(3000)
  })

  it('shares one work budget across all the blocks of a comparison, falling back to whole-block changes once spent', () => {
    // 40 blocks of 2,500 words, each block's words reversed: every block needs a costly word diff.
    const words = Array.from({ length: 2500 }, (_, index) => `w${index}`)
    const before = Array.from({ length: 40 }, (_, block) => p(words.map((word) => `${word}b${block}`).join(' ')))
    const after = before.map((block) => p(block.text.split(' ').reverse().join(' ')))
    const budget = new DiffBudget()
    const { blocks } = compareBlocks(before, after, budget)
    // The whole comparison does at most one budget's work (each block used to get a budget of its own: 40×).
    expect(budget.spent).toBeGreaterThan(0)
    expect(budget.spent).toBeLessThanOrEqual(DEFAULT_DIFF_BUDGET)
    expect(blocks).toHaveLength(40)
    // Still a correct comparison: each block's old text is its same + deleted segments, its new text its same + inserted ones.
    blocks.forEach((block, index) => {
      expect(block.kind).toBe('changed')
      const text = (kinds: string[]) =>
        block.segments
          .filter((segment) => kinds.includes(segment.kind))
          .map((segment) => segment.text)
          .join('')
      expect(text(['same', 'deleted'])).toBe(before[index].text)
      expect(text(['same', 'inserted'])).toBe(after[index].text)
    })
    // Blocks compared after the budget ran out are one deletion and one insertion.
    expect(blocks.at(-1)!.segments.map((segment) => segment.kind)).toEqual(['deleted', 'inserted'])
  })

  it('compares blocks whole (past their common start and end) with a spent budget', () => {
    const { blocks } = compareBlocks([p('Talks lasted three hours, officials said.')], [p('Talks lasted four hours, they said.')], new DiffBudget(0))
    expect(blocks[0].segments).toEqual([
      { kind: 'same', text: 'Talks lasted ' },
      { kind: 'deleted', text: 'three hours, officials' },
      { kind: 'inserted', text: 'four hours, they' },
      { kind: 'same', text: ' said.' },
    ])
    expect(compareBlocks([p('Talks lasted three hours, officials said.')], [p('Talks lasted four hours, they said.')]).blocks[0].segments.length).toBeGreaterThan(4)
  })
})
