/**
 * Issue 12 groundwork — candidate stored forms of the annotation records for data model v2,
 * measured on the same synthetic annotations on the same document (the export benchmark's
 * builder, ~500 kB of text): stored state size, applying that state to a fresh Y.Doc, reading
 * every record into plain objects, one verdict change, and the state's growth over 100 edits of
 * one record (gc on). Target: data model 2's whole stored state at most a third of data model 1's
 * (issue 12).
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import type { AnnotationRecord } from '../../editor/model/annotation'
import { readAnnotations } from '../../editor/model/annotation-store'
import { buildAnnotatedDocument } from '../export/build-document'
import { runTsChild } from '../lib/child-process'
import { ratio, target, type BenchContext, type BenchSuite, type Cell, type SuiteReport } from '../lib/report'
import { encodedAnchorForm, LAYOUTS, type Layout } from './layouts'
import type { MeasureChildResult } from './measure-child'

const RUNS = 5
const HISTORY_EDITS = 100

function sizes(quick: boolean) {
  return quick ? { minBytes: 100_000, annotations: 1_000 } : { minBytes: 500_000, annotations: 10_000 }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** A record as sorted-key JSON with anchors in their encoded form, so two layouts' reads compare. */
function canonical(record: AnnotationRecord): string {
  const value = { ...record, start: encodedAnchorForm(record.start), end: encodedAnchorForm(record.end) }
  return JSON.stringify(value, (_key, field: unknown) =>
    field && typeof field === 'object' && !Array.isArray(field) ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => a.localeCompare(b))) : field,
  )
}

interface LayoutResult {
  readonly layout: string
  readonly description: string
  readonly stateBytes: number
  readonly annotationBytes: number
  readonly readMatchesV1: boolean
  readonly timings: MeasureChildResult
}

/** Writes the records in `layout` on the base document, saves the state to `stateFile`, and checks that they read back as written. */
function writeLayout(
  layout: Layout,
  base: Uint8Array,
  records: readonly AnnotationRecord[],
  expected: ReadonlySet<string>,
  stateFile: string,
): { stateBytes: number; readMatchesV1: boolean } {
  const writer = new Y.Doc()
  writer.clientID = 7
  Y.applyUpdate(writer, base)
  for (const record of records) layout.write(writer, record)
  const state = Y.encodeStateAsUpdate(writer)
  writer.destroy()
  writeFileSync(stateFile, state)
  const reader = new Y.Doc()
  Y.applyUpdate(reader, state)
  const read = layout.readAll(reader)
  reader.destroy()
  return { stateBytes: state.length, readMatchesV1: read.length === expected.size && read.every((record) => expected.has(canonical(record))) }
}

export const suite: BenchSuite = {
  name: 'layout',
  async run(context: BenchContext): Promise<SuiteReport> {
    const size = sizes(context.quick)
    context.log(`layout: building ~${Math.round(size.minBytes / 1000)} kB document with ${size.annotations} annotations…`)
    const built = buildAnnotatedDocument(context.root, { minBytes: size.minBytes, annotationCount: size.annotations })
    const { records, invalid } = readAnnotations(built.ydoc)
    built.ydoc.destroy()
    if (invalid.length > 0) throw new Error(`layout: ${invalid.length} synthetic records do not validate (first: ${invalid[0]?.error})`)
    const baseDoc = new Y.Doc()
    Y.applyUpdate(baseDoc, built.initialUpdate)
    const baseBytes = Y.encodeStateAsUpdate(baseDoc).length
    baseDoc.destroy()
    const expected = new Set(records.map(canonical))
    const claimIds = records.filter((record) => record.type === 'claim').map((record) => record.id)
    const count = records.length
    const textClient = records[0]?.start.item?.client ?? records[0]?.start.type?.client

    const results: LayoutResult[] = []
    for (const [index, layout] of LAYOUTS.entries()) {
      context.log(`layout: ${layout.name} (timings in a fresh process)…`)
      const stateFile = path.join(context.workDir, `layout-${index}.bin`)
      const written = writeLayout(layout, built.initialUpdate, records, expected, stateFile)
      const timings = await runTsChild<MeasureChildResult>(context.root, 'bench/layout/measure-child.ts', {
        stateFile,
        layout: layout.name,
        runs: RUNS,
        claimIds: claimIds.slice(0, RUNS + 1),
        historyEdits: HISTORY_EDITS,
      })
      results.push({
        layout: layout.name,
        description: layout.description,
        stateBytes: written.stateBytes,
        annotationBytes: written.stateBytes - baseBytes,
        readMatchesV1: written.readMatchesV1,
        timings,
      })
    }
    const notes = [
      `Document: the seed article ×${built.copies} (${built.textBytes.toLocaleString('en')} UTF-8 bytes of text; ${baseBytes.toLocaleString('en')} bytes of Yjs state without annotations) with ${count.toLocaleString('en')} annotations from the export benchmark's builder (${built.byType.event} event, ${built.byType.quote} quote, ${built.byType.claim} claim; comments on every 7th), the same records written in each layout, one transaction per record.`,
      `State = Y.encodeStateAsUpdate of the whole document; annotation bytes = state − the state without annotations. Timings in a fresh process per layout, with a full GC before each timed run. Apply = Y.applyUpdate into a fresh Y.Doc, read = every record into a plain object (anchors as relative-position JSON, comments as an array, no zod validation; checked equal to the v1 records, anchors compared after an encode/decode round trip, which drops the anchor's type when its item is set), both medians of ${RUNS}. Verdict change = attrs.verdict + updatedAt of one claim in one transaction, median of ${RUNS} claims; update bytes = what the 'update' event carries. History = growth of the encoded state (gc on) after ${HISTORY_EDITS} successive verdict changes of one claim.`,
      `The text's Yjs client id is random per run (${textClient ?? 'missing'} here). Anchors stored as JSON (v1, A, C) hold it as a number, which lib0 writes as a varint up to 2^31 and as a 9-byte float64 above, so their sizes vary by about 12 bytes per annotation between runs; encoded anchors (B) hold it as a varint.`,
      ...results.flatMap((result) => (result.readMatchesV1 ? [] : [`${result.layout}: the records read back differ from the v1 records.`])),
      ...results.map((result) => `${result.layout}: ${result.description}.`),
    ]
    if (context.quick) notes.push('--quick: smoke-test sizes, figures not meaningful.')

    const figures = results.map((result) => ({
      ...result,
      applyMs: median(result.timings.applyMs),
      readMs: median(result.timings.readMs),
      editMs: median(result.timings.editMs),
      editUpdateBytes: median(result.timings.editUpdateBytes),
    }))
    const v1 = figures[0]
    const v2 = figures.find((result) => result.layout === 'v2 (data model 2)')
    const rows: Cell[][] = figures.map((result) => [
      result.layout,
      result.stateBytes,
      result.annotationBytes,
      result.annotationBytes / count,
      ratio(result.annotationBytes, v1?.annotationBytes),
      result.applyMs,
      ratio(result.applyMs, v1?.applyMs),
      result.readMs,
      ratio(result.readMs, v1?.readMs),
      result.editMs,
      result.editUpdateBytes,
      ratio(result.editUpdateBytes, v1?.editUpdateBytes),
      result.timings.historyGrowthBytes,
      result.timings.historyGrowthBytes / HISTORY_EDITS,
    ])
    return {
      suite: 'layout',
      tables: [
        {
          title: `Annotation record layouts: ${count.toLocaleString('en')} annotations on ${Math.round(built.textBytes / 1000)} kB of text (×v1 = ratio to data model 1)`,
          columns: [
            'layout',
            'state bytes',
            'annotation bytes',
            'bytes/annotation',
            '×v1',
            'apply ms',
            '×v1',
            'read ms',
            '×v1',
            'verdict change ms',
            'update bytes',
            '×v1',
            `growth after ${HISTORY_EDITS} edits (bytes)`,
            'growth/edit',
          ],
          rows,
        },
      ],
      targets: [target(`stored state, ${count.toLocaleString('en')} annotations: data model 2 ÷ data model 1`, ratio(v2?.stateBytes, v1?.stateBytes), 1 / 3)],
      notes,
      raw: { sizes: size, count, baseBytes, results },
    }
  },
}
