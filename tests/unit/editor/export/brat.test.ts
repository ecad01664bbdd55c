import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { BRAT_ANNOTATION_CONF, bratFragments, toBratAnn, toBratFiles } from '../../../../editor/export/brat'
import { exportDocument } from '../../../../editor/export/index'
import { checkWithPython } from './support/brat-python'
import { optionsFor, parseBratEntities } from './support/exactness'
import { loadAstralFixture, loadSeedFixture } from './support/fixtures'
import { handSnapshot } from './support/hand-snapshot'

const seed = loadSeedFixture().snapshot
const astral = loadAstralFixture().snapshot

describe('brat: standoff .txt, .ann and annotation.conf, zipped', () => {
  it('ships the text, the annotations and a configuration declaring the types and attributes', () => {
    const files = toBratFiles(seed, {})
    expect(Object.keys(files)).toEqual(['israel-russia-part-2.txt', 'israel-russia-part-2.ann', 'israel-russia-part-2.ids.tsv', 'annotation.conf'])
    expect(files['israel-russia-part-2.txt']).toBe(seed.text)
    expect(files['annotation.conf']).toBe(
      [
        '[entities]',
        'Event',
        'Quote',
        'Claim',
        '',
        '[relations]',
        'Supports\tArg1:<ENTITY>, Arg2:<ENTITY>',
        'Contradicts\tArg1:<ENTITY>, Arg2:<ENTITY>',
        'Quotes\tArg1:<ENTITY>, Arg2:<ENTITY>',
        'Same_event_as\tArg1:<ENTITY>, Arg2:<ENTITY>',
        'Cites\tArg1:<ENTITY>, Arg2:<ENTITY>',
        'Mentions\tArg1:<ENTITY>, Arg2:<ENTITY>',
        '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
        '',
        '[events]',
        '',
        '[attributes]',
        'Verdict\tArg:Claim, Value:supported|disputed|false|misleading|unverifiable',
        'Paraphrase\tArg:Quote',
        '',
      ].join('\n'),
    )
    expect(BRAT_ANNOTATION_CONF).toBe(files['annotation.conf'])
  })

  it('writes T lines in code points, spans over line breaks as fragments, A lines and AnnotatorNotes with the other attributes', () => {
    const ann = toBratAnn(seed, {}).split('\n')
    expect(ann.slice(0, 7)).toEqual([
      'T1\tClaim 36 80;81 105\tחביבות כמעטה לחוסר עניין. פגישת פוטין-נתניהו חביבות כמעטה לחוסר עניין',
      "#1\tAnnotatorNotes T1\tSpans the caption's line break. ¦ summary: Friendliness as a cover for a lack of interest ¦ claimant: Photo caption",
      'T2\tEvent 62 80\tפגישת פוטין-נתניהו',
      '#2\tAnnotatorNotes T2\t¦ participants: Vladimir Putin ¦ participants: Benjamin Netanyahu ¦ summary: Putin–Netanyahu meeting (photo)',
      'T3\tClaim 475 509\tVladimir Putin was elected in 2001',
      'A1\tVerdict T3 false',
      '#3\tAnnotatorNotes T3\tCheck the CEC archive. Second line with a tab. ¦ summary: Putin was elected in 2001 ¦ claimant: Article author ¦ rationale: Putin was first elected President of Russia on 26 March 2000. ¦ evidence: https://en.wikipedia.org/wiki/2000_Russian_presidential_election',
    ])
    expect(ann).toContain('#7\tAnnotatorNotes T7\t¦ date: 2011 ¦ speaker: Vladimir Putin')
    expect(ann).toContain('#12\tAnnotatorNotes T12\t¦ date: 2014-02 ¦ endDate: 2014-03-18 ¦ place: Crimea ¦ participants: Russia ¦ participants: Ukraine')
    expect(ann).toContain(
      'T24\tClaim 3592 3739;3741 3794\tmight be interested in resolving the conflict in Syria in exchange for the lifting of sanctions imposed in response to Russia’s actions in Ukraine. Current and former U.S. officials said that bin Zayed',
    )
    expect(ann).toContain('A3\tParaphrase T10')
    expect(ann).toContain('T28\tQuote 4596 4610\t“master class”')
    expect(ann.filter((line) => line.startsWith('T'))).toHaveLength(36)
    // The detached annotation keeps its number (T32) unused: numbers follow creation order.
    expect(ann.filter((line) => /^T3[123]\t/.test(line)).map((line) => line.split('\t')[0])).toEqual(['T31', 'T33'])
    expect(ann.join('\n')).not.toContain('airstrikes')
    expect(ann.at(-1)).toBe('')
  })

  it('counts astral characters as one, keeps combining marks and tabs; a span whose first words were deleted starts in the next block', () => {
    const ann = toBratAnn(astral, {})
    expect(ann.split('\n')).toEqual(
      expect.arrayContaining([
        'T5\tQuote 45 47\t👍🏽',
        'A1\tParaphrase T5',
        'T7\tClaim 64 73;74 84\tone line, then cafe\u0301',
        '#5\tAnnotatorNotes T8\t¦ place: Caf\u00e9\u0301 «e + U+0301»',
        'T10\tClaim 94 107;109 115\tside by side. שלום 😀',
        'A3\tVerdict T10 misleading',
        'T11\tEvent 109 113\tשלום',
        'T12\tQuote 109 120\tשלום 😀 עולם',
        '#8\tAnnotatorNotes T12\tעברית  with CRLF in the note ¦ speaker: דוד',
        'T16\tEvent 154 159\t👨‍👩‍👧',
        '#10\tAnnotatorNotes T16\t¦ participants: 👨 ¦ participants: 👩 ¦ participants: 👧',
        'T17\tClaim 166 176\ttab\tinside',
        'T18\tEvent 184 185\t𝔘',
      ]),
    )
    expect(parseBratEntities(ann)).toHaveLength(18)
  })

  it('reads back in Python: fragments are str slices without line breaks and match the text field', () => {
    expect(checkWithPython(seed)).toEqual({ status: 0, output: '{"entities":36,"notes":36,"relations":0}' })
    expect(checkWithPython(astral)).toEqual({ status: 0, output: '{"entities":18,"notes":11,"relations":0}' })
  })

  it('splits fragments at every line break Python knows, never leaving empty fragments', () => {
    const text = 'ab\n\ncd\r\nef\u2028gh\n'
    expect(bratFragments(text, 0, text.length)).toEqual([
      { start: 0, end: 2 },
      { start: 4, end: 6 },
      { start: 8, end: 10 },
      { start: 11, end: 13 },
    ])
    expect(bratFragments(text, 2, 4)).toEqual([])
    expect(toBratAnn(handSnapshot('a\n\nb', [['only-break', 'event', 1, 3]]), {})).toBe('')
  })

  it('zips the four files reproducibly as application/zip', () => {
    const result = exportDocument(seed, optionsFor('brat'))
    expect([result.contentType, result.extension]).toEqual(['application/zip', 'zip'])
    const unzipped = unzipSync(result.body as Uint8Array)
    expect(Object.fromEntries(Object.entries(unzipped).map(([name, bytes]) => [name, strFromU8(bytes)]))).toEqual(toBratFiles(seed, {}))
    expect(exportDocument(seed, optionsFor('brat')).body).toEqual(result.body)
  })
})
