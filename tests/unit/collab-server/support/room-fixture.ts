import * as Y from 'yjs'
import { createDocument } from '../../../../collab-server/documents'
import { silentLogger } from '../../../../collab-server/logger'
import { TouchThrottle } from '../../../../collab-server/persistence/touch-throttle'
import type { RoomDependencies } from '../../../../collab-server/rooms/room'
import { MemoryStore } from './memory-store'

/** A memory store holding one blank document `doc` titled "Doc", and room dependencies on it. */
export async function roomFixture(overrides: Partial<RoomDependencies> = {}) {
  const store = new MemoryStore()
  await createDocument(store, { id: 'doc', title: 'Doc', format: 'blank' })
  const touches = new TouchThrottle(store, { intervalMs: 1000, logger: silentLogger })
  const deps: RoomDependencies = {
    store,
    touches,
    logger: silentLogger,
    compactionThreshold: 500,
    unloadCompactionMinUpdates: 10,
    ...overrides,
  }
  return { store, touches, deps }
}

/** A client-side Y.Doc edit, as the update bytes a client would send. */
export function clientEdit(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('notes').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

/** Applies updates to a fresh Y.Doc. */
export function docOf(...updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}
