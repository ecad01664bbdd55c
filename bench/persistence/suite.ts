/**
 * Issue 6, benchmark 4 — persistence: the seed article stored in a real store, then 100,000 small
 * updates (keystrokes) appended with `appendUpdate`; bytes on disk and cold load (a fresh process:
 * the store's open + Room.load with real dependencies) before and after the store's compaction.
 * Target: cold load after compaction ≤ 200 ms. The same workload runs against SQLite (the
 * embedded default) and, issue 15, PostgreSQL (`DATABASE_URL`), which the suite starts itself.
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { insertDocument } from '../../collab-server/documents'
import { applyStoredUpdates } from '../../collab-server/persistence/merge-updates'
import type { DocumentStore } from '../../collab-server/persistence/document-store'
import { SQLITE_FILE_NAME } from '../../collab-server/persistence/sqlite-store'
import { importPlainText } from '../../editor/import/plain-text'
import { readSeedArticle } from '../export/build-document'
import pg from 'pg'
import { createDatabase, startBenchPostgres, type BenchDatabase, type BenchPostgres } from '../lib/backing-services'
import { ChildTimeoutError, runTsChild } from '../lib/child-process'
import { target, type BenchContext, type BenchSuite, type Cell, type SuiteReport, type TargetCheck } from '../lib/report'
import type { CompactChildResult } from './compact-child'
import type { LoadChildResult } from './load-child'
import { openBenchStore, type StoreLocation } from './open-bench-store'
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
async function appendInChunks(store: DocumentStore, id: string, updates: readonly Uint8Array[], chunk: number): Promise<number> {
  let chunks = 0
  for (let index = 0; index < updates.length; index += chunk) {
    await Promise.all(updates.slice(index, index + chunk).map((update) => store.appendUpdate(id, update)))
    chunks += 1
  }
  return chunks
}

/** Compacts like the running server does: every `step` rows, merging them into the previous merged row. */
async function compactInSteps(location: StoreLocation, id: string, step: number): Promise<{ ms: number; steps: number }> {
  const store = await openBenchStore(location)
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
function sqliteBytesOnDisk(dataDir: string): Disk {
  const size = (file: string) => (existsSync(file) ? statSync(file).size : 0)
  const file = path.join(dataDir, SQLITE_FILE_NAME)
  const db = size(file)
  const wal = size(`${file}-wal`)
  const shm = size(`${file}-shm`)
  return { db, wal, total: db + wal + shm }
}

/**
 * Checkpoints the WAL into the database file (what closing the last connection does too) and
 * reads the pages the file keeps unused (freelist_count).
 */
function sqliteCheckpoint(dataDir: string): { freePages: number } {
  const db = new Database(path.join(dataDir, SQLITE_FILE_NAME))
  try {
    db.pragma('wal_checkpoint(TRUNCATE)')
    return { freePages: Number(db.pragma('freelist_count', { simple: true })) }
  } finally {
    db.close()
  }
}

/** Bytes a store takes; `wal` null for PostgreSQL (its WAL is the whole cluster's, recycled). */
interface Disk {
  db: number
  wal: number | null
  total: number
}

/** The PostgreSQL tables' bytes: heap, indexes and TOAST of `documents` and `updates` (pg_total_relation_size). */
async function postgresBytes(databaseUrl: string): Promise<Disk> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ bytes: string }>("SELECT pg_total_relation_size('documents') + pg_total_relation_size('updates') AS bytes")
    const db = Number(rows[0]?.bytes ?? 0)
    return { db, wal: null, total: db }
  } finally {
    await client.end()
  }
}

/** One store the workload runs against. */
interface Backend {
  readonly label: 'SQLite' | 'PostgreSQL'
  readonly location: StoreLocation
  /** Bytes on disk and the file's free pages (null: not applicable), after the writes settled. */
  settle(): Promise<{ disk: Disk; freePages: number | null }>
}

function sqliteBackend(dataDir: string): Backend {
  return {
    label: 'SQLite',
    location: { kind: 'sqlite', dataDir },
    settle: async () => {
      const { freePages } = sqliteCheckpoint(dataDir)
      return { disk: sqliteBytesOnDisk(dataDir), freePages }
    },
  }
}

function postgresBackend(databaseUrl: string): Backend {
  return { label: 'PostgreSQL', location: { kind: 'postgres', databaseUrl }, settle: async () => ({ disk: await postgresBytes(databaseUrl), freePages: null }) }
}

interface Phase {
  name: string
  rows: number
  disk: Disk
  freePages: number | null
  loads: LoadChildResult[]
  error?: string
}

/** What one store measured. */
interface StoreRun {
  readonly store: Backend['label']
  readonly sampledAppendMs: number
  readonly chunkedAppendMs: number
  readonly appendCommits: number
  readonly updateBytes: number
  readonly compactMs: number | null
  readonly stepwiseCompaction: { ms: number; steps: number } | null
  readonly expectedTextLength: number
  readonly phases: Phase[]
  readonly notes: string[]
}

type Sizes = ReturnType<typeof sizes>

/** The workload against one store: create, type and append, cold loads, compaction, cold loads. */
async function runWorkload(context: BenchContext, backend: Backend, size: Sizes): Promise<StoreRun> {
  const notes: string[] = []
  const article = readSeedArticle(context.root)
  const createdAt = '2026-11-25T10:00:00.000Z'
  const log = (line: string) => context.log(`persistence (${backend.label}): ${line}`)

  // The document as the server creates it, then the keystrokes of one writer, one update each.
  const store = await openBenchStore(backend.location)
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
    log(`typing ${size.updates.toLocaleString('en')} keystrokes…`)
    typeKeystrokes(writer, article.text, size.updates, (update) => updates.push(update))
    expected = textHash(writer)
    writer.destroy()
    updateBytes = updates.reduce((sum, update) => sum + update.byteLength, 0)
    const sampled = updates.slice(0, size.sampledAppends)
    log(`appending ${updates.length.toLocaleString('en')} updates (the first ${sampled.length} one at a time, the rest ${size.appendChunk.toLocaleString('en')} at a time)…`)
    const start = performance.now()
    for (const update of sampled) await store.appendUpdate(DOC_ID, update)
    appendMs = performance.now() - start
    const chunkedStart = performance.now()
    chunks = await appendInChunks(store, DOC_ID, updates.slice(sampled.length), size.appendChunk)
    chunkedAppendMs = performance.now() - chunkedStart
  } finally {
    await store.close()
  }
  const before = await backend.settle()

  const coldLoads = async (name: string): Promise<LoadChildResult[]> => {
    const loads: LoadChildResult[] = []
    for (let run = 0; run < size.loads; run++) {
      log(`cold load ${name} (${run + 1}/${size.loads})…`)
      const result = await runTsChild<LoadChildResult>(
        context.root,
        'bench/persistence/load-child.ts',
        { store: backend.location, docId: DOC_ID, expectedTextHash: expected.hash },
        { timeoutMs: size.timeoutMs },
      )
      if (!result.textMatches) throw new Error(`cold load ${name}: the loaded text (${result.textLength} chars) is not the text written (${expected.length} chars)`)
      loads.push(result)
    }
    return loads
  }
  const measure = async (name: string, settled: { disk: Disk; freePages: number | null }): Promise<Phase> => {
    try {
      const loads = await coldLoads(name)
      return { name, rows: loads[0]?.storedUpdates ?? 0, ...settled, loads }
    } catch (error) {
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
      notes.push(
        error instanceof ChildTimeoutError
          ? `${backend.label}, ${name}: the cold load did not finish within ${size.timeoutMs / 1000} s (process killed); load figures missing.`
          : `${backend.label}, ${name}: cold load failed, figures missing (${message}).`,
      )
      return { name, rows: 0, ...settled, loads: [], error: message }
    }
  }

  const phases: Phase[] = []
  phases.push(await measure(`${size.updates.toLocaleString('en')} updates`, before))

  // One compact() over every row, as Room.close / compactIfLarge call it; stopped when too slow
  // (a killed process leaves its transaction uncommitted) and then, so the load after compaction
  // is still measured, compacted the way the running server would have: every 500 rows.
  let compactMs: number | null = null
  let stepwise: { ms: number; steps: number } | null = null
  log('compact() of every row (own process)…')
  try {
    compactMs = (
      await runTsChild<CompactChildResult>(context.root, 'bench/persistence/compact-child.ts', { store: backend.location, docId: DOC_ID }, { timeoutMs: size.timeoutMs })
    ).compactMs
  } catch (error) {
    if (!(error instanceof ChildTimeoutError)) throw error
    log(`compact() of every row took over ${size.timeoutMs / 1000} s; compacting in steps of ${size.compactionStep} rows…`)
    stepwise = await compactInSteps(backend.location, DOC_ID, size.compactionStep)
  }
  phases.push(await measure(stepwise ? `after compact() in steps of ${size.compactionStep} rows` : 'after compact()', await backend.settle()))
  return {
    store: backend.label,
    sampledAppendMs: appendMs,
    chunkedAppendMs,
    appendCommits: chunks,
    updateBytes,
    compactMs,
    stepwiseCompaction: stepwise,
    expectedTextLength: expected.length,
    phases,
    notes,
  }
}

/** The PostgreSQL run: a PostgreSQL and a database of the suite's own, always dropped and stopped. */
async function runOnPostgres(context: BenchContext, size: Sizes): Promise<{ run: StoreRun; version: string }> {
  let postgres: BenchPostgres | null = null
  let database: BenchDatabase | null = null
  try {
    context.log('persistence: starting PostgreSQL…')
    postgres = await startBenchPostgres(context.log)
    database = await createDatabase(postgres.url)
    return { run: await runWorkload(context, postgresBackend(database.url), size), version: postgres.version }
  } finally {
    await database?.drop().catch(() => undefined)
    postgres?.stop()
  }
}

const perAppendUs = (run: StoreRun, size: Sizes) => (run.sampledAppendMs * 1000) / size.sampledAppends
const perChunkedUs = (run: StoreRun, size: Sizes) => (run.chunkedAppendMs * 1000) / Math.max(1, size.updates - size.sampledAppends)

function compactionText(run: StoreRun, size: Sizes): string {
  return run.compactMs !== null
    ? `${run.store}: one compact() of all ${size.updates.toLocaleString('en')} rows (as Room.close / compactIfLarge call it, in its own process) took ${Math.round(run.compactMs)} ms`
    : `${run.store}: one compact() of all ${size.updates.toLocaleString('en')} rows took over ${size.timeoutMs / 1000} s and was stopped, so the document was compacted as the running server does it, every ${size.compactionStep} rows: ${run.stepwiseCompaction?.steps ?? 'missing'} compact() calls, ${run.stepwiseCompaction ? Math.round(run.stepwiseCompaction.ms) : 'missing'} ms in all`
}

const OPEN_CALL: Record<Backend['label'], string> = { SQLite: 'SqliteStore.open', PostgreSQL: 'PostgresStore.open' }

export const suite: BenchSuite = {
  name: 'persistence',
  async run(context: BenchContext): Promise<SuiteReport> {
    const size = sizes(context.quick)
    const notes: string[] = []
    const runs: StoreRun[] = [await runWorkload(context, sqliteBackend(path.join(context.workDir, 'persistence-data')), size)]
    let postgresVersion: string | null = null
    try {
      const { run, version } = await runOnPostgres(context, size)
      runs.push(run)
      postgresVersion = version
    } catch (error) {
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
      context.log(`persistence (PostgreSQL) failed: ${message}`)
      notes.push(`PostgreSQL: the run failed, its figures are missing (${message}).`)
    }

    const dash = (value: number | null): Cell => (value === null ? '—' : value)
    const rows: Cell[][] = runs.flatMap((run) =>
      run.phases.map((phase) => [
        run.store,
        phase.name,
        phase.loads.length > 0 ? phase.rows : null,
        median(phase.loads.map((load) => load.steps.storedBytes)),
        phase.disk.db,
        dash(phase.disk.wal),
        phase.disk.total,
        dash(phase.freePages),
        median(phase.loads.map((load) => load.openMs)),
        median(phase.loads.map((load) => load.roomLoadMs)),
        median(phase.loads.map((load) => load.totalMs)),
        median(phase.loads.map((load) => load.steps.loadUpdatesMs)),
        median(phase.loads.map((load) => load.steps.applyMs)),
      ]),
    )
    const writeRows: Cell[][] = runs.map((run) => [
      run.store,
      perAppendUs(run, size),
      run.appendCommits,
      run.chunkedAppendMs,
      perChunkedUs(run, size),
      run.compactMs ?? (run.stepwiseCompaction ? `${Math.round(run.stepwiseCompaction.ms)} (in ${run.stepwiseCompaction.steps} steps)` : null),
    ])
    const sqlite = runs.find((run) => run.store === 'SQLite')
    const postgres = runs.find((run) => run.store === 'PostgreSQL')
    notes.push(
      `Document: the seed article (${readSeedArticle(context.root).text.length.toLocaleString('en')} chars) created with insertDocument, then ${size.updates.toLocaleString('en')} keystroke updates from a real Y.Doc typing into new paragraphs of the prosemirror XmlFragment (1 in 37 a backspace; ${sqlite ? (sqlite.updateBytes / size.updates).toFixed(0) : 'missing'} bytes each on average), appended with the store's public appendUpdate. The first ${size.sampledAppends} were awaited one at a time — one durable commit each, the latency of a lone update ("lone append"). The other ${(size.updates - size.sampledAppends).toLocaleString('en')} were issued ${size.appendChunk.toLocaleString('en')} at a time (Promise.all), which each store's group commit writes as one transaction per chunk.`,
      `SQLite: WAL, synchronous=FULL (SqliteStore.open's default). PostgreSQL${postgresVersion ? ` (${postgresVersion})` : ''}: started by the suite on 127.0.0.1 with its durable defaults (fsync on, synchronous_commit on: a commit returns once its WAL is flushed), a fresh database, PostgresStore.open with its default pool; every append of a batch is one INSERT (one round trip) inside the batch's transaction. Both on this machine's disk, so the lone-append figures are mostly the disk's flush time.`,
      `Cold load = a fresh process: the store's open (${Object.values(OPEN_CALL).join(' / ')}: for PostgreSQL, connecting and checking the schema) + Room.load with real dependencies (getDocument, loadUpdates, then applyStoredUpdates: every stored update applied to the room's Y.Doc in one transaction), median of ${size.loads}; the loaded text is checked against the text typed (SHA-256). The OS page cache (and PostgreSQL's shared buffers) are warm (the data was just written), so disk reads are not in the figure. Steps: loadUpdates and applyStoredUpdates (into a new Y.Doc) timed apart on a second, warm pass in that process; "stored bytes" is the size of the update data loadUpdates returns.`,
      `Bytes on disk — SQLite: the file after a WAL checkpoint (TRUNCATE); "free pages" = its unused 4 KiB pages (PRAGMA freelist_count); compact() merges the rows with mergeStoredUpdates and, as the file uses auto_vacuum=INCREMENTAL, runs PRAGMA incremental_vacuum when it freed at least 256 pages, so the freed pages go back to the file system. PostgreSQL: pg_total_relation_size of the documents and updates tables (heap, indexes, TOAST; "—": its WAL is the cluster's and recycled); compact() merges the same way in one transaction (the document's row locked) and deletes the merged rows, whose space PostgreSQL keeps in the table for later rows (autovacuum marks it free; only VACUUM FULL would give it back), so the table does not shrink.`,
      `${runs.map((run) => compactionText(run, size)).join('. ')}. (The running server compacts whenever a document has more than 500 stored updates, and on unload above 10, so 100,000 uncompacted updates only happen with compaction off or failing.)`,
    )
    if (sqlite && postgres)
      notes.push(
        `PostgreSQL ÷ SQLite: lone append ${(perAppendUs(postgres, size) / perAppendUs(sqlite, size)).toFixed(2)}×, chunked append ${(perChunkedUs(postgres, size) / perChunkedUs(sqlite, size)).toFixed(2)}×, cold load after compaction ${((median(postgres.phases[1]?.loads.map((load) => load.totalMs) ?? []) ?? NaN) / (median(sqlite.phases[1]?.loads.map((load) => load.totalMs) ?? []) ?? NaN)).toFixed(2)}×.`,
      )
    for (const run of runs) notes.push(...run.notes)
    if (context.quick) notes.push('--quick: smoke-test sizes, figures not meaningful.')

    const coldLoadTarget = (run: StoreRun | undefined, label: Backend['label']): TargetCheck => {
      const name = label === 'SQLite' ? 'cold load after compaction (SqliteStore.open + Room.load)' : 'cold load after compaction, PostgreSQL (PostgresStore.open + Room.load)'
      return target(name, median(run?.phases[1]?.loads.map((load) => load.totalMs) ?? []), COLD_LOAD_LIMIT_MS, ' ms')
    }
    return {
      suite: 'persistence',
      tables: [
        {
          title: `Cold load of a document with ${size.updates.toLocaleString('en')} stored keystroke updates, before and after compaction, SQLite and PostgreSQL`,
          columns: [
            'store',
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
        {
          title: `Writing the ${size.updates.toLocaleString('en')} updates, and one compact() of them all`,
          columns: ['store', 'lone append µs (one commit each)', 'chunked commits', 'chunked ms', 'chunked µs per update', 'compact() ms'],
          rows: writeRows,
        },
      ],
      targets: [coldLoadTarget(sqlite, 'SQLite'), coldLoadTarget(postgres, 'PostgreSQL')],
      notes,
      raw: { sizes: size, postgresVersion, runs },
    }
  },
}
