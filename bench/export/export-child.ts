/**
 * One export, in a fresh process (started by suite.ts): loads the stored document the way
 * `npm run export` does (SqliteStore → loadUpdates → mergeStoredUpdates), then runs the export
 * `runs` times — takeSnapshot then exportDocument, the two calls of exportFromState, timed apart.
 * Peak RSS is reset after loading, so it covers the first export alone.
 */
import { exportDocument, exportFileName, parseExportOptions, takeSnapshot } from '../../editor/export'
import { mergeStoredUpdates } from '../../collab-server/persistence/merge-updates'
import { SqliteStore } from '../../collab-server/persistence/sqlite-store'
import { collectGarbage, currentRssBytes, peakRssBytes, printChildResult, readChildInput, resetPeakRss } from '../lib/child-process'

interface Input {
  dataDir: string
  docId: string
  format: string
  runs: number
}

/** One export run's figures. */
export interface ExportRun {
  snapshotMs: number
  formatMs: number
  totalMs: number
  outputBytes: number
  annotations: number
}

/** What the child reports. */
export interface ExportChildResult {
  format: string
  storedUpdates: number
  stateBytes: number
  loadMs: number
  baselineRssBytes: number
  peakRssBytes: number
  peakResetWorked: boolean
  fileName: string
  runs: ExportRun[]
}

async function main(): Promise<void> {
  const input = readChildInput<Input>()
  const options = parseExportOptions({ format: input.format })
  const loadStart = performance.now()
  const store = SqliteStore.open(input.dataDir)
  const updates = await store.loadUpdates(input.docId)
  const state = mergeStoredUpdates(updates.map((update) => update.data))
  const loadMs = performance.now() - loadStart
  await store.close()
  if (updates.length === 0) throw new Error(`document "${input.docId}" has no stored updates in ${input.dataDir}`)

  collectGarbage()
  const baselineRssBytes = currentRssBytes()
  const peakResetWorked = resetPeakRss()
  const runs: ExportRun[] = []
  let peak = 0
  let fileName = ''
  for (let run = 0; run < input.runs; run++) {
    const start = performance.now()
    const snapshot = takeSnapshot(input.docId, state)
    const snapshotDone = performance.now()
    const result = exportDocument(snapshot, options)
    const end = performance.now()
    if (run === 0) {
      peak = peakRssBytes()
      fileName = exportFileName(snapshot, result)
    }
    const outputBytes = typeof result.body === 'string' ? Buffer.byteLength(result.body, 'utf8') : result.body.byteLength
    runs.push({ snapshotMs: snapshotDone - start, formatMs: end - snapshotDone, totalMs: end - start, outputBytes, annotations: snapshot.annotations.length })
    collectGarbage()
  }
  const result: ExportChildResult = {
    format: input.format,
    storedUpdates: updates.length,
    stateBytes: state.byteLength,
    loadMs,
    baselineRssBytes,
    peakRssBytes: peak,
    peakResetWorked,
    fileName,
    runs,
  }
  printChildResult(result)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
