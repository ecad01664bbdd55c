import { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { catchWriteFailures, databaseOf } from '../../../../editor/session/y-indexeddb-internals'
import { refusingIndexedDb, stubBrowser, unhandledRejectionOf } from './support/fake-browser'

const STORE_CHANGED = 'y-indexeddb internal _storeUpdate changed: see editor/session/y-indexeddb-internals.ts'
const DB_CHANGED = 'y-indexeddb internal _db changed: see editor/session/y-indexeddb-internals.ts'

/** The text `name` holds in IndexedDB, read by a fresh y-indexeddb instance. */
async function storedText(name: string): Promise<string> {
  const doc = new Y.Doc()
  const persistence = new IndexeddbPersistence(name, doc)
  await persistence.whenSynced
  const text = doc.getText('t').toString()
  await persistence.destroy()
  return text
}

describe('y-indexeddb internals (y-indexeddb-internals)', () => {
  beforeEach(() => {
    stubBrowser()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('`_db` resolves with the opened database, the one `db` holds once loaded', async () => {
    const persistence = new IndexeddbPersistence('guard-db', new Y.Doc())
    expect(persistence._db, DB_CHANGED).toBeInstanceOf(Promise)
    const db = await databaseOf(persistence)
    expect(db.name, DB_CHANGED).toBe('guard-db')
    expect(db.objectStoreNames.contains('updates'), DB_CHANGED).toBe(true)
    await persistence.whenSynced
    expect(persistence.db, DB_CHANGED).toBe(db)
    await persistence.destroy()
  })

  it('`_db` rejects when IndexedDB cannot open the database', async () => {
    vi.stubGlobal('indexedDB', refusingIndexedDb())
    let persistence: IndexeddbPersistence | null = null
    const unhandled = await unhandledRejectionOf(() => {
      persistence = new IndexeddbPersistence('guard-refused', new Y.Doc())
    })
    expect(unhandled).toBeInstanceOf(Error)
    await expect(databaseOf(persistence!), DB_CHANGED).rejects.toThrow()
  })

  it('`_storeUpdate` is the Y.Doc update listener that writes to IndexedDB and throws on a closed database', async () => {
    const doc = new Y.Doc()
    const persistence = new IndexeddbPersistence('guard-store', doc)
    expect(typeof persistence._storeUpdate, STORE_CHANGED).toBe('function')
    await persistence.whenSynced
    doc.getText('t').insert(0, 'stored')
    await persistence.destroy()
    expect(await storedText('guard-store'), STORE_CHANGED).toBe('stored')

    const other = new Y.Doc()
    const closing = new IndexeddbPersistence('guard-store', other)
    const later = vi.fn()
    other.on('update', later)
    ;(await databaseOf(closing)).close()
    expect(() => other.getText('t').insert(0, 'lost'), STORE_CHANGED).toThrow()
    expect(later, 'Yjs calls no update listener after one threw').not.toHaveBeenCalled()
  })

  it('catchWriteFailures keeps writing, reports a failed write instead of throwing, and is removed by destroy()', async () => {
    const doc = new Y.Doc()
    const persistence = new IndexeddbPersistence('guard-catch', doc)
    const onFailure = vi.fn()
    catchWriteFailures(persistence, doc, onFailure)
    await persistence.whenSynced
    doc.getText('t').insert(0, 'kept')
    expect(onFailure).not.toHaveBeenCalled()

    const db = await databaseOf(persistence)
    db.close()
    expect(() => doc.getText('t').insert(4, '!'), STORE_CHANGED).not.toThrow()
    expect(onFailure, STORE_CHANGED).toHaveBeenCalledTimes(1)

    await persistence.destroy()
    doc.getText('t').insert(0, 'after destroy')
    expect(onFailure, `${STORE_CHANGED} (destroy() no longer removes it)`).toHaveBeenCalledTimes(1)
    expect(await storedText('guard-catch')).toBe('kept')
  })
})
