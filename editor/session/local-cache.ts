import { IndexeddbPersistence, clearDocument } from 'y-indexeddb'
import type * as Y from 'yjs'

/**
 * The IndexedDB database that keeps this browser's copy of a document: `spanwise:<docId>:<createdAt>`.
 * The creation stamp is part of the name so that a document deleted and re-created under the same
 * id (a wiped data directory, a re-imported seed) never merges an old local copy into the new one.
 */
/** How long discarding the local copy waits for IndexedDB to delete it. */
const CLEAR_WAIT_MS = 2000

export function localCacheName(docId: string, createdAt: string): string {
  return `spanwise:${docId}:${createdAt}`
}

/** Whether this runtime has IndexedDB (browsers do; Node does not). */
export function hasIndexedDb(): boolean {
  return typeof indexedDB !== 'undefined'
}

/** A Y.Doc's copy in this browser's IndexedDB (y-indexeddb). */
export interface LocalCache {
  /** The IndexedDB database name, see {@link localCacheName}. */
  readonly name: string
  /** True once the stored updates were applied to the Y.Doc. */
  isLoaded(): boolean
  /** Resolves true once the stored updates were applied, false if IndexedDB could not be opened. */
  readonly whenLoaded: Promise<boolean>
  /** Stops saving, closes the database and deletes it (after a refused update). */
  clear(): Promise<void>
  /** Stops saving and closes the database; the stored copy stays. */
  destroy(): Promise<void>
}

/**
 * Keeps `ydoc` in IndexedDB under `name`: stored updates are applied to it (they merge with what
 * the server sends, as any Yjs update does) and every later change is stored. Returns null where
 * there is no IndexedDB.
 */
export function openLocalCache(name: string, ydoc: Y.Doc): LocalCache | null {
  if (!hasIndexedDb()) return null
  const persistence = new IndexeddbPersistence(name, ydoc)
  let loaded = false
  // y-indexeddb emits nothing when IndexedDB cannot be opened (private modes, quota); `_db` rejects.
  const opened = persistence._db
  const whenLoaded = new Promise<boolean>((resolve) => {
    persistence.whenSynced.then(() => {
      loaded = true
      resolve(true)
    })
    opened.catch(() => resolve(false))
  })
  let destroyed: Promise<void> | null = null
  const destroy = () => (destroyed ??= persistence.destroy().catch(() => undefined))
  return {
    name,
    isLoaded: () => loaded,
    whenLoaded,
    destroy,
    // y-indexeddb's own clearData() does not wait for the deletion; this does, for a while: another
    // tab holding the database open blocks the deletion until it closes, and a fresh session must
    // not wait for that (a later open of the same name queues behind the deletion anyway).
    clear: async () => {
      await destroy()
      let timer: ReturnType<typeof setTimeout> | undefined
      const blocked = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLEAR_WAIT_MS)))
      await Promise.race([clearDocument(name).catch(() => undefined), blocked])
      clearTimeout(timer)
    },
  }
}
