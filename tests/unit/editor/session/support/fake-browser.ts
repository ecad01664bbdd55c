import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { vi } from 'vitest'
import type { SyncStorage } from '../../../../../editor/session/unsaved-updates'

/** An in-memory `localStorage`. */
export class MemoryStorage implements SyncStorage {
  readonly items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value)
  }
  removeItem(key: string): void {
    this.items.delete(key)
  }
}

/**
 * Gives this Node test a fresh in-memory IndexedDB (fake-indexeddb), a `window` that takes event
 * listeners and a `localStorage`; undone by `vi.unstubAllGlobals()`.
 */
export function stubBrowser(): { indexedDB: IDBFactory; window: EventTarget; localStorage: MemoryStorage } {
  const browser = { indexedDB: new IDBFactory(), window: new EventTarget(), localStorage: new MemoryStorage() }
  vi.stubGlobal('indexedDB', browser.indexedDB)
  vi.stubGlobal('IDBKeyRange', IDBKeyRange)
  vi.stubGlobal('window', browser.window)
  vi.stubGlobal('localStorage', browser.localStorage)
  return browser
}

/**
 * Runs `start` and resolves with the first promise rejection nothing handles (y-indexeddb leaves
 * the one of a database IndexedDB could not open unhandled). Vitest's own listeners, which would
 * fail the run, are set aside meanwhile.
 */
export async function unhandledRejectionOf(start: () => void): Promise<unknown> {
  const others = process.listeners('unhandledRejection')
  process.removeAllListeners('unhandledRejection')
  try {
    const caught = new Promise<unknown>((resolve) => process.once('unhandledRejection', resolve))
    start()
    return await caught
  } finally {
    for (const listener of others) process.on('unhandledRejection', listener)
  }
}

/** An IndexedDB whose every `open` fails, as in a private window that refuses it. */
export function refusingIndexedDb(): Pick<IDBFactory, 'open'> {
  return {
    open: () => {
      const request = {} as IDBOpenDBRequest
      queueMicrotask(() => request.onerror?.call(request, { target: { error: new DOMException('refused', 'InvalidStateError') } } as unknown as Event))
      return request
    },
  }
}
