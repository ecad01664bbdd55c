/**
 * Issue 6, benchmark 3 — export: the seed article repeated to ~1 MB of text with 10,000
 * annotations of every type, stored in a real SQLite store; each format exported in its own fresh
 * process (the `npm run export` path: SqliteStore → loadUpdates → mergeStoredUpdates → takeSnapshot →
 * exportDocument), timing load, snapshot and formatting apart, with the process's peak RSS.
 * Target: every format ≤ 1 s.
 */
import path from 'node:path'
import { EXPORT_FORMATS } from '../../editor/export'
import { SqliteStore } from '../../collab-server/persistence/sqlite-store'
import { runTsChild } from '../lib/child-process'
import { target, type BenchContext, type BenchSuite, type Cell, type SuiteReport, type TargetCheck } from '../lib/report'
import { buildAnnotatedDocument } from './build-document'
import type { ExportChildResult } from './export-child'

const DOC_ID = 'bench-export'
const EXPORT_LIMIT_MS = 1000
const MiB = 2 ** 20

/** Sizes of a run: the issue's in a full run, a smoke test with --quick. */
function sizes(quick: boolean) {
  return quick ? { minBytes: 100_000, annotations: 1_000, runs: 1 } : { minBytes: 1_000_000, annotations: 10_000, runs: 3 }
}

const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const mib = (bytes: number | null | undefined): number | null => (bytes === null || bytes === undefined || bytes <= 0 ? null : bytes / MiB)

async function storeDocument(dataDir: string, built: ReturnType<typeof buildAnnotatedDocument>): Promise<{ rows: number }> {
  const store = SqliteStore.open(dataDir)
  try {
    const created = await store.createDocument({ id: DOC_ID, title: built.title, createdAt: built.createdAt, initialUpdate: built.initialUpdate })
    if (!created.ok) throw created.error
    const seq = await store.appendUpdate(DOC_ID, built.annotationsUpdate)
    return { rows: await store.compact(DOC_ID, seq) }
  } finally {
    await store.close()
  }
}

export const suite: BenchSuite = {
  name: 'export',
  async run(context: BenchContext): Promise<SuiteReport> {
    const size = sizes(context.quick)
    const notes: string[] = []
    context.log(`export: building ~${Math.round(size.minBytes / 1000)} kB document with ${size.annotations} annotations…`)
    const buildStart = performance.now()
    const built = buildAnnotatedDocument(context.root, { minBytes: size.minBytes, annotationCount: size.annotations })
    const buildMs = performance.now() - buildStart
    const dataDir = path.join(context.workDir, 'export-data')
    const { rows } = await storeDocument(dataDir, built)
    built.ydoc.destroy()

    const results = new Map<string, ExportChildResult>()
    for (const format of EXPORT_FORMATS) {
      context.log(`export: ${format} (fresh process, ${size.runs} run${size.runs > 1 ? 's' : ''})…`)
      try {
        const result = await runTsChild<ExportChildResult>(context.root, 'bench/export/export-child.ts', { dataDir, docId: DOC_ID, format, runs: size.runs })
        results.set(format, result)
        const exported = result.runs[0]?.annotations ?? 0
        if (exported !== built.annotations) notes.push(`${format}: the snapshot held ${exported} annotations, ${built.annotations} were written.`)
      } catch (error) {
        notes.push(`${format}: the export process failed, figures missing (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`)
      }
    }

    const rowsByFormat: Cell[][] = EXPORT_FORMATS.map((format) => {
      const result = results.get(format)
      if (!result) return [format, null, null, null, null, null, null, null, null, null]
      const totals = result.runs.map((run) => run.totalMs)
      return [
        format,
        result.runs[0]?.outputBytes ?? null,
        result.loadMs,
        median(result.runs.map((run) => run.snapshotMs)),
        median(result.runs.map((run) => run.formatMs)),
        median(totals),
        totals[0] ?? null,
        mib(result.baselineRssBytes),
        mib(result.peakRssBytes),
        result.peakResetWorked ? mib(result.peakRssBytes - result.baselineRssBytes) : null,
      ]
    })
    const anyResult = [...results.values()][0]
    const targets: TargetCheck[] = EXPORT_FORMATS.map((format) => {
      const result = results.get(format)
      return target(
        `export ${format}, ${built.annotations.toLocaleString('en')} annotations on ${Math.round(built.textBytes / 1000)} kB`,
        result ? median(result.runs.map((run) => run.totalMs)) : null,
        EXPORT_LIMIT_MS,
        ' ms',
      )
    })

    notes.push(
      `Document: the seed article ×${built.copies} (${built.textChars.toLocaleString('en')} UTF-16 chars, ${built.textBytes.toLocaleString('en')} UTF-8 bytes, ${built.blocks} text blocks) with ${built.annotations.toLocaleString('en')} annotations (${built.byType.event} event, ${built.byType.quote} quote, ${built.byType.claim} claim; ${built.crossBlock} cross a block boundary; spans overlap and nest), written with createAnnotation; built in ${Math.round(buildMs)} ms.`,
      `Stored in SQLite as the server would after compaction (${rows} row${rows === 1 ? '' : 's'}, merged state ${anyResult ? `${(anyResult.stateBytes / MiB).toFixed(1)} MiB` : 'missing'}). Each format runs in a fresh process; load = SqliteStore open + loadUpdates + mergeStoredUpdates (as \`npm run export\`; with one stored row it returns that row as is); export = takeSnapshot + exportDocument (what exportFromState does), default options (offsets=codepoint), median of ${size.runs} run${size.runs > 1 ? 's' : ''} in that process; "first" is the cold first run.`,
      `RSS: baseline after loading and a full GC; peak = VmHWM after the first export, reset after loading (/proc/self/clear_refs), so it covers that export alone${anyResult && !anyResult.peakResetWorked ? ' — the reset FAILED here, so the peak includes loading and the delta is missing' : ''}.`,
    )
    if (context.quick) notes.push('--quick: smoke-test sizes, figures not meaningful.')

    return {
      suite: 'export',
      tables: [
        {
          title: `Export of ${built.annotations.toLocaleString('en')} annotations on ${Math.round(built.textBytes / 1000)} kB of text, per format`,
          columns: [
            'format',
            'output bytes',
            'load ms',
            'snapshot ms',
            'format ms',
            'export ms (median)',
            'export ms (first)',
            'baseline RSS MiB',
            'peak RSS MiB',
            'peak − baseline MiB',
          ],
          rows: rowsByFormat,
        },
      ],
      targets,
      notes,
      raw: {
        sizes: size,
        document: {
          copies: built.copies,
          textChars: built.textChars,
          textBytes: built.textBytes,
          blocks: built.blocks,
          annotations: built.annotations,
          byType: built.byType,
          crossBlock: built.crossBlock,
          buildMs,
          storedRows: rows,
        },
        formats: Object.fromEntries(results),
      },
    }
  },
}
