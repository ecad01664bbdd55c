import { fromBase64 } from 'lib0/buffer'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { discardDataModel1Copy, hasIndexedDb, localCacheName, openLocalCache, type LocalCache } from '../../../../editor/session/local-cache'
import { UnsavedUpdates } from '../../../../editor/session/unsaved-updates'
import { within } from '../../../integration/support/wait'
import { MemoryStorage, refusingIndexedDb, stubBrowser, unhandledRejectionOf } from './support/fake-browser'

const NAME = 'spanwise:notes:2024-05-01T10:00:00.000Z'
const UNSAVED_KEY = `${NAME}:unsaved`

/** The text of `name` as IndexedDB holds it, read by a fresh y-indexeddb instance. */
async function storedText(name: string): Promise<string> {
  const doc = new Y.Doc()
  const persistence = new IndexeddbPersistence(name, doc)
  await within(persistence.whenSynced, 'reading IndexedDB')
  const text = doc.getText('t').toString()
  await persistence.destroy()
  return text
}

/** The text `name` holds in the updates `storage` keeps for {@link NAME}, '' when none. */
function textInStorage(storage: MemoryStorage, name = 't'): string {
  const doc = new Y.Doc()
  const text = storage.getItem(UNSAVED_KEY)
  if (text) Y.applyUpdate(doc, fromBase64(text))
  return doc.getText(name).toString()
}

function updateTyping(text: string, into = 't'): Uint8Array {
  const doc = new Y.Doc()
  doc.getText(into).insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

/** A browser whose IndexedDB cannot be opened, where a previous page left `text` in storage. */
function refusedIndexedDbWithLeftover(text: string): { localStorage: MemoryStorage } {
  const { localStorage } = stubBrowser()
  vi.stubGlobal('indexedDB', refusingIndexedDb())
  const left = new UnsavedUpdates(UNSAVED_KEY, localStorage)
  left.add(updateTyping(text))
  left.flush()
  return { localStorage }
}

describe('local cache', () => {
  const opened: LocalCache[] = []
  afterEach(async () => {
    for (const cache of opened.splice(0)) await cache.destroy()
    vi.unstubAllGlobals()
  })
  function open(ydoc: Y.Doc, options?: Parameters<typeof openLocalCache>[2]): LocalCache {
    const cache = openLocalCache(NAME, ydoc, options)
    expect(cache).not.toBeNull()
    opened.push(cache!)
    return cache!
  }

  it('names the IndexedDB database by document id, creation stamp and data model', () => {
    expect(localCacheName('israel-russia-part-2', '2024-05-01T10:00:00.000Z')).toBe('spanwise:israel-russia-part-2:2024-05-01T10:00:00.000Z:v2')
    // A document re-created under the same id gets another database: no stale copy merges into it.
    expect(localCacheName('notes', '2024-05-01T10:00:00.000Z')).not.toBe(localCacheName('notes', '2024-06-01T10:00:00.000Z'))
  })

  it('discards the copy the release before data model 2 kept (its database and unsaved key), and nothing else', async () => {
    const { localStorage } = stubBrowser()
    const oldName = 'spanwise:notes:2024-05-01T10:00:00.000Z'
    const currentName = localCacheName('notes', '2024-05-01T10:00:00.000Z')
    for (const name of [oldName, currentName]) {
      const doc = new Y.Doc()
      doc.getText('t').insert(0, name)
      const persistence = new IndexeddbPersistence(name, doc)
      await within(persistence.whenSynced, 'writing IndexedDB')
      await persistence.destroy()
      localStorage.setItem(`${name}:unsaved`, 'left')
    }
    discardDataModel1Copy('notes', '2024-05-01T10:00:00.000Z')
    expect(localStorage.getItem(`${oldName}:unsaved`)).toBeNull()
    expect(localStorage.getItem(`${currentName}:unsaved`)).toBe('left')
    expect(await storedText(oldName)).toBe('')
    expect(await storedText(currentName)).toBe(currentName)
  })

  it('is absent where there is no IndexedDB (Node)', () => {
    expect(hasIndexedDb()).toBe(false)
    expect(openLocalCache('spanwise:x:y', new Y.Doc())).toBeNull()
  })

  it('loads what an earlier page stored', async () => {
    stubBrowser()
    const first = new Y.Doc()
    const cache = open(first)
    expect(cache.isLoaded()).toBe(false)
    expect(await within(cache.whenLoaded, 'the first load')).toBe(true)
    first.getText('t').insert(0, 'kept on this device')
    await cache.destroy()

    const second = new Y.Doc()
    const reopened = open(second)
    expect(await within(reopened.whenLoaded, 'the second load')).toBe(true)
    expect(reopened.isLoaded()).toBe(true)
    expect(second.getText('t').toString()).toBe('kept on this device')
  })

  it('resolves whenLoaded false when destroyed before it loaded', async () => {
    stubBrowser()
    const cache = open(new Y.Doc())
    await cache.destroy()
    expect(await within(cache.whenLoaded, 'whenLoaded after destroy')).toBe(false)
    expect(cache.isLoaded()).toBe(false)
  })

  it('applies and stores what a previous page left in storage', async () => {
    const { localStorage } = stubBrowser()
    const left = new UnsavedUpdates(UNSAVED_KEY, localStorage)
    left.add(updateTyping('typed before a reload'))
    left.flush()
    const ydoc = new Y.Doc()
    const cache = open(ydoc)
    expect(await within(cache.whenLoaded, 'the load')).toBe(true)
    expect(ydoc.getText('t').toString()).toBe('typed before a reload')
    expect(localStorage.getItem(UNSAVED_KEY)).toBeNull()
    await cache.destroy()
    expect(await storedText(NAME)).toBe('typed before a reload')
  })

  it('writes this page’s unconfirmed edits to storage when it closes, not what came from the server', async () => {
    const { localStorage } = stubBrowser()
    const server = { name: 'provider' }
    const ydoc = new Y.Doc()
    const cache = open(ydoc, { isFromServer: (origin) => origin === server })
    await within(cache.whenLoaded, 'the load')
    Y.applyUpdate(ydoc, updateTyping('from the server', 'server'), server)
    ydoc.getText('t').insert(0, 'mine')
    await cache.destroy()
    expect(textInStorage(localStorage, 'server')).toBe('')
    expect(textInStorage(localStorage)).toBe('mine')
  })

  it('keeps no edit in storage once IndexedDB confirmed it', async () => {
    const browser = stubBrowser()
    const ydoc = new Y.Doc()
    const cache = open(ydoc)
    await within(cache.whenLoaded, 'the load')
    ydoc.getText('t').insert(0, 'confirmed')
    // A second copy loads only after the writes queued before it: the barrier has completed then.
    vi.stubGlobal('localStorage', new MemoryStorage())
    const other = open(new Y.Doc())
    await within(other.whenLoaded, 'the second load')
    browser.window.dispatchEvent(new Event('pagehide'))
    expect(browser.localStorage.getItem(UNSAVED_KEY)).toBeNull()
  })

  it('reports the copy lost when another tab deletes it, and still keeps later edits for pagehide', async () => {
    const browser = stubBrowser()
    const onLost = vi.fn()
    const lost = new Promise<void>((resolve) => onLost.mockImplementation(() => resolve()))
    const ydoc = new Y.Doc()
    const cache = open(ydoc, { onLost })
    await within(cache.whenLoaded, 'the load')
    const deletion = browser.indexedDB.deleteDatabase(NAME)
    await within(lost, 'the loss')
    const later = vi.fn()
    ydoc.on('update', later)
    ydoc.getText('t').insert(0, 'after the loss')
    expect(later).toHaveBeenCalledTimes(1)
    browser.window.dispatchEvent(new Event('pagehide'))
    expect(textInStorage(browser.localStorage)).toBe('after the loss')
    expect(onLost).toHaveBeenCalledTimes(1)
    await within(new Promise((resolve) => (deletion.onsuccess = resolve)), 'the deletion')
  })

  it('resolves whenLoaded false where IndexedDB cannot be opened, applying what storage holds', async () => {
    refusedIndexedDbWithLeftover('only in storage')
    const ydoc = new Y.Doc()
    let cache: LocalCache | null = null
    await unhandledRejectionOf(() => {
      cache = open(ydoc)
    })
    expect(await within(cache!.whenLoaded, 'the failed load')).toBe(false)
    expect(cache!.isLoaded()).toBe(false)
    expect(ydoc.getText('t').toString()).toBe('only in storage')
  })

  it('leaves what storage holds for the next page when closed before IndexedDB failed to open', async () => {
    const { localStorage } = refusedIndexedDbWithLeftover('only in storage')
    const ydoc = new Y.Doc()
    await unhandledRejectionOf(() => {
      void open(ydoc).destroy()
    })
    expect(ydoc.getText('t').toString()).toBe('')
    expect(textInStorage(localStorage)).toBe('only in storage')
  })

  it('clear() deletes the copy and what storage holds for it', async () => {
    const { localStorage } = stubBrowser()
    const ydoc = new Y.Doc()
    const cache = open(ydoc)
    await within(cache.whenLoaded, 'the load')
    ydoc.getText('t').insert(0, 'refused change')
    await cache.clear()
    expect(localStorage.getItem(UNSAVED_KEY)).toBeNull()
    expect(await storedText(NAME)).toBe('')
  })
})
