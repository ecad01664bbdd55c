/**
 * One compaction, in its own process (started by suite.ts) so the suite can stop it when it runs
 * too long: the store's compact(doc, last seq) (SQLite or PostgreSQL), the call the server makes, timed.
 */
import { printChildResult, readChildInput } from '../lib/child-process'
import { openBenchStore, type StoreLocation } from './open-bench-store'

interface Input {
  store: StoreLocation
  docId: string
}

/** What the child reports. */
export interface CompactChildResult {
  rowsBefore: number
  rowsAfter: number
  compactMs: number
}

async function main(): Promise<void> {
  const input = readChildInput<Input>()
  const store = await openBenchStore(input.store)
  try {
    const updates = await store.loadUpdates(input.docId)
    const lastSeq = updates.at(-1)?.seq ?? 0
    const start = performance.now()
    const rowsAfter = await store.compact(input.docId, lastSeq)
    const result: CompactChildResult = { rowsBefore: updates.length, rowsAfter, compactMs: performance.now() - start }
    printChildResult(result)
  } finally {
    await store.close()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
