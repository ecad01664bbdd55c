import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { exportJson } from '../../../../../editor/export/json'
import { takeSnapshot } from '../../../../../editor/export/snapshot'
import type { ExportOptions } from '../../../../../editor/export/options'
import { buildInitialState, documentSourceSchema, ImportFormatError } from '../../../../../editor/import'
import { encodeAnnotatedDocument } from '../../../../../editor/import/annotated/build-document'
import { importNativeJson } from '../../../../../editor/import/annotated/native-json'
import { nodeHtmlParser } from '../../../../../editor/import/node-html-parser'

const META = { title: 'Round trip', createdAt: '2026-11-25T10:00:00.000Z' }
const TEXT = 'Heading 😀\n\nIn 2011, Putin said: “Israel is special.”\nA line 𝔘 later.\n\nLast paragraph, café.'
const OPTIONS = (offsets: 'codepoint' | 'utf16'): ExportOptions => ({ format: 'json', offsets, unit: 'document' })

function nativeFile(annotations: unknown[], offsetUnit = 'utf16', text = TEXT) {
  return JSON.stringify({ format: 'spanwise', version: 1, offsetUnit, document: { title: 'T' }, text, annotations })
}

const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle })

function exportOf(update: Uint8Array, offsets: 'codepoint' | 'utf16') {
  return JSON.parse(exportJson(takeSnapshot('doc', update), OPTIONS(offsets)).body as string)
}

/** An export without what may differ between two documents: ids and times. */
function comparable(exported: { annotations: Array<Record<string, unknown>> }) {
  return { ...exported, document: undefined, annotations: exported.annotations.map(({ id: _id, createdAt: _c, updatedAt: _u, ...rest }) => rest) }
}

describe('native JSON import', () => {
  it('places annotations at their offsets and round-trips export → import → export in both units', () => {
    const comments = [{ id: 'k1', author: { id: 'a', name: 'Ada' }, text: 'check this', createdAt: '2026-11-25T11:00:00.000Z' }]
    const annotations = [
      { id: 'q1', type: 'quote', ...at('“Israel is special.”'), attrs: { speaker: 'Putin', paraphrase: false } },
      { id: 'c1', type: 'claim', ...at('Israel is special'), attrs: { verdict: 'false', claimant: 'Putin' }, note: 'nested', comments },
      { id: 'e1', type: 'event', ...at('2011, Putin said: “Israel is special.”\nA line 𝔘 later.\n\nLast'), attrs: { date: '2011' } },
    ]
    const first = encodeAnnotatedDocument(importNativeJson(nativeFile(annotations)), META)
    expect(first.report).toEqual({ imported: 3, reanchored: [], skipped: [], droppedLinks: [] })
    for (const unit of ['codepoint', 'utf16'] as const) {
      const exported = exportOf(first.update, unit)
      expect(exported.text).toBe(TEXT)
      const again = encodeAnnotatedDocument(importNativeJson(JSON.stringify(exported)), META)
      expect(again.report).toEqual({ imported: 3, reanchored: [], skipped: [], droppedLinks: [] })
      expect(comparable(exportOf(again.update, unit))).toEqual(comparable(exported))
    }
    const exported = exportOf(first.update, 'utf16')
    expect(exported.annotations.map((a: { id: string; exact: string }) => [a.id, a.exact])).toEqual([
      ['e1', annotations[2].exact],
      ['q1', '“Israel is special.”'],
      ['c1', 'Israel is special'],
    ])
    expect(exported.annotations[2].comments).toEqual(comments)
  })

  it('re-anchors by quote when offsets are wrong, preferring the occurrence whose prefix/suffix match', () => {
    const text = 'the cat sat. the cat ran. the cat hid.'
    const file = nativeFile(
      [
        { id: 'x', type: 'event', start: 2, end: 9, exact: 'the cat', prefix: 'sat. ', suffix: ' ran' },
        { id: 'y', type: 'event', start: 900, end: 905, exact: 'cat hid' },
      ],
      'utf16',
      text,
    )
    const { update, report } = encodeAnnotatedDocument(importNativeJson(file), META)
    expect(report.reanchored).toEqual([
      { id: 'x', exact: 'the cat' },
      { id: 'y', exact: 'cat hid' },
    ])
    const snapshot = takeSnapshot('d', update)
    expect(snapshot.annotations.map((a) => [a.id, a.start, a.end])).toEqual([
      ['x', 13, 20],
      ['y', 30, 37],
    ])
  })

  it('reports, never misplaces, an annotation whose quote is not in the text, or whose attrs are invalid', () => {
    const file = nativeFile([
      { id: 'gone', type: 'claim', start: 0, end: 7, exact: 'missing words' },
      { id: 'bad', type: 'event', ...at('Last paragraph'), attrs: { date: '2016-13' } },
    ])
    const { update, report } = encodeAnnotatedDocument(importNativeJson(file), META)
    expect(report).toEqual({
      imported: 0,
      reanchored: [],
      skipped: [
        { id: 'gone', exact: 'missing words', reason: 'its quote "missing words" is not in the text' },
        { id: 'bad', exact: 'Last paragraph', reason: 'attrs.date: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD' },
      ],
      droppedLinks: [],
    })
    expect(takeSnapshot('d', update).annotations).toEqual([])
  })

  it('refuses malformed files with a message naming the field', () => {
    expect(() => importNativeJson('{"format": "spanwise",')).toThrow(ImportFormatError)
    expect(() => importNativeJson('{"format": "spanwise",')).toThrow(/^not valid JSON: /)
    expect(() => importNativeJson(nativeFile([{ type: 'rumour', start: 0, end: 1, exact: 'H' }]))).toThrow(/^annotations\.0\.type: /)
    expect(() => importNativeJson(JSON.stringify({ format: 'other', version: 1, offsetUnit: 'utf16', text: '', annotations: [] }))).toThrow('format: must be "spanwise"')
    const input = documentSourceSchema.parse({ title: 'x', format: 'brat', source: 'T1\tClaim 0 1\tH' })
    expect(() => buildInitialState(input, nodeHtmlParser, META)).toThrow('text: the brat .txt file is required with its .ann')
  })

  it('keeps the block layout (headings) of a native file', () => {
    const file = JSON.stringify({
      format: 'spanwise',
      version: 1,
      offsetUnit: 'codepoint',
      text: 'Title\n\nBody text.',
      blocks: [
        { index: 0, type: 'heading', level: 1, start: 0, end: 5 },
        { index: 1, type: 'paragraph', start: 7, end: 17 },
      ],
      annotations: [],
    })
    const { update } = encodeAnnotatedDocument(importNativeJson(file), META)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, update)
    expect(doc.getXmlFragment('prosemirror').toString()).toBe('<heading level="1">Title</heading><paragraph>Body text.</paragraph>')
  })
})
