import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { DocumentSizes, addsContent, withinQuota, type SizedStore } from '../../../../collab-server/limits/document-size'
import { MemoryStore } from '../support/memory-store'

function sized(store: MemoryStore): SizedStore {
  return Object.assign(store, {
    storedBytes: async (id: string) => (await store.loadUpdates(id)).reduce((sum, update) => sum + update.data.byteLength, 0),
  })
}

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return doc
}

describe('DocumentSizes', () => {
  it('follows a document through load, appends and compaction, and forgets it', async () => {
    const sizes = new DocumentSizes()
    const inner = new MemoryStore()
    await inner.createDocument({ id: 'd', title: 'D', createdAt: '2026-01-01T00:00:00.000Z', initialUpdate: new Uint8Array(100) })
    const store = sizes.track(sized(inner))
    await store.loadUpdates('d')
    expect(sizes.get('d')).toBe(100)
    const seq = await store.appendUpdate('d', new Uint8Array(50))
    expect(sizes.get('d')).toBe(150)
    await store.compact('d', seq)
    expect(sizes.get('d')).toBe(await sized(inner).storedBytes('d'))
    sizes.forget('d')
    expect(sizes.get('d')).toBe(0)
  })
})

describe('addsContent / withinQuota', () => {
  it('tells an update with new structs from one that only repeats or deletes', () => {
    const server = docWithText('hello')
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(client)
    client.getText('t').insert(5, ' world')
    const adding = Y.encodeStateAsUpdate(client, before)
    const upToDateStep2 = Y.encodeStateAsUpdate(server, Y.encodeStateVector(server))
    const deleting = (() => {
      const copy = new Y.Doc()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(server))
      const sv = Y.encodeStateVector(copy)
      copy.getText('t').delete(0, 5)
      return Y.encodeStateAsUpdate(copy, sv)
    })()
    expect([addsContent(server, adding), addsContent(server, upToDateStep2), addsContent(server, deleting)]).toEqual([true, false, false])
    expect(withinQuota(server, 1000, adding, 1000)).toBe(false)
    expect(withinQuota(server, 1000, deleting, 1000)).toBe(true)
    expect(withinQuota(server, 10, adding, 1000)).toBe(true)
    expect(withinQuota(server, 1000, Uint8Array.of(0xff, 0xff, 0xff), 1000)).toBe(true) // malformed: refused by the room, not here
  })
})
