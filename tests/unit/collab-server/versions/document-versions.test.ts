import * as Y from 'yjs'
import { beforeEach, describe, expect, it } from 'vitest'
import { saveVersion, sameDocumentState } from '../../../../collab-server/versions/document-versions'
import { restoreVersion } from '../../../../collab-server/versions/restore-version'
import { importPlainText } from '../../../../editor/import/plain-text'
import { encodeInitialDocument, readMeta } from '../../../../editor/yjs/document-content'
import { MemoryStore } from '../support/memory-store'

const POLICY = { maxCount: 200, maxBytes: 1_000_000, maxStateBytes: 100_000 }
const NOW = new Date('2026-12-05T14:05:00.000Z')

function initialUpdate(text: string): Uint8Array {
  return encodeInitialDocument(importPlainText(text, { title: 'Doc' }), { title: 'Doc', createdAt: '2026-12-05T10:00:00.000Z' })
}

describe('saveVersion', () => {
  let store: MemoryStore

  beforeEach(async () => {
    store = new MemoryStore()
    await store.createDocument({ id: 'doc', title: 'Doc', createdAt: '2026-12-05T10:00:00.000Z', initialUpdate: initialUpdate('First words.') })
  })

  it('stores the document as stored now, with its name and author', async () => {
    const outcome = await saveVersion(store, 'doc', { kind: 'manual', name: 'before review', createdBy: { id: 'ada', name: 'Ada' } }, POLICY, NOW)
    expect(outcome).toMatchObject({
      ok: true,
      added: { version: { number: 1, name: 'before review', kind: 'manual', createdBy: { id: 'ada', name: 'Ada' }, createdAt: NOW.toISOString() } },
    })
    const version = await store.getVersion('doc', 1)
    expect(sameDocumentState(version!.state, (await store.loadUpdates('doc'))[0].data)).toBe(true)
  })

  it('refuses a missing document and a state over the size cap, storing nothing', async () => {
    expect(await saveVersion(store, 'missing', { kind: 'auto' }, POLICY)).toEqual({ ok: false, reason: 'not-found', message: 'document "missing" not found' })
    const tight = { ...POLICY, maxStateBytes: 10 }
    const refused = await saveVersion(store, 'doc', { kind: 'manual', name: 'big', createdBy: null }, tight)
    expect(refused).toMatchObject({ ok: false, reason: 'too-large' })
    expect(await store.listVersions('doc')).toEqual([])
  })

  /** Stores an edit of the document (its title set to `title`). */
  async function edit(title: string): Promise<void> {
    const ydoc = new Y.Doc()
    for (const update of await store.loadUpdates('doc')) Y.applyUpdate(ydoc, update.data)
    const before = Y.encodeStateVector(ydoc)
    ydoc.getMap('meta').set('title', title)
    await store.appendUpdate('doc', Y.encodeStateAsUpdate(ydoc, before))
  }
  const manual = (name: string) => ({ kind: 'manual' as const, name, createdBy: null })

  it('refuses a version, automatic or manual, of what the latest version holds', async () => {
    expect((await saveVersion(store, 'doc', { kind: 'auto' }, POLICY)).ok).toBe(true)
    expect(await saveVersion(store, 'doc', { kind: 'auto' }, POLICY)).toEqual({ ok: false, reason: 'unchanged', message: 'nothing changed since the latest version' })
    expect(await saveVersion(store, 'doc', manual('same again'), POLICY)).toEqual({
      ok: false,
      reason: 'unchanged',
      message: 'nothing changed since version 1 ("Saved automatically")',
    })
    await edit('Renamed')
    expect((await saveVersion(store, 'doc', manual('renamed'), POLICY)).ok).toBe(true)
    await edit('Renamed again')
    expect((await saveVersion(store, 'doc', { kind: 'auto' }, POLICY)).ok).toBe(true)
    expect((await store.listVersions('doc')).map((version) => version.kind)).toEqual(['auto', 'manual', 'auto'])
  })

  it('never prunes a manual version: at the limit the automatic ones go, then a new manual one is refused', async () => {
    const small = { ...POLICY, maxCount: 3 }
    expect((await saveVersion(store, 'doc', manual('kept'), small)).ok).toBe(true)
    for (let i = 0; i < 3; i++) {
      await edit(`auto ${i}`)
      expect((await saveVersion(store, 'doc', { kind: 'auto' }, small)).ok).toBe(true)
    }
    await edit('manual 2')
    expect(await saveVersion(store, 'doc', manual('second'), small)).toMatchObject({ ok: true, added: { pruned: [3] } })
    await edit('manual 3')
    expect(await saveVersion(store, 'doc', manual('third'), small)).toMatchObject({ ok: true, added: { pruned: [4] } })
    await edit('manual 4')
    expect(await saveVersion(store, 'doc', manual('fourth'), small)).toEqual({
      ok: false,
      reason: 'full',
      message: 'this document has 3 saved versions: the most it may keep (saved versions are never deleted automatically)',
    })
    expect((await store.listVersions('doc')).map((version) => version.name)).toEqual(['third', 'second', 'kept'])
  })

  it('refuses a manual version when the manual ones hold the byte limit', async () => {
    expect((await saveVersion(store, 'doc', manual('first'), POLICY)).ok).toBe(true)
    const [first] = await store.listVersions('doc')
    await edit('Renamed')
    const refused = await saveVersion(store, 'doc', manual('second'), { ...POLICY, maxBytes: first.bytes + 10 })
    expect(refused).toMatchObject({ ok: false, reason: 'full', message: expect.stringContaining(`saved versions of ${first.bytes} bytes in all`) })
  })
})

describe('sameDocumentState', () => {
  it('tells apart different content and sees equal content written differently', () => {
    const one = initialUpdate('Same words.')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, one)
    expect(sameDocumentState(one, Y.encodeStateAsUpdate(doc))).toBe(true)
    const text = (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).firstChild as Y.XmlText
    text.insert(0, 'Gone ')
    expect(sameDocumentState(one, Y.encodeStateAsUpdate(doc))).toBe(false)
    text.delete(0, 5)
    expect(sameDocumentState(one, Y.encodeStateAsUpdate(doc))).toBe(true)
    expect(sameDocumentState(one, initialUpdate('Other words.'))).toBe(false)
  })
})

describe('restoreVersion', () => {
  it('makes a new document from the version under a new id and title, the original untouched', async () => {
    const store = new MemoryStore()
    await store.createDocument({ id: 'doc', title: 'Doc', createdAt: '2026-12-05T10:00:00.000Z', initialUpdate: initialUpdate('Old words.') })
    await saveVersion(store, 'doc', { kind: 'manual', name: 'v', createdBy: null }, POLICY)
    const ids = ['doc', 'doc-copy']
    const restored = await restoreVersion(store, 'doc', 1, {}, { now: () => NOW, newId: () => ids.shift()! })
    expect(restored).toEqual({ ok: true, document: { id: 'doc-copy', title: 'Doc (version 1)', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() } })
    const copy = new Y.Doc()
    Y.applyUpdate(copy, (await store.loadUpdates('doc-copy'))[0].data)
    expect(readMeta(copy)).toEqual({ title: 'Doc (version 1)', createdAt: NOW.toISOString(), schemaVersion: 2 })
    expect(copy.getXmlFragment('prosemirror').toString()).toContain('Old words.')
    expect(await store.listVersions('doc-copy')).toEqual([])
    expect(await restoreVersion(store, 'doc', 2, {})).toEqual({ ok: false, reason: 'not-found', message: 'version 2 of document "doc" not found' })
    // The new meta (a longer title) can take a version at the quota over it: refused, nothing stored.
    const { state } = (await store.getVersion('doc', 1))!
    const tooLarge = await restoreVersion(store, 'doc', 1, { title: 'T'.repeat(300) }, { newId: () => 'too-big' }, state.byteLength + 50)
    expect(tooLarge).toMatchObject({
      ok: false,
      reason: 'too-large',
      message: expect.stringMatching(/^the restored document would be \d+ bytes, more than a document may hold \(\d+\)$/),
    })
    expect(await store.getDocument('too-big')).toBeNull()
  })
})
