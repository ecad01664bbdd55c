/**
 * One cold load, in a fresh process (started by suite.ts): opens the store (SQLite or PostgreSQL) and loads the
 * document with `Room.load` and real dependencies — exactly what the collab server does when the
 * first client connects (getDocument, loadUpdates, applyStoredUpdates: every stored update applied
 * in one transaction). Then checks the loaded text against the expected hash and, untimed for the
 * target, times loadUpdates and applyStoredUpdates apart on a second pass (warm).
 */
import * as Y from 'yjs'
import { applyStoredUpdates } from '../../collab-server/persistence/merge-updates'
import { TouchThrottle } from '../../collab-server/persistence/touch-throttle'
import { silentLogger } from '../../collab-server/logger'
import { Room } from '../../collab-server/rooms/room'
import { collectGarbage, currentRssBytes, printChildResult, readChildInput } from '../lib/child-process'
import { openBenchStore, type StoreLocation } from './open-bench-store'
import { textHash } from './typing'

interface Input {
  store: StoreLocation
  docId: string
  expectedTextHash: string
}

/** What the child reports. */
export interface LoadChildResult {
  openMs: number
  roomLoadMs: number
  totalMs: number
  storedUpdates: number
  textMatches: boolean
  textLength: number
  rssAfterLoadBytes: number
  /** Second, warm pass, step by step; `storedBytes` = the update data loadUpdates returned. */
  steps: { loadUpdatesMs: number; applyMs: number; storedBytes: number }
}

async function main(): Promise<void> {
  const input = readChildInput<Input>()
  const start = performance.now()
  const store = await openBenchStore(input.store)
  const opened = performance.now()
  const touches = new TouchThrottle(store, { intervalMs: 1000, logger: silentLogger })
  const room = await Room.load(input.docId, { store, touches, logger: silentLogger, compactionThreshold: 500, unloadCompactionMinUpdates: 10 })
  const end = performance.now()
  if (!room) throw new Error(`document "${input.docId}" not found in the ${input.store.kind} store`)
  const rssAfterLoadBytes = currentRssBytes()
  const { hash, length } = textHash(room.doc)

  // The steps of Room.load apart, on a second (warm) pass; the room is left as is: closing it
  // would compact the store.
  collectGarbage()
  const t0 = performance.now()
  const updates = await store.loadUpdates(input.docId)
  const t1 = performance.now()
  const data = updates.map((update) => update.data)
  const t2 = performance.now()
  applyStoredUpdates(new Y.Doc(), data, null)
  const t3 = performance.now()
  await store.close()

  const result: LoadChildResult = {
    openMs: opened - start,
    roomLoadMs: end - opened,
    totalMs: end - start,
    storedUpdates: updates.length,
    textMatches: hash === input.expectedTextHash,
    textLength: length,
    rssAfterLoadBytes,
    steps: { loadUpdatesMs: t1 - t0, applyMs: t3 - t2, storedBytes: data.reduce((sum, update) => sum + update.byteLength, 0) },
  }
  printChildResult(result)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
