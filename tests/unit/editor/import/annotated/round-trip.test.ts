import { describe, expect, it } from 'vitest'
import { toBratFiles } from '../../../../../editor/export/brat'
import { exportDocument, type ExportFormat } from '../../../../../editor/export/index'
import { toNativeExport } from '../../../../../editor/export/json'
import type { ExportOptions } from '../../../../../editor/export/options'
import { takeSnapshot, type DocumentSnapshot } from '../../../../../editor/export/snapshot'
import { importBrat } from '../../../../../editor/import/annotated/brat'
import { encodeAnnotatedDocument } from '../../../../../editor/import/annotated/build-document'
import { importNativeJson } from '../../../../../editor/import/annotated/native-json'
import { importW3c } from '../../../../../editor/import/annotated/w3c'
import type { AnnotatedSource } from '../../../../../editor/import/annotated/annotated-source'
import { loadAstralFixture, loadSeedFixture } from '../../export/support/fixtures'

const META = { title: 'Round trip', createdAt: '2026-11-25T10:00:00.000Z' }
const options = (format: ExportFormat): ExportOptions => ({ format, offsets: 'codepoint', unit: 'document' })

const readers: Record<'json' | 'w3c' | 'brat', (snapshot: DocumentSnapshot) => AnnotatedSource> = {
  json: (snapshot) => importNativeJson(exportDocument(snapshot, options('json')).body as string),
  w3c: (snapshot) => importW3c(exportDocument(snapshot, options('w3c')).body as string),
  brat: (snapshot) => {
    const files = toBratFiles(snapshot, {})
    return importBrat(files[`${snapshot.id}.txt`], files[`${snapshot.id}.ann`])
  },
}

/**
 * An annotation as a round trip must keep it: everything but ids and times (sorted, since ids
 * differ). A claim's `unreviewed` verdict is the same as none: W3C and brat write no verdict then.
 */
function essentials(snapshot: DocumentSnapshot, format: 'json' | 'w3c' | 'brat'): string[] {
  return toNativeExport(snapshot, { offsets: 'codepoint' })
    .annotations.filter((annotation) => annotation.state !== 'detached')
    .map(({ id: _id, createdAt: _created, updatedAt: _updated, comments, ...rest }) => {
      const { verdict, ...otherAttrs } = rest.attrs as Record<string, unknown>
      rest = { ...rest, attrs: verdict === undefined || verdict === 'unreviewed' ? otherAttrs : { ...otherAttrs, verdict } }
      if (format === 'brat') {
        const attrs = rest.attrs as Record<string, unknown>
        // brat's AnnotatorNotes are one line: line breaks and tabs become spaces.
        const note = rest.note === undefined ? null : rest.note.replace(/[\r\n\t]/g, ' ')
        return JSON.stringify([rest.type, rest.start, rest.end, rest.exact, note, attrs.verdict ?? null, attrs.paraphrase === true])
      }
      return JSON.stringify({ ...rest, comments: comments.map(({ id: _commentId, ...comment }) => comment) })
    })
    .sort()
}

describe.each([
  ['seed article', loadSeedFixture],
  ['astral, combining marks and CRLF', loadAstralFixture],
])('export → import → export on the %s fixture', (_name, load) => {
  const { snapshot } = load()
  const detached = snapshot.annotations.filter((annotation) => annotation.state === 'detached')

  it.each(['json', 'w3c', 'brat'] as const)('%s gives the same annotations back', (format) => {
    const { update, report } = encodeAnnotatedDocument(readers[format](snapshot), META)
    const again = takeSnapshot(snapshot.id, update)
    expect(again.text).toBe(snapshot.text)
    // Detached annotations have no offsets: json and w3c carry their quote (placed by it, or reported); brat cannot carry them.
    const unplaced = [...report.reanchored.map((entry) => entry.exact), ...report.skipped.map((entry) => entry.exact)].sort()
    expect(unplaced).toEqual(format === 'brat' ? [] : detached.map((annotation) => annotation.exact).sort())
    const reanchored = new Set(report.reanchored.map((entry) => entry.id))
    const kept = { ...again, annotations: again.annotations.filter((annotation) => !reanchored.has(annotation.id)) }
    expect(essentials(kept, format)).toEqual(essentials(snapshot, format))
  })
})
