import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { dropPending, hasPending, pendingBytes } from '../../../collab-server/yjs-pending'

const CHANGED = 'yjs internal doc.store.pendingStructs/pendingDs changed: see collab-server/yjs-pending.ts'

/** Three updates of one client: an insert, an insert that builds on it, a deletion of the first. */
function history(): { first: Uint8Array; second: Uint8Array; deletion: Uint8Array } {
  const source = new Y.Doc()
  const updates: Uint8Array[] = []
  source.on('update', (update: Uint8Array) => updates.push(update))
  const text = source.getText('t')
  text.insert(0, 'first')
  text.insert(5, ' second')
  text.delete(0, 5)
  source.destroy()
  return { first: updates[0], second: updates[1], deletion: updates[2] }
}

describe('Yjs pending content (yjs-pending)', () => {
  it('starts with nothing pending', () => {
    const doc = new Y.Doc()
    expect(doc.store.pendingStructs, CHANGED).toBeNull()
    expect(doc.store.pendingDs, CHANGED).toBeNull()
    expect(hasPending(doc)).toBe(false)
    expect(pendingBytes(doc)).toBe(0)
  })

  it('keeps structs that build on missing content in pendingStructs.update, and integrates them once it arrives', () => {
    const { first, second } = history()
    const doc = new Y.Doc()
    Y.applyUpdate(doc, second)
    expect(doc.getText('t').toString()).toBe('')
    expect(doc.store.pendingStructs?.update, CHANGED).toBeInstanceOf(Uint8Array)
    expect(hasPending(doc)).toBe(true)
    expect(pendingBytes(doc), CHANGED).toBe(doc.store.pendingStructs!.update.byteLength)
    expect(pendingBytes(doc)).toBeGreaterThan(0)
    Y.applyUpdate(doc, first)
    expect(doc.getText('t').toString(), CHANGED).toBe('first second')
    expect(hasPending(doc), CHANGED).toBe(false)
  })

  it('keeps deletions of missing content in pendingDs, an update', () => {
    const { deletion } = history()
    const doc = new Y.Doc()
    Y.applyUpdate(doc, deletion)
    expect(doc.store.pendingDs, CHANGED).toBeInstanceOf(Uint8Array)
    expect(pendingBytes(doc), CHANGED).toBe(doc.store.pendingDs!.byteLength)
    expect(hasPending(doc)).toBe(true)
  })

  it('forgets dropped content: it neither integrates later nor is passed on', () => {
    const { first, second, deletion } = history()
    const doc = new Y.Doc()
    Y.applyUpdate(doc, second)
    Y.applyUpdate(doc, deletion)
    dropPending(doc)
    expect(hasPending(doc), CHANGED).toBe(false)
    expect(pendingBytes(doc), CHANGED).toBe(0)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(hasPending(copy), CHANGED).toBe(false)
    Y.applyUpdate(doc, first)
    expect(doc.getText('t').toString(), CHANGED).toBe('first')
  })
})
