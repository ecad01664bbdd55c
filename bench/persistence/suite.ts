/**
 * Issue 6, benchmark 4 — persistence: the seed article stored in a real SQLite store, then
 * 100,000 small updates (keystrokes) appended with `appendUpdate`; bytes on disk and cold load
 * (a fresh process: SqliteStore.open + Room.load with real dependencies) before and after the
 * store's compaction. Target: cold load after compaction ≤ 200 ms.
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { insertDocument } from '../../collab-server/documents'
import { applyStoredUpdates } from '../../collab-server/persistence/merge-updates'
import { SQLITE_FILE_NAME, SqliteStore } from '../../collab-server/persistence/sqlite-store'
import { importPlainText } from '../../editor/import/plain-text'
import { readSeedArticle } from '../export/build-document'
import { ChildTimeoutError, runTsChild } from '../lib/child-process'
import { target, type BenchContext, type BenchSuite, type Cell, type SuiteReport } from '../lib/report'
import type { CompactChildResult } from './compact-child'
import type { LoadChildResult } from './load-child'
import { textHash, typeKeystrokes } from './typing'

const DOC_ID = 'bench-persistence'
const COLD_LOAD_LIMIT_MS = 200

/**
 * Sizes of a run. `sampledAppends`: the first updates are appended and awaited one at a time (one
 * durable commit each: the latency of a lone update); the rest `appendChunk` at a time, which the
 * store's group commit writes in one transaction per chunk. `timeoutMs`: a cold load or a single
 * compaction taking longer is stopped and reported missing.
 */
function sizes(quick: boolean) {
  return quick
    ? { updates: 5_000, loads: 1, sampledAppends: 50, appendChunk: 1_000, timeoutMs: 60_000, compactionStep: 500 }
    : { updates: 100_000, loads: 3, sampledAppends: 500, appendChunk: 1_000, timeoutMs: 60_000, compactionStep: 500 }
}

/**
 * Appends updates through the store's public appendUpdate, `chunk` at a time without waiting in
 * between: the appends of one chunk are queued in one event-loop turn, so the store's group commit
 * writes each chunk in one transaction (one disk flush). Returns the number of chunks.
 */
async function appendInChunks(store: SqliteStore, id: string, updates: readonly Uint8Array[], chunk: number): Promise<number> {
  let chunks = 0
  for (let index = 0; index < updates.length; index += chunk) {
    await Promise.all(updates.slice(index, index + chunk).map((update) => store.appendUpdate(id, update)))
    chunks += 1
  }
  return chunks
}

/** Compacts like the running server does: every `step` rows, merging them into the previous merged row. */
async function compactInSteps(dataDir: string, id: string, step: number): Promise<{ ms: number; steps: number }> {
  const store = SqliteStore.open(dataDir)
  try {
    const seqs = (await store.loadUpdates(id)).map((update) => update.seq)
    const start = performance.now()
    let steps = 0
    for (let index = step; index < seqs.length + step; index += step) {
      await store.compact(id, seqs[Math.min(index, seqs.length) - 1])
      steps += 1
    }
    return { ms: performance.now() - start, steps }
  } finally {
    await store.close()
  }
}

const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Bytes of the database, its WAL and shared-memory file (0 for a file that is absent). */
function bytesOnDisk(dataDir: string): { db: number; wal: number; shm: number; total: number } {
  const size = (file: string) => (existsSync(file) ? statSync(file).size : 0)
  const file = path.join(dataDir, SQLITE_FILE_NAME)
  const db = size(file)
  const wal = size(`${file}-wal`)
  const shm = size(`${file}-shm`)
  return { db, wal, shm, total: db + wal + shm }
}

/**
 * Checkpoints the WAL into the database file (what closing the last connection does too) and
 * reads the pages the file keeps unused (freelist_count).
 */
function checkpoint(dataDir: string): { freePages: number } {
  const db = new Database(path.join(dataDir, SQLITE_FILE_NAME))
  try {
    db.pragma('wal_checkpoint(TRUNCATE)')
    return { freePages: Number(db.pragma('freelist_count', { simple: true })) }
  } finally {
    db.close()
  }
}

interface Phase {
  name: string
  rows: number
  disk: ReturnType<typeof bytesOnDisk>
  freePages: number
  loads: LoadChildResult[]
  error?: string
}

export const suite: BenchSuite = {
  name: 'persistence',
  async run(context: BenchContext): Promise<SuiteReport> {
    const size = sizes(context.quick)
    const notes: string[] = []
    const dataDir = path.join(context.workDir, 'persistence-data')
    const article = readSeedArticle(context.root)
    const createdAt = '2026-11-25T10:00:00.000Z'

    // The document as the server creates it, then the keystrokes of one writer, one update each.
    const store = SqliteStore.open(dataDir)
    let appendMs = 0
    let chunkedAppendMs = 0
    let chunks = 0
    let updateBytes = 0
    let expected: { hash: string; length: number }
    try {
      const created = await insertDocument(store, { id: DOC_ID, title: article.title, content: importPlainText(article.text, { title: article.title }), createdAt })
      if (!created.ok) throw created.error
      const writer = new Y.Doc()
      applyStoredUpdates(
        writer,
        (await store.loadUpdates(DOC_ID)).map((update) => update.data),
        null,
      )
      const updates: Uint8Array[] = []
      context.log(`persistence: typing ${size.updates.toLocaleString('en')} keystrokes…`)
      typeKeystrokes(writer, article.text, size.updates, (update) => updates.push(update))
      expected = textHash(writer)
      writer.destroy()
      updateBytes = updates.reduce((sum, update) => sum + update.byteLength, 0)
      const sampled = updates.slice(0, size.sampledAppends)
      context.log(
        `persistence: appending ${updates.length.toLocaleString('en')} updates (the first ${sampled.length} one at a time, the rest ${size.appendChunk.toLocaleString('en')} at a time)…`,
      )
      const start = performance.now()
      for (const update of sampled) await store.appendUpdate(DOC_ID, update)
      appendMs = performance.now() - start
      const chunkedStart = performance.now()
      chunks = await appendInChunks(store, DOC_ID, updates.slice(sampled.length), size.appendChunk)
      chunkedAppendMs = performance.now() - chunkedStart
    } finally {
      await store.close()
    }
    const { freePages: freePagesBefore } = checkpoint(dataDir)

    const coldLoads = async (name: string): Promise<LoadChildResult[]> => {
      const loads: LoadChildResult[] = []
      for (let run = 0; run < size.loads; run++) {
        context.log(`persistence: cold load ${name} (${run + 1}/${size.loads})…`)
        const result = await runTsChild<LoadChildResult>(
          context.root,
          'bench/persistence/load-child.ts',
          { dataDir, docId: DOC_ID, expectedTextHash: expected.hash },
          { timeoutMs: size.timeoutMs },
        )
        if (!result.textMatches) throw new Error(`cold load ${name}: the loaded text (${result.textLength} chars) is not the text written (${expected.length} chars)`)
        loads.push(result)
      }
      return loads
    }
    const measure = async (name: string, freePages: number): Promise<Phase> => {
      const disk = bytesOnDisk(dataDir)
      try {
        const loads = await coldLoads(name)
        return { name, rows: loads[0]?.storedUpdates ?? 0, disk, freePages, loads }
      } catch (error) {
        const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
        notes.push(
          error instanceof ChildTimeoutError
            ? `${name}: the cold load did not finish within ${size.timeoutMs / 1000} s (process killed); load figures missing.`
            : `${name}: cold load failed, figures missing (${message}).`,
        )
        return { name, rows: 0, disk, freePages, loads: [], error: message }
      }
    }

    const phases: Phase[] = []
    phases.push(await measure(`${size.updates.toLocaleString('en')} updates`, freePagesBefore))

    // One compact() over every row, as Room.close / compactIfLarge call it; stopped when too slow
    // (a killed process leaves its transaction uncommitted) and then, so the load after compaction
    // is still measured, compacted the way the running server would have: every 500 rows.
    let compactMs: number | null = null
    let stepwise: { ms: number; steps: number } | null = null
    context.log('persistence: compact() of every row (own process)…')
    try {
      compactMs = (await runTsChild<CompactChildResult>(context.root, 'bench/persistence/compact-child.ts', { dataDir, docId: DOC_ID }, { timeoutMs: size.timeoutMs })).compactMs
    } catch (error) {
      if (!(error instanceof ChildTimeoutError)) throw error
      context.log(`persistence: compact() of every row took over ${size.timeoutMs / 1000} s; compacting in steps of ${size.compactionStep} rows…`)
      stepwise = await compactInSteps(dataDir, DOC_ID, size.compactionStep)
    }
    const { freePages: freePagesAfter } = checkpoint(dataDir)
    phases.push(await measure(stepwise ? `after compact() in steps of ${size.compactionStep} rows` : 'after compact()', freePagesAfter))

    const afterCompaction = phases[1]
    const rows: Cell[][] = phases.map((phase) => [
      phase.name,
      phase.loads.length > 0 ? phase.rows : null,
      median(phase.loads.map((load) => load.steps.storedBytes)),
      phase.disk.db,
      phase.disk.wal,
      phase.disk.total,
      phase.freePages,
      median(phase.loads.map((load) => load.openMs)),
      median(phase.loads.map((load) => load.roomLoadMs)),
      median(phase.loads.map((load) => load.totalMs)),
      median(phase.loads.map((load) => load.steps.loadUpdatesMs)),
      median(phase.loads.map((load) => load.steps.applyMs)),
    ])
    const compaction =
      compactMs !== null
        ? `One compact() of all ${size.updates.toLocaleString('en')} rows (as Room.close / compactIfLarge call it, in its own process) took ${Math.round(compactMs)} ms`
        : `One compact() of all ${size.updates.toLocaleString('en')} rows took over ${size.timeoutMs / 1000} s and was stopped, so the document was compacted as the running server does it, every ${size.compactionStep} rows: ${stepwise?.steps ?? 'missing'} compact() calls, ${stepwise ? Math.round(stepwise.ms) : 'missing'} ms in all`
    notes.push(
      `Document: the seed article (${article.text.length.toLocaleString('en')} chars) created with insertDocument, then ${size.updates.toLocaleString('en')} keystroke updates from a real Y.Doc typing into new paragraphs of the prosemirror XmlFragment (1 in 37 a backspace; ${(updateBytes / size.updates).toFixed(0)} bytes each on average), appended with the public SqliteStore.appendUpdate. The first ${size.sampledAppends} were awaited one at a time — one durable commit each (WAL, synchronous=FULL), the latency of a lone update: ${((appendMs * 1000) / size.sampledAppends).toFixed(0)} µs per append. The other ${(size.updates - size.sampledAppends).toLocaleString('en')} were issued ${size.appendChunk.toLocaleString('en')} at a time (Promise.all), which the store's group commit writes as one transaction per chunk: ${chunks} commits, ${Math.round(chunkedAppendMs)} ms in all (${((chunkedAppendMs * 1000) / Math.max(1, size.updates - size.sampledAppends)).toFixed(0)} µs per update).`,
      `Cold load = a fresh process: SqliteStore.open + Room.load with real dependencies (getDocument, loadUpdates, then applyStoredUpdates: every stored update applied to the room's Y.Doc in one transaction), median of ${size.loads}; the loaded text is checked against the text typed (SHA-256). The OS page cache is warm (the file was just written), so disk reads are not in the figure. Steps: loadUpdates and applyStoredUpdates (into a new Y.Doc) timed apart on a second, warm pass in that process; "stored bytes" is the size of the update data loadUpdates returns.`,
      `Bytes on disk after a WAL checkpoint (TRUNCATE); "free pages" = the file's unused 4 KiB pages (PRAGMA freelist_count). ${compaction}. compact() merges the rows with mergeStoredUpdates (applied to a scratch Y.Doc in one transaction and re-encoded; Y.mergeUpdates only when something could not be integrated) and, as the file uses auto_vacuum=INCREMENTAL, runs PRAGMA incremental_vacuum when it freed at least 256 pages, so the freed pages go back to the file system. (The running server compacts whenever a document has more than 500 stored updates, and on unload above 10, so 100,000 uncompacted updates only happen with compaction off or failing.)`,
    )
    if (context.quick) notes.push('--quick: smoke-test sizes, figures not meaningful.')
    return {
      suite: 'persistence',
      tables: [
        {
          title: `Cold load of a document with ${size.updates.toLocaleString('en')} stored keystroke updates, before and after compaction`,
          columns: [
            'state',
            'stored rows',
            'stored bytes',
            'db bytes',
            'WAL bytes',
            'bytes on disk',
            'free pages',
            'open ms',
            'Room.load ms',
            'cold load ms',
            'loadUpdates ms (warm)',
            'applyStoredUpdates ms (warm)',
          ],
          rows,
        },
      ],
      targets: [target('cold load after compaction (SqliteStore.open + Room.load)', median(afterCompaction?.loads.map((load) => load.totalMs) ?? []), COLD_LOAD_LIMIT_MS, ' ms')],
      notes,
      raw: {
        sizes: size,
        sampledAppendMs: appendMs,
        chunkedAppendMs,
        appendCommits: chunks,
        updateBytes,
        compactMs,
        stepwiseCompaction: stepwise,
        expectedTextLength: expected.length,
        phases,
      },
    }
  },
}
