import { describe, expect, it } from 'vitest'
import { excerptAround, findOffsets, foldForFind, LEAF_TEXT, MAX_FIND_QUERY_LENGTH, readFindQuery, sameFindQuery, truncateForDisplay } from '../../../../editor/model/find-text'

const needleOf = (text: string, matchCase = false) => {
  const read = readFindQuery(text, matchCase)
  if (read.kind !== 'query') throw new Error(`not a query: ${read.kind}`)
  return read.query.needle
}

describe('foldForFind', () => {
  it('compares curly quotes as straight ones and no-break spaces as spaces, in lower case unless matching case', () => {
    expect(foldForFind('“Russia’s” Putin\u00A0said', false)).toBe(`"russia's" putin said`)
    expect(foldForFind('“Russia’s” Putin\u00A0said', true)).toBe(`"Russia's" Putin said`)
  })

  it('keeps every offset: a character whose lower case is longer becomes its first letter (İ as i)', () => {
    const text = 'İstanbul ΟΔΟΣ Erdoğan'
    const folded = foldForFind(text, false)
    expect(folded).toHaveLength(text.length)
    expect(folded).toBe('istanbul οδοσ erdoğan')
    expect(foldForFind('İ', true)).toBe('İ')
  })

  it('finds İstanbul as istanbul and istanbul as İstanbul, unless matching case', () => {
    const folded = foldForFind('İstanbul, istanbul, ISTANBUL', false)
    expect(findOffsets(folded, needleOf('istanbul'), 10)).toEqual([0, 10, 20])
    expect(findOffsets(folded, needleOf('İstanbul'), 10)).toEqual([0, 10, 20])
    expect(findOffsets(foldForFind('İstanbul, istanbul', true), needleOf('istanbul', true), 10)).toEqual([10])
  })

  it('leaves Hebrew (no case) and astral characters as they are', () => {
    expect(foldForFind('פגישת פוטין-נתניהו 𝒳', false)).toBe('פגישת פוטין-נתניהו 𝒳')
  })
})

describe('readFindQuery', () => {
  it('reads an empty field as nothing to search, and folds the query as the text is folded', () => {
    expect(readFindQuery('', false)).toEqual({ kind: 'empty' })
    expect(readFindQuery('Russia’s', false)).toEqual({ kind: 'query', query: { text: 'Russia’s', matchCase: false, needle: "russia's" } })
  })

  it('refuses a query over the limit with a message saying how long it is, at once even for 100,000 characters', () => {
    expect(readFindQuery('x'.repeat(MAX_FIND_QUERY_LENGTH), false).kind).toBe('query')
    const started = performance.now()
    expect(readFindQuery('x'.repeat(100_000), false)).toEqual({ kind: 'too-long', message: 'Too long to search: 100,000 characters (at most 500).' })
    expect(performance.now() - started).toBeLessThan(50)
  })
})

describe('sameFindQuery', () => {
  it('compares queries by their text and case, not by identity', () => {
    const query = (text: string, matchCase = false) => readFindQuery(text, matchCase)
    const [a, b, c, d] = [query('Putin'), query('Putin'), query('Putin', true), query('putin')].map((read) => (read.kind === 'query' ? read.query : null))
    expect(sameFindQuery(a, b)).toBe(true)
    expect(sameFindQuery(a, c)).toBe(false)
    expect(sameFindQuery(a, d)).toBe(false)
    expect(sameFindQuery(a, null)).toBe(false)
    expect(sameFindQuery(null, null)).toBe(true)
  })
})

describe('findOffsets', () => {
  it('finds the query as literal text, never as a pattern', () => {
    const text = foldForFind('a.*(b and a.*( again; (?<x>) [a-z]+ \\d', false)
    expect(findOffsets(text, needleOf('.*('), 10)).toEqual([1, 11])
    expect(findOffsets(text, needleOf('(?<x>)'), 10)).toEqual([22])
    expect(findOffsets(text, needleOf('[a-z]+'), 10)).toEqual([29])
    expect(findOffsets(text, needleOf('\\d'), 10)).toEqual([36])
    expect(findOffsets(foldForFind('plain text', false), needleOf('.*'), 10)).toEqual([])
  })

  it('matches nothing with a query holding the hard-break stand-in (U+FFFC, pasted)', () => {
    expect(findOffsets(`line a${LEAF_TEXT}b line`, needleOf(`a${LEAF_TEXT}b`), 10)).toEqual([])
    expect(findOffsets(`a${LEAF_TEXT}b`, needleOf(LEAF_TEXT), 10)).toEqual([])
  })

  it('finds matches that do not overlap, from the start, at most `limit`', () => {
    expect(findOffsets('aaaaa', 'aa', 10)).toEqual([0, 2])
    expect(findOffsets('ab ab ab ab', 'ab', 3)).toEqual([0, 3, 6])
    expect(findOffsets('anything', '', 10)).toEqual([])
  })

  it('matches case only when asked', () => {
    const text = 'Putin met putin'
    expect(findOffsets(foldForFind(text, false), needleOf('PUTIN'), 10)).toEqual([0, 10])
    expect(findOffsets(foldForFind(text, true), needleOf('Putin', true), 10)).toEqual([0])
  })
})

describe('excerptAround', () => {
  it('shows the match with text around it on one line, "…" where text was left out', () => {
    const text = `${'x'.repeat(60)} the Kremlin\nsaid so ${'y'.repeat(60)}`
    const at = text.indexOf('Kremlin')
    expect(excerptAround(text, at, 7, 10)).toEqual({ before: '…xxxxx the ', match: 'Kremlin', after: ' said so y…' })
    expect(excerptAround('short Kremlin', 6, 7)).toEqual({ before: 'short ', match: 'Kremlin', after: '' })
  })

  it('drops the bidi controls and control characters a hostile value could use, and never splits a surrogate pair', () => {
    const hostile = 'ok \u202Eevil\u202C \u0007bell match'
    const excerpt = excerptAround(hostile, hostile.indexOf('match'), 5)
    expect(excerpt.before).toBe('ok evil bell ')
    const astral = '𝒳𝒳𝒳𝒳 word'
    const cut = excerptAround(astral, astral.indexOf('word'), 4, 4)
    expect(cut.before).toBe('…𝒳 ')
    expect([...cut.before].every((char) => char.length === 2 || char.codePointAt(0)! < 0xd800 || char.codePointAt(0)! > 0xdfff)).toBe(true)
  })

  it('cuts a very long match', () => {
    const text = 'z'.repeat(500)
    expect(excerptAround(text, 0, 500, 10)).toEqual({ before: '', match: `${'z'.repeat(20)}…`, after: '' })
  })
})

describe('truncateForDisplay', () => {
  it('puts the text on one line and cuts it with "…", never half a surrogate pair', () => {
    expect(truncateForDisplay('  one\n\ntwo  ', 20)).toBe('one two')
    expect(truncateForDisplay('abcdefghij', 5)).toBe('abcd…')
    expect(truncateForDisplay('abc𝒳𝒳𝒳', 5)).toBe('abc…')
  })
})
