import type { Node as PMNode } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { MAX_FIND_MATCHES, readFindQuery, type FindQuery } from '../../../../editor/model/find-text'
import { createBlockMatchCache, findInDocument, matchIndexFrom } from '../../../../editor/plugins/find-matches'
import { schema } from '../../../../editor/schema'
import { seedDocument, seedText } from '../model/support/seed'

const { paragraph, heading, blockquote, hard_break: hardBreak } = schema.nodes
const strong = schema.marks.strong.create()
const em = schema.marks.em.create()
const text = (value: string, marks = [] as ReturnType<typeof schema.marks.em.create>[]) => schema.text(value, marks)
const doc = (...blocks: PMNode[]) => schema.node('doc', null, blocks)

function queryOf(value: string, matchCase = false): FindQuery {
  const read = readFindQuery(value, matchCase)
  if (read.kind !== 'query') throw new Error(`not a query: ${read.kind}`)
  return read.query
}

/** The text of each match, as the document has it. */
function found(document: PMNode, value: string, matchCase = false, limit = MAX_FIND_MATCHES): string[] {
  return findInDocument(document, queryOf(value, matchCase), limit, createBlockMatchCache()).matches.map(({ from, to }) => document.textBetween(from, to))
}

describe('findInDocument', () => {
  it('finds a query across marks within a block, at the positions of its text', () => {
    const document = doc(paragraph.create(null, [text('Vladimir Put'), text('in', [strong]), text(' met '), text('Netanyahu', [em])]))
    expect(found(document, 'putin met net')).toEqual(['Putin met Net'])
    const [match] = findInDocument(document, queryOf('Putin'), 10, createBlockMatchCache()).matches
    expect(match).toEqual({ from: 10, to: 15 })
  })

  it('never matches across two blocks or a hard break', () => {
    const document = doc(
      heading.create({ level: 2 }, text('Moscow')),
      paragraph.create(null, text('talks')),
      paragraph.create(null, [text('line one'), hardBreak.create(), text('line two')]),
      blockquote.create(null, paragraph.create(null, text('quoted Moscow'))),
    )
    expect(found(document, 'moscowtalks')).toEqual([])
    expect(found(document, 'moscow talks')).toEqual([])
    expect(found(document, 'oneline')).toEqual([])
    expect(found(document, 'one line')).toEqual([])
    // A query pasted with the character that stands for the hard break does not match across it either.
    expect(found(document, 'one\uFFFCline')).toEqual([])
    expect(found(document, '\uFFFC')).toEqual([])
    expect(found(document, 'line')).toEqual(['line', 'line'])
    expect(found(document, 'moscow')).toEqual(['Moscow', 'Moscow'])
  })

  it('matches case only when asked, and finds curly quotes with straight ones', () => {
    const document = doc(paragraph.create(null, text('“Russia’s interests,” said RUSSIA’s envoy.')))
    expect(found(document, "russia's")).toEqual(['Russia’s', 'RUSSIA’s'])
    expect(found(document, "Russia's", true)).toEqual(['Russia’s'])
    expect(found(document, '"russia')).toEqual(['“Russia'])
  })

  it('finds right-to-left text (the Hebrew caption of the seed) at its own positions', () => {
    const document = seedDocument()
    expect(found(document, 'פוטין')).toEqual(['פוטין', 'פוטין'])
    expect(found(document, 'פגישת פוטין-נתניהו')).toEqual(['פגישת פוטין-נתניהו', 'פגישת פוטין-נתניהו'])
  })

  it('counts every occurrence in the seed article, as a plain count of its text does', () => {
    expect(found(seedDocument(), 'putin')).toHaveLength(seedText.match(/putin/gi)!.length)
    expect(found(seedDocument(), 'Russia')).toHaveLength(seedText.split('Russia').length - 1)
  })

  it('treats pattern characters as text', () => {
    const document = doc(paragraph.create(null, text('a.*(b) [x]+ $1 \\')))
    expect(found(document, '.*(')).toEqual(['.*('])
    expect(found(document, '[x]+')).toEqual(['[x]+'])
    expect(found(document, '$1 \\')).toEqual(['$1 \\'])
    expect(found(document, '.+')).toEqual([])
  })

  it('stops at the limit and says there are more; not when there are exactly as many', () => {
    const many = doc(paragraph.create(null, text('ab '.repeat(1500))), paragraph.create(null, text('ab')))
    const capped = findInDocument(many, queryOf('ab'), 1000, createBlockMatchCache())
    expect(capped.matches).toHaveLength(1000)
    expect(capped.capped).toBe(true)
    const exact = findInDocument(doc(paragraph.create(null, text('ab '.repeat(1000)))), queryOf('ab'), 1000, createBlockMatchCache())
    expect([exact.matches.length, exact.capped]).toEqual([1000, false])
  })

  it('searches again only the blocks an edit replaced, and finds the same as a fresh search', () => {
    const first = paragraph.create(null, text('Putin in Sochi.'))
    const second = paragraph.create(null, text('Putin and Putin.'))
    const before = doc(first, second)
    const query = queryOf('putin')
    const cache = createBlockMatchCache()
    findInDocument(before, query, 1000, cache)
    // A stale entry for the unchanged block would be used as it is: plant one to show it is.
    cache.set(first, [0, 6])
    const after = doc(first, paragraph.create(null, text('Putin, Putin and Putin.')))
    expect(findInDocument(after, query, 1000, cache).matches.map((match) => match.from)).toEqual([1, 7, 18, 25, 35])
    expect(findInDocument(after, query, 1000, createBlockMatchCache()).matches.map((match) => match.from)).toEqual([1, 18, 25, 35])
  })
})

describe('matchIndexFrom', () => {
  const matches = [5, 20, 40].map((from) => ({ from, to: from + 3 }))

  it('is the first match at or after a position, wrapping to the first after the last', () => {
    expect([0, 5, 6, 20, 39, 40, 41].map((pos) => matchIndexFrom(matches, pos))).toEqual([0, 0, 1, 1, 2, 2, 0])
    expect(matchIndexFrom([], 3)).toBe(-1)
  })
})
