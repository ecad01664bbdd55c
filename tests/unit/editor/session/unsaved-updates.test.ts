import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { UnsavedUpdates, type SyncStorage } from '../../../../editor/session/unsaved-updates'

class MemoryStorage implements SyncStorage {
  readonly items = new Map<string, string>()
  refuseWrites = false
  getItem(key: string) {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string) {
    if (this.refuseWrites) throw new Error('QuotaExceededError')
    this.items.set(key, value)
  }
  removeItem(key: string) {
    this.items.delete(key)
  }
}

/** A Y.Doc whose every update is also handed to `unsaved`, as the local cache does. */
function typingDoc(unsaved: UnsavedUpdates) {
  const doc = new Y.Doc()
  doc.on('update', (update: Uint8Array) => unsaved.add(update))
  return doc
}

describe('unsaved updates (what IndexedDB has not confirmed when a page unloads)', () => {
  it('carries unconfirmed updates to the next page through storage', () => {
    const storage = new MemoryStorage()
    const page = new UnsavedUpdates('spanwise:doc:1:unsaved', storage)
    const doc = typingDoc(page)
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    const text = doc.getText('t')
    for (const char of 'offline') text.insert(text.length, char)
    expect(page.size).toBe(7)
    page.confirm(3) // IndexedDB committed "off"; "line" was in flight when the page unloaded
    expect(page.size).toBe(4)
    expect(page.flush()).toBe(true)

    // The next page loads what IndexedDB had, then what the last page left in storage.
    const reloaded = new Y.Doc()
    for (const update of updates.slice(0, 3)) Y.applyUpdate(reloaded, update)
    expect(reloaded.getText('t').toString()).toBe('off')
    const next = new UnsavedUpdates('spanwise:doc:1:unsaved', storage)
    const left = next.take()
    expect(left).not.toBeNull()
    expect(storage.items.size).toBe(0) // taken once
    expect(next.take()).toBeNull()
    Y.applyUpdate(reloaded, left!)
    expect(reloaded.getText('t').toString()).toBe('offline')
  })

  it('writes nothing when everything is confirmed, and merges with what another page left', () => {
    const storage = new MemoryStorage()
    const first = new UnsavedUpdates('k', storage)
    const second = new UnsavedUpdates('k', storage)
    const a = typingDoc(first)
    const b = typingDoc(second)
    a.getText('t').insert(0, 'A')
    first.confirm(1)
    expect(first.flush()).toBe(true)
    expect(storage.items.size).toBe(0)

    a.getText('t').insert(1, 'a')
    b.getText('t').insert(0, 'B')
    first.flush()
    second.flush()
    const restored = new Y.Doc()
    Y.applyUpdate(restored, Y.encodeStateAsUpdate(a)) // what IndexedDB had of the first page
    Y.applyUpdate(restored, new UnsavedUpdates('k', storage).take()!)
    expect(restored.getText('t').toString()).toContain('B')
    expect(restored.getText('t').toString()).toContain('Aa')
  })

  it('ignores what is not a Yjs update, reports a refused write, and discards on request', () => {
    const storage = new MemoryStorage()
    storage.setItem('k', 'not base64 of an update ☃')
    expect(new UnsavedUpdates('k', storage).take()).toBeNull()
    storage.setItem('k', Buffer.from([0xff, 0xff, 0xff]).toString('base64'))
    expect(new UnsavedUpdates('k', storage).take()).toBeNull()

    const page = new UnsavedUpdates('k', storage)
    typingDoc(page).getText('t').insert(0, 'x')
    storage.refuseWrites = true
    expect(page.flush()).toBe(false)
    storage.refuseWrites = false
    expect(page.flush()).toBe(true)
    expect(storage.items.has('k')).toBe(true)
    page.discard()
    expect(page.size).toBe(0)
    expect(storage.items.has('k')).toBe(false)
  })

  it('does nothing without storage', () => {
    const page = new UnsavedUpdates('k', null)
    typingDoc(page).getText('t').insert(0, 'x')
    expect(page.flush()).toBe(true)
    expect(page.take()).toBeNull()
  })
})
