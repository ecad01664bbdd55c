import * as Y from 'yjs'
import { fromBase64, toBase64 } from 'lib0/buffer'

/** The part of the Web Storage API this module needs (`localStorage` in a browser). */
export interface SyncStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/**
 * The Yjs updates a page has made that IndexedDB has not yet confirmed as written.
 *
 * IndexedDB writes are asynchronous, and a page that unloads (a reload, a closed tab) aborts the
 * transactions still in flight: the last keystrokes before a reload would be lost. Web Storage is
 * synchronous, so on `pagehide` the unconfirmed updates are written there ({@link flush}), and the
 * next page that opens the same document applies them ({@link take}). Updates are idempotent in
 * Yjs, so applying one that did reach IndexedDB after all changes nothing.
 */
export class UnsavedUpdates {
  private pending: Uint8Array[] = []

  constructor(
    /** The storage key, one per local copy (see `localCacheName`). */
    readonly key: string,
    private readonly storage: SyncStorage | null,
  ) {}

  /** How many updates are waiting for IndexedDB to confirm them. */
  get size(): number {
    return this.pending.length
  }

  add(update: Uint8Array): void {
    this.pending.push(update)
  }

  /** IndexedDB has committed the first `count` updates (those added before a write barrier was taken). */
  confirm(count: number): void {
    this.pending.splice(0, count)
  }

  /**
   * Writes the unconfirmed updates to storage, merged with whatever another page of the same
   * document left there. Returns false when storage refused (quota, disabled) — nothing else can
   * be done synchronously while a page unloads.
   */
  flush(): boolean {
    if (!this.storage || this.pending.length === 0) return true
    try {
      const previous = this.readStored()
      const merged = Y.mergeUpdates(previous ? [previous, ...this.pending] : this.pending)
      this.storage.setItem(this.key, toBase64(merged))
      return true
    } catch {
      return false
    }
  }

  /** The update a previous page left in storage (removed from storage), or null if there is none. */
  take(): Uint8Array | null {
    if (!this.storage) return null
    let update: Uint8Array | null = null
    try {
      update = this.readStored()
      this.storage.removeItem(this.key)
    } catch {
      return null
    }
    return update
  }

  /** Forgets the unconfirmed updates and what storage holds (the local copy is being discarded). */
  discard(): void {
    this.pending = []
    try {
      this.storage?.removeItem(this.key)
    } catch {
      // Storage unavailable: nothing was kept there either.
    }
  }

  /** The stored update, or null when there is none or it is not a readable Yjs update. */
  private readStored(): Uint8Array | null {
    const text = this.storage?.getItem(this.key)
    if (!text) return null
    try {
      const update = fromBase64(text)
      Y.decodeUpdate(update) // throws on garbage, which is then ignored rather than applied
      return update
    } catch {
      return null
    }
  }
}
