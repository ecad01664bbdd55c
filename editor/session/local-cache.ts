import { IndexeddbPersistence, clearDocument } from 'y-indexeddb'
import * as Y from 'yjs'
import { DATA_MODEL_VERSION } from '../model/doc-layout'
import { isFailedWrite, isUnsavedEdit, shouldTakeBarrier } from './local-cache-policy'
import { UnsavedUpdates, type SyncStorage } from './unsaved-updates'
import { catchWriteFailures, databaseOf } from './y-indexeddb-internals'

/** How long discarding the local copy waits for IndexedDB to delete it. */
const CLEAR_WAIT_MS = 2000

/**
 * The IndexedDB database that keeps this browser's copy of a document:
 * `spanwise:<docId>:<createdAt>:v<data model>`. The creation stamp is part of the name so that a
 * document deleted and re-created under the same id (a wiped data directory, a re-imported seed)
 * never merges an old local copy into the new one; the data model, so that a copy kept by a
 * release with another data model is never loaded (its records are in a layout the server no
 * longer takes).
 */
export function localCacheName(docId: string, createdAt: string): string {
  return `spanwise:${docId}:${createdAt}:v${DATA_MODEL_VERSION}`
}

/** The name data model 1's release kept a copy of the document under (no version in it). */
const dataModel1CacheName = (docId: string, createdAt: string) => `spanwise:${docId}:${createdAt}`

/**
 * Deletes what the release before data model 2 kept of a document in this browser (its IndexedDB
 * database and its unsaved-edits key): that copy is in data model 1, which the server refuses, so
 * it could only be discarded later, with a misleading refusal. Best effort, never throws.
 */
export function discardDataModel1Copy(docId: string, createdAt: string): void {
  if (!hasIndexedDb()) return
  const name = dataModel1CacheName(docId, createdAt)
  // Each on its own: storage disabled or denied for one says nothing about the other.
  try {
    indexedDB.deleteDatabase(name)
  } catch {
    // No IndexedDB to use: there is no copy in it either.
  }
  try {
    browserStorage()?.removeItem(`${name}:unsaved`)
  } catch {
    // Storage denied: nothing to remove.
  }
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
  /**
   * Resolves true once the stored updates were applied, false if IndexedDB could not be opened or
   * the copy was lost or closed before it loaded.
   */
  readonly whenLoaded: Promise<boolean>
  /**
   * Stops saving, closes the database and deletes it with the updates kept in storage (after a
   * refused update). Resolves once it is deleted, or after a short wait while another tab holds
   * it open.
   */
  clear(): Promise<void>
  /** Stops saving and closes the database; the stored copy stays, with the unconfirmed updates in storage. */
  destroy(): Promise<void>
}

export interface LocalCacheOptions {
  /**
   * Called once if the copy stops being kept after it was opened: another tab deleted the
   * database (its session was refused), or IndexedDB failed a write. Editing goes on; the page's
   * updates from then on are still written to storage when it unloads, as a last resort.
   */
  onLost?: () => void
  /**
   * True for the origin of updates that came from the collab server: they are on the server
   * already, so they are not kept in storage when IndexedDB has not confirmed them.
   */
  isFromServer?: (origin: unknown) => boolean
}

/**
 * Keeps `ydoc` in IndexedDB under `name`: stored updates are applied to it (they merge with what
 * the server sends, as any Yjs update does) and every later change is stored. This page's own
 * updates are also kept in memory until IndexedDB confirms them, and written to `localStorage` when
 * the page unloads first (see {@link UnsavedUpdates}). Returns null where there is no IndexedDB.
 */
export function openLocalCache(name: string, ydoc: Y.Doc, options: LocalCacheOptions = {}): LocalCache | null {
  if (!hasIndexedDb()) return null
  const persistence = new IndexeddbPersistence(name, ydoc)
  const unsaved = new UnsavedUpdates(`${name}:unsaved`, browserStorage())
  let loaded = false
  /** Set once y-indexeddb is closed: by destroy/clear, or because IndexedDB stopped keeping the copy. */
  let stopped: Promise<void> | null = null
  const stopPersistence = () => (stopped ??= persistence.destroy().catch(() => undefined))

  // y-indexeddb's update listener is the Y.Doc's first, and Yjs stops calling listeners after one
  // throws: a write on a closed database (another tab deleted it) would keep every later edit from
  // reaching the websocket provider.
  catchWriteFailures(persistence, ydoc, () => lose())

  const recoverUnsaved = () => {
    const left = unsaved.take()
    if (left) Y.applyUpdate(ydoc, left, UNSAVED_ORIGIN)
  }
  let resolveLoaded: (loaded: boolean) => void = () => undefined
  const whenLoaded = new Promise<boolean>((resolve) => {
    resolveLoaded = resolve
    databaseOf(persistence).then(
      (db) => watchDatabase(db, () => lose()),
      () => {
        // Closed meanwhile: what the previous page left in storage stays there for the next one.
        if (stopped) return resolve(false)
        // No IndexedDB on this page: storage is the only copy of its edits (and of what the previous
        // page left there, applied now so that it reaches the server). They are kept there on
        // pagehide, never confirmed.
        recoverUnsaved()
        resolve(false)
      },
    )
    void persistence.whenSynced.then(() => {
      if (stopped) return
      loaded = true
      recoverUnsaved()
      takeBarrier()
      resolve(true)
    })
  })

  // y-indexeddb writes each update in its own transaction, registered before this module's update
  // listener. A read-only transaction over the same store starts only after every read-write
  // transaction created before it has finished, so when it completes, the updates added before it
  // are on disk (unless one of them aborted, which watchDatabase sees first). Only this page's own
  // edits are tracked, so after a loss the list grows only with what the person types.
  let barrier: IDBTransaction | null = null
  function takeBarrier() {
    const db = persistence.db
    if (!db || !shouldTakeBarrier({ barrierPending: barrier !== null, loaded, unconfirmed: unsaved.size, stopped: stopped !== null })) return
    const count = unsaved.size
    let transaction: IDBTransaction
    try {
      transaction = db.transaction(['updates'], 'readonly')
      transaction.objectStore('updates').count()
    } catch {
      return // the database is closing; pagehide still has the updates
    }
    barrier = transaction
    transaction.oncomplete = () => {
      barrier = null
      if (stopped) return // lost meanwhile: nothing more is confirmed
      unsaved.confirm(count)
      takeBarrier()
    }
    transaction.onabort = () => {
      barrier = null
    }
  }
  function onUpdate(update: Uint8Array, origin: unknown) {
    if (!isUnsavedEdit({ origin, cacheOrigin: persistence, isFromServer: options.isFromServer })) return
    unsaved.add(update)
    takeBarrier()
  }
  ydoc.on('update', onUpdate)
  const onPageHide = () => unsaved.flush()
  window.addEventListener('pagehide', onPageHide)

  let tracking = true
  function stopTracking() {
    if (!tracking) return
    tracking = false
    ydoc.off('update', onUpdate)
    window.removeEventListener('pagehide', onPageHide)
  }
  /** Stops keeping the copy; `keepUnsaved` writes the unconfirmed updates to storage, else drops them. */
  function close(keepUnsaved: boolean): Promise<void> {
    stopTracking()
    // Closing the database lets the transactions in flight finish; in case the page unloads first,
    // the updates not yet confirmed go to storage too (applying them twice changes nothing).
    if (keepUnsaved) unsaved.flush()
    else unsaved.discard()
    const closing = stopPersistence()
    resolveLoaded(loaded) // a copy closed while loading never finishes loading
    return closing
  }
  /**
   * IndexedDB stopped keeping the copy (deleted by another tab, or a write failed): stop writing
   * to it, and keep collecting this page's updates, which pagehide still writes to storage.
   */
  function lose() {
    if (stopped) return
    void stopPersistence()
    resolveLoaded(loaded) // a copy lost while loading never finished loading
    options.onLost?.()
  }
  return {
    name,
    isLoaded: () => loaded,
    whenLoaded,
    destroy: () => close(true),
    // y-indexeddb's own clearData() does not wait for the deletion; this does, for a while: another
    // tab holding the database open blocks the deletion until it closes, and a fresh session must
    // not wait for that (a later open of the same name queues behind the deletion anyway).
    clear: async () => {
      await close(false) // the refused change must not come back from storage either
      unsaved.discard()
      let timer: ReturnType<typeof setTimeout> | undefined
      const blocked = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLEAR_WAIT_MS)))
      await Promise.race([clearDocument(name).catch(() => undefined), blocked])
      clearTimeout(timer)
    },
  }
}

/**
 * Calls `onLost` when the copy in `db` stops being kept: another tab is deleting the database, or
 * a write failed (quota, I/O error: its transaction aborts, and the event reaches the database).
 */
function watchDatabase(db: IDBDatabase, onLost: () => void): void {
  db.addEventListener('versionchange', onLost)
  db.addEventListener('abort', (event) => {
    if (isFailedWrite((event.target as IDBTransaction).mode)) onLost()
  })
}

/** The origin of updates recovered from storage (any origin but y-indexeddb's makes it store them). */
const UNSAVED_ORIGIN = Symbol('unsaved updates from a previous page')

/** This page's `localStorage`, or null where it is missing or access is denied. */
function browserStorage(): SyncStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // access denied (storage disabled for this site)
  }
}
