import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { expect } from 'vitest'
import { bratEntityNumbers, toBratAnn } from '../../../../../editor/export/brat'
import { toClaimReviews } from '../../../../../editor/export/claimreview'
import { exportDocument, parseExportOptions, type ExportFormat, type ExportOptions } from '../../../../../editor/export/index'
import type { NativeExport } from '../../../../../editor/export/json'
import type { JsonlLine } from '../../../../../editor/export/jsonl'
import type { OffsetUnit } from '../../../../../editor/model/offsets'
import { selectAnnotations } from '../../../../../editor/export/options'
import type { DocumentSnapshot } from '../../../../../editor/export/snapshot'
import { toW3cCollection, type W3cSelector } from '../../../../../editor/export/w3c'
import { spanAnnotations } from './w3c-items'

/** Export options as the HTTP API and the CLI parse them. */
export function optionsFor(format: ExportFormat, extra: Record<string, string> = {}): ExportOptions {
  return parseExportOptions({ format, ...extra })
}

/** An export's body as text (fails the test for a binary body). */
export function bodyText(format: ExportFormat, snapshot: DocumentSnapshot, extra: Record<string, string> = {}): string {
  const { body } = exportDocument(snapshot, optionsFor(format, extra))
  if (typeof body !== 'string') throw new Error(`${format}: expected a text body`)
  return body
}

/** `text[start:end]` counted in `unit`: code points as Python counts them, or UTF-16 units. */
function sliceUnits(text: string, start: number, end: number, unit: OffsetUnit): string {
  return unit === 'codepoint' ? Array.from(text).slice(start, end).join('') : text.slice(start, end)
}

/** A parsed `T` line of a brat .ann file. */
export interface BratEntity {
  id: string
  type: string
  fragments: Array<[number, number]>
  text: string
}

/** Parses the `T` lines of a .ann file. */
export function parseBratEntities(ann: string): BratEntity[] {
  return ann
    .split('\n')
    .filter((line) => line.startsWith('T'))
    .map((line) => {
      const [id, typeAndSpans, ...text] = line.split('\t')
      const [type, ...spans] = typeAndSpans.split(' ')
      const fragments = spans
        .join(' ')
        .split(';')
        .map((fragment) => fragment.split(' ').map(Number) as [number, number])
      return { id, type, fragments, text: text.join('\t') }
    })
}

/** The labels a JSONL export must have, computed on UTF-16 offsets (no code point conversion). */
function expectedJsonlLabels(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'unit' | 'type' | 'verdict' | 'author'>): Array<Array<[string, string]>> {
  const attached = selectAnnotations(snapshot, options).filter((annotation) => annotation.start !== null)
  const labelsIn = (from: number, to: number) =>
    attached
      .map((annotation) => ({ annotation, start: Math.max(annotation.start!, from), end: Math.min(annotation.end!, to) }))
      .filter(({ start, end }) => start < end)
      .map(({ annotation, start, end }): [string, string] => [annotation.type.toUpperCase(), snapshot.text.slice(start, end)])
  if (options.unit !== 'paragraph') return [labelsIn(0, snapshot.text.length)]
  return snapshot.blocks.filter((block) => block.end > block.start).map((block) => labelsIn(block.start, block.end))
}

const CHECK_JSONL = fileURLToPath(new URL('./check_jsonl.py', import.meta.url))

/** Runs check_jsonl.py on an export body; returns its exit status and output. */
export function runPythonJsonlCheck(body: string, unit: OffsetUnit, expected: unknown): { status: number | null; output: string } {
  const directory = mkdtempSync(join(tmpdir(), 'spanwise-jsonl-'))
  try {
    const path = join(directory, 'export.jsonl')
    writeFileSync(path, body, 'utf8')
    const result = spawnSync('python3', [CHECK_JSONL, path, unit], { input: JSON.stringify(expected), encoding: 'utf8' })
    if (result.error) throw result.error
    return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() }
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

/** Text with its line-break runs joined by one space and trimmed at the ends, as brat shows a span. */
function bratText(exact: string): string {
  return exact.replace(/^\n+|\n+$/g, '').replace(/\n+/g, ' ')
}

/**
 * Asserts that every format's offsets point at its exported text, in `unit` where the format has
 * one (w3c and brat always count code points).
 */
export function expectExportsExact(snapshot: DocumentSnapshot, unit: OffsetUnit): void {
  const text = snapshot.text
  const byId = new Map(snapshot.annotations.map((annotation) => [annotation.id, annotation]))

  const native = JSON.parse(bodyText('json', snapshot, { offsets: unit })) as NativeExport
  for (const annotation of native.annotations) {
    expect(annotation.exact).toBe(byId.get(annotation.id)!.exact)
    if (annotation.start === null) continue
    expect(sliceUnits(text, annotation.start, annotation.end!, unit)).toBe(annotation.exact)
  }

  const w3c = toW3cCollection(snapshot, {})
  for (const item of spanAnnotations(w3c)) {
    const quote = item.target.selector.find((selector) => selector.type === 'TextQuoteSelector') as Extract<W3cSelector, { type: 'TextQuoteSelector' }>
    const position = item.target.selector.find((selector): selector is Extract<W3cSelector, { type: 'TextPositionSelector' }> => selector.type === 'TextPositionSelector')
    if (!position) continue
    expect(sliceUnits(text, position.start, position.end, 'codepoint')).toBe(quote.exact)
    expect(sliceUnits(text, position.start - Array.from(quote.prefix!).length, position.start, 'codepoint')).toBe(quote.prefix)
    expect(sliceUnits(text, position.end, position.end + Array.from(quote.suffix!).length, 'codepoint')).toBe(quote.suffix)
  }

  for (const jsonlUnit of ['document', 'paragraph']) {
    const body = bodyText('jsonl', snapshot, { offsets: unit, unit: jsonlUnit })
    const lines = body
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonlLine)
    for (const line of lines) {
      for (const [start, end, label] of line.label) expect(Object.values(line.meta.annotations)).toContainEqual(expect.objectContaining({ start, end, label }))
      for (const detail of Object.values(line.meta.annotations)) expect(sliceUnits(line.text, detail.start, detail.end, unit)).toBe(detail.exact)
    }
    const expected = expectedJsonlLabels(snapshot, { unit: jsonlUnit as 'document' | 'paragraph' })
    expect(lines.map((line) => line.label.map(([start, end, label]) => [label, sliceUnits(line.text, start, end, unit)]))).toEqual(expected)
    const python = runPythonJsonlCheck(body, unit, expected)
    expect(python).toEqual({ status: 0, output: JSON.stringify({ lines: expected.length, labels: expected.flat().length }) })
  }

  const rows = parse<Record<string, string>>(bodyText('csv', snapshot, { offsets: unit }), { bom: true, columns: true })
  expect(rows.map((row) => row.id)).toEqual(snapshot.annotations.map((annotation) => annotation.id))
  for (const row of rows) {
    expect(row.text).toBe(byId.get(row.id)!.exact)
    if (row.start !== '') expect(sliceUnits(text, Number(row.start), Number(row.end), unit)).toBe(row.text)
  }

  const entities = parseBratEntities(toBratAnn(snapshot, {}))
  const numbers = bratEntityNumbers(snapshot)
  const attached = new Map(snapshot.annotations.filter((annotation) => annotation.start !== null).map((annotation) => [`T${numbers.get(annotation.id)}`, annotation]))
  expect(entities.map((entity) => entity.id).sort()).toEqual([...attached.keys()].sort())
  for (const entity of entities) {
    const pieces = entity.fragments.map(([start, end]) => sliceUnits(text, start, end, 'codepoint'))
    for (const piece of pieces) expect(piece).not.toMatch(/[\r\n]/)
    expect(pieces.join(' ')).toBe(entity.text)
    expect(entity.text).toBe(bratText(attached.get(entity.id)!.exact))
  }

  const ids = new Set(w3c.first.items.map((item) => item.id))
  for (const review of toClaimReviews(snapshot, {})) expect(ids.has(review.sameAs)).toBe(true)
}
