import { describe, expect, it } from 'vitest'
import { takeSnapshot } from '../../../../../editor/export/snapshot'
import { ImportFormatError } from '../../../../../editor/import'
import { importBrat } from '../../../../../editor/import/annotated/brat'
import { encodeAnnotatedDocument } from '../../../../../editor/import/annotated/build-document'
import { sourceFromFiles } from '../../../../../editor/import/import-files'
import { zipSync, strToU8 } from 'fflate'

const META = { title: 'brat', createdAt: '2026-11-25T10:00:00.000Z' }
// Code point offsets: "😀" is one code point (two UTF-16 units), so "Putin" starts at 2.
const TEXT = '😀 Putin met Erdoğan.\n\nThey agreed.'
const ANN = [
  'T1\tEvent 2 20\tPutin met Erdoğan.',
  'T2\tClaim 12 20;22 34\tErdoğan. They agreed.',
  'T3\tQuote 22 26\tThey',
  'A1\tVerdict T2 misleading',
  'A2\tParaphrase T3',
  '#1\tAnnotatorNotes T1\tmet in Sochi',
  'R1\tRelated Arg1:T1 Arg2:T2',
  '',
].join('\n')

describe('brat import', () => {
  it('reads T, A and AnnotatorNotes lines with code point offsets and discontinuous spans', () => {
    const source = importBrat(TEXT, ANN)
    const { update, report } = encodeAnnotatedDocument(source, META)
    expect(report).toEqual({ imported: 3, reanchored: [], skipped: [], droppedLinks: [] })
    const snapshot = takeSnapshot('d', update)
    expect(snapshot.annotations.map((a) => ({ id: a.id, type: a.type, exact: a.exact, attrs: a.attrs, note: a.note }))).toEqual([
      { id: 'T1', type: 'event', exact: 'Putin met Erdoğan.', attrs: {}, note: 'met in Sochi' },
      { id: 'T2', type: 'claim', exact: 'Erdoğan.\n\nThey agreed.', attrs: { verdict: 'misleading' }, note: undefined },
      { id: 'T3', type: 'quote', exact: 'They', attrs: { paraphrase: true }, note: undefined },
    ])
  })

  it('re-anchors an entry whose offsets do not hold its text by the text itself', () => {
    const { update, report } = encodeAnnotatedDocument(importBrat(TEXT, 'T1\tClaim 0 4\tThey agreed\n'), META)
    expect(report.reanchored).toEqual([{ id: 'T1', exact: 'They agreed' }])
    expect(takeSnapshot('d', update).annotations[0].exact).toBe('They agreed')
  })

  it('refuses malformed lines, naming the line', () => {
    expect(() => importBrat(TEXT, 'T1\tClaim 2 x\tPutin')).toThrow('line 1: malformed text-bound annotation (expected "T1\\tType start end\\ttext")')
    expect(() => importBrat(TEXT, 'T1\tRumour 2 7\tPutin')).toThrow('line 1: unknown entity type "Rumour" (expected Event, Quote or Claim)')
    expect(() => importBrat(TEXT, 'T1\tClaim 2 7\tPutin\nA1\tVerdict T9 false')).toThrow('line 2: refers to T9, which is not defined')
    expect(() => importBrat(TEXT, 'T1\tClaim 2 7\tPutin\nA1\tVerdict T1 maybe')).toThrow(/^line 2: unknown verdict "maybe"/)
    expect(() => importBrat(TEXT, 'T1\tClaim 2 99\tPutin')).toThrow(ImportFormatError)
    expect(() => importBrat(TEXT, 'X1\tsomething')).toThrow('line 1: unknown annotation kind "X1\tsomething"')
  })

  it('takes a brat pair or the exported zip as picked files', () => {
    const files = [
      { name: 'doc.ann', bytes: strToU8(ANN) },
      { name: 'doc.txt', bytes: strToU8(TEXT) },
    ]
    expect(sourceFromFiles(files)).toEqual({ format: 'brat', source: ANN, text: TEXT })
    const zip = zipSync({ 'doc.txt': strToU8(TEXT), 'doc.ann': strToU8(ANN), 'annotation.conf': strToU8('[entities]\n') })
    expect(sourceFromFiles([{ name: 'doc.zip', bytes: zip }])).toEqual({ format: 'brat', source: ANN, text: TEXT })
    expect(() => sourceFromFiles([{ name: 'doc.ann', bytes: strToU8(ANN) }])).toThrow('files: a brat import needs both the .ann file and its .txt')
    expect(() => sourceFromFiles([{ name: 'doc.zip', bytes: strToU8('not a zip') }])).toThrow(/^doc\.zip: not a readable zip file/)
    expect(sourceFromFiles([{ name: 'notes.json', bytes: strToU8('{}') }])).toEqual({ format: 'json', source: '{}' })
  })
})
