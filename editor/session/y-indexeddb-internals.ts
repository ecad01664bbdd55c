// The only module that touches `IndexeddbPersistence._storeUpdate` and `IndexeddbPersistence._db`,
// internals of y-indexeddb (pinned at 9.0.12): `_storeUpdate` is the Y.Doc `update` listener that
// writes each update in its own IndexedDB transaction (and that `destroy()` removes), `_db` the
// promise of the opened database. tests/unit/editor/session/y-indexeddb-internals.test.ts fails when
// an upgrade changes them.
import type { IndexeddbPersistence } from 'y-indexeddb'
import type * as Y from 'yjs'

/**
 * Makes a write of `persistence` that throws (the database was closed under it: another tab deleted
 * it) call `onFailure` instead of throwing out of the Y.Doc's `update` listeners, where it would
 * keep the listeners after it from running. The listener moves to the end of `ydoc`'s list;
 * `persistence.destroy()` still removes it.
 */
export function catchWriteFailures(persistence: IndexeddbPersistence, ydoc: Y.Doc, onFailure: () => void): void {
  const storeUpdate = persistence._storeUpdate
  ydoc.off('update', storeUpdate)
  persistence._storeUpdate = (update: Uint8Array, origin: unknown) => {
    try {
      storeUpdate(update, origin)
    } catch {
      onFailure()
    }
  }
  ydoc.on('update', persistence._storeUpdate)
}

/**
 * Resolves with `persistence`'s database once it is open; rejects when IndexedDB cannot open it
 * (private modes, quota), a case in which y-indexeddb emits nothing.
 */
export function databaseOf(persistence: IndexeddbPersistence): Promise<IDBDatabase> {
  return persistence._db
}
