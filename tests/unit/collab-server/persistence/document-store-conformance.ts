import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DocumentExistsError, type DocumentStore, type NewDocument, type NewVersion } from '../../../../collab-server/persistence/document-store'

/**
 * How the conformance suite makes stores of one {@link DocumentStore} implementation. Each test
 * gets a fresh, empty location (a directory, a database schema) and removes it afterwards.
 */
export interface DocumentStoreFactory<Location> {
  /** Whether a store opened again on a location sees what an earlier store wrote there; the reopen tests run only then. */
  readonly persistent: boolean
  /** Fresh, empty storage for one test. */
  createLocation(): Promise<Location>
  /** Opens a store on `location`. */
  open(location: Location): Promise<DocumentStore>
  /** Removes the storage of one test; every store on it is closed by then. */
  removeLocation(location: Location): Promise<void>
}

const CREATED_AT = '2024-05-01T10:00:00.000Z'
const LATER = '2024-05-02T10:00:00.000Z'
const LATEST = '2024-05-03T10:00:00.000Z'
const BLANK_UPDATE = Uint8Array.of(0, 0)

/** Applies `count` one-character edits to `doc` (text "0123456789012…"), returning each edit's update. */
function edits(doc: Y.Doc, count: number): Uint8Array[] {
  const updates: Uint8Array[] = []
  const record = (update: Uint8Array) => updates.push(update)
  doc.on('update', record)
  const text = doc.getText('body')
  for (let index = 0; index < count; index++) text.insert(text.length, String(text.length % 10))
  doc.off('update', record)
  return updates
}

function docFrom(updates: readonly { data: Uint8Array }[]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update.data)
  return doc
}

function newDocument(id: string, overrides: Partial<NewDocument> = {}): NewDocument {
  return { id, title: id.toUpperCase(), createdAt: CREATED_AT, initialUpdate: BLANK_UPDATE, ...overrides }
}

function isStrictlyIncreasing(values: readonly number[]): boolean {
  return values.every((value, index) => index === 0 || value > values[index - 1])
}

/**
 * Registers the {@link DocumentStore} contract as tests of the implementation `name`: every store
 * (SQLite, in-memory, a later PostgreSQL one) runs this suite from a test file of its own.
 */
export function describeDocumentStore<Location>(name: string, factory: DocumentStoreFactory<Location>): void {
  describe(`${name} conforms to DocumentStore`, () => {
    let location: Location
    let store: DocumentStore
    let opened: DocumentStore[] = []

    const open = async (): Promise<DocumentStore> => {
      const next = await factory.open(location)
      opened.push(next)
      return next
    }

    /** Closes the current store and opens the same location again. */
    const reopen = async (): Promise<void> => {
      await store.close()
      store = await open()
    }

    /** Creates a document whose content is `source`'s first edit, then appends the others; resolves every seq. */
    const createWithEdits = async (id: string, source: Y.Doc, count: number): Promise<number[]> => {
      const [first, ...rest] = edits(source, count)
      const created = await store.createDocument(newDocument(id, { initialUpdate: first }))
      expect(created.ok).toBe(true)
      const seqs = (await store.loadUpdates(id)).map((row) => row.seq)
      for (const update of rest) seqs.push(await store.appendUpdate(id, update))
      return seqs
    }

    beforeEach(async () => {
      location = await factory.createLocation()
      store = await open()
    })

    afterEach(async () => {
      for (const each of opened) await each.close()
      opened = []
      await factory.removeLocation(location)
    })

    describe('documents', () => {
      it('starts empty: lists nothing and knows no document', async () => {
        expect(await store.listDocuments()).toEqual([])
        expect(await store.getDocument('missing')).toBeNull()
        expect(await store.loadUpdates('missing')).toEqual([])
        expect(await store.tokenGeneration('missing')).toBeNull()
      })

      it('creates a record with updatedAt = createdAt and stores the initial update as its only row', async () => {
        const initial = edits(new Y.Doc(), 1)[0]
        const record = { id: 'a', title: 'A', createdAt: CREATED_AT, updatedAt: CREATED_AT }
        expect(await store.createDocument(newDocument('a', { title: 'A', initialUpdate: initial }))).toEqual({ ok: true, document: record })
        expect(await store.getDocument('a')).toEqual(record)
        expect(await store.listDocuments()).toEqual([record])
        const rows = await store.loadUpdates('a')
        expect(rows).toEqual([{ seq: expect.any(Number), data: initial }])
        expect(Number.isInteger(rows[0].seq) && rows[0].seq > 0).toBe(true)
      })

      it('refuses a taken id with a DocumentExistsError and changes nothing', async () => {
        await store.createDocument(newDocument('a', { title: 'A' }))
        const again = await store.createDocument(newDocument('a', { title: 'B', createdAt: LATER, initialUpdate: Uint8Array.of(1) }))
        expect(again.ok).toBe(false)
        const error = again.ok ? null : again.error
        expect(error).toBeInstanceOf(DocumentExistsError)
        expect([error?.documentId, error?.message]).toEqual(['a', 'document "a" already exists'])
        expect(await store.listDocuments()).toEqual([{ id: 'a', title: 'A', createdAt: CREATED_AT, updatedAt: CREATED_AT }])
        expect((await store.loadUpdates('a')).map((row) => row.data)).toEqual([BLANK_UPDATE])
      })

      it('lets exactly one of two concurrent creates of one id succeed', async () => {
        const results = await Promise.all([store.createDocument(newDocument('a', { title: 'First' })), store.createDocument(newDocument('a', { title: 'Second' }))])
        expect(results.filter((result) => result.ok)).toHaveLength(1)
        expect(await store.loadUpdates('a')).toHaveLength(1)
      })

      it('keeps ids and titles exactly as given: case-sensitive, any Unicode', async () => {
        for (const id of ['doc', 'Doc', 'dök-✓-𝔘']) await store.createDocument(newDocument(id, { title: `Títle ${id} 🎉` }))
        expect((await store.getDocument('dök-✓-𝔘'))?.title).toBe('Títle dök-✓-𝔘 🎉')
        expect((await store.getDocument('Doc'))?.title).toBe('Títle Doc 🎉')
        expect(await store.getDocument('DOC')).toBeNull()
        expect(await store.listDocuments()).toHaveLength(3)
      })

      it('lists the most recently updated first, equal times by id', async () => {
        for (const id of ['b', 'c', 'a']) await store.createDocument(newDocument(id))
        await store.createDocument(newDocument('z', { createdAt: LATER }))
        await store.touchDocument('c', LATEST)
        expect((await store.listDocuments()).map((document) => [document.id, document.updatedAt])).toEqual([
          ['c', LATEST],
          ['z', LATER],
          ['a', CREATED_AT],
          ['b', CREATED_AT],
        ])
      })

      it('touchDocument sets updatedAt only, and is a no-op for an unknown document', async () => {
        await store.createDocument(newDocument('a', { title: 'A' }))
        await store.touchDocument('a', LATER)
        expect(await store.getDocument('a')).toEqual({ id: 'a', title: 'A', createdAt: CREATED_AT, updatedAt: LATER })
        await expect(store.touchDocument('missing', LATER)).resolves.toBeUndefined()
        expect(await store.getDocument('missing')).toBeNull()
        expect(await store.listDocuments()).toHaveLength(1)
      })
    })

    describe('updates', () => {
      it('appends with increasing seqs and loads the rows in that order', async () => {
        const source = new Y.Doc()
        const seqs = await createWithEdits('doc', source, 20)
        expect(isStrictlyIncreasing(seqs)).toBe(true)
        const rows = await store.loadUpdates('doc')
        expect(rows.map((row) => row.seq)).toEqual(seqs)
        const restored = docFrom(rows)
        expect(restored.getText('body').toString()).toBe('01234567890123456789')
        expect(Y.encodeStateAsUpdate(restored)).toEqual(Y.encodeStateAsUpdate(source))
      })

      it('numbers updates store-wide: seqs increase across documents, each document loads only its own', async () => {
        await store.createDocument(newDocument('a'))
        await store.createDocument(newDocument('b'))
        const seqs: number[] = []
        for (let index = 0; index < 6; index++) seqs.push(await store.appendUpdate(index % 2 === 0 ? 'a' : 'b', Uint8Array.of(index)))
        expect(isStrictlyIncreasing(seqs)).toBe(true)
        expect((await store.loadUpdates('a')).slice(1)).toEqual([0, 2, 4].map((index) => ({ seq: seqs[index], data: Uint8Array.of(index) })))
        expect((await store.loadUpdates('b')).slice(1)).toEqual([1, 3, 5].map((index) => ({ seq: seqs[index], data: Uint8Array.of(index) })))
      })

      it('stores appends issued together (not awaited one by one) in call order', async () => {
        await store.createDocument(newDocument('a'))
        await store.createDocument(newDocument('b'))
        const appended = Array.from({ length: 12 }, (_, index) => ({ id: index % 3 === 0 ? 'b' : 'a', data: Uint8Array.of(index) }))
        const seqs = await Promise.all(appended.map(({ id, data }) => store.appendUpdate(id, data)))
        expect(isStrictlyIncreasing(seqs)).toBe(true)
        const rowsOf = (id: string) => appended.flatMap((each, index) => (each.id === id ? [{ seq: seqs[index], data: each.data }] : []))
        expect((await store.loadUpdates('a')).slice(1)).toEqual(rowsOf('a'))
        expect((await store.loadUpdates('b')).slice(1)).toEqual(rowsOf('b'))
      })

      it('rejects an append to an unknown document, stores nothing for it, and keeps the others of the same turn', async () => {
        await store.createDocument(newDocument('doc'))
        const results = await Promise.allSettled([
          store.appendUpdate('doc', Uint8Array.of(1)),
          store.appendUpdate('missing', Uint8Array.of(2)),
          store.appendUpdate('doc', Uint8Array.of(3)),
        ])
        expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
        expect((await store.loadUpdates('doc')).map((row) => row.data)).toEqual([BLANK_UPDATE, Uint8Array.of(1), Uint8Array.of(3)])
        expect(await store.loadUpdates('missing')).toEqual([])
        expect(await store.getDocument('missing')).toBeNull()
        expect(await store.health()).toEqual({ ok: true })
      })

      it('keeps its own copy of the bytes: changing the array appended or loaded changes nothing stored', async () => {
        const initial = Uint8Array.of(0, 0)
        await store.createDocument(newDocument('doc', { initialUpdate: initial }))
        const appended = Uint8Array.of(7, 7, 7)
        await store.appendUpdate('doc', appended)
        initial.fill(9)
        appended.fill(9)
        const loaded = await store.loadUpdates('doc')
        for (const row of loaded) row.data.fill(9)
        expect((await store.loadUpdates('doc')).map((row) => row.data)).toEqual([Uint8Array.of(0, 0), Uint8Array.of(7, 7, 7)])
      })

      it('stores a large update byte for byte', async () => {
        await store.createDocument(newDocument('doc'))
        const large = Buffer.alloc(1 << 20)
        for (let index = 0; index < large.length; index++) large[index] = (index * 31 + (index >> 8)) % 256
        await store.appendUpdate('doc', large)
        const loaded = (await store.loadUpdates('doc'))[1].data
        // Buffer#equals: a deep toEqual over a megabyte takes seconds.
        expect(large.equals(loaded)).toBe(true)
      })
    })

    describe('compact', () => {
      it('merges the rows up to upToSeq into one carrying the highest merged seq, keeps later rows and the content', async () => {
        const source = new Y.Doc()
        const seqs = await createWithEdits('doc', source, 12)
        expect(await store.compact('doc', seqs[9])).toBe(3)
        expect((await store.loadUpdates('doc')).map((row) => row.seq)).toEqual(seqs.slice(9))
        expect(
          docFrom(await store.loadUpdates('doc'))
            .getText('body')
            .toString(),
        ).toBe('012345678901')

        expect(await store.compact('doc', seqs[11])).toBe(1)
        const compacted = await store.loadUpdates('doc')
        expect(compacted.map((row) => row.seq)).toEqual([seqs[11]])
        const restored = docFrom(compacted)
        expect(restored.getText('body').toString()).toBe('012345678901')
        expect(Y.encodeStateVector(restored)).toEqual(Y.encodeStateVector(source))
      })

      it('changes nothing when at most one row is covered, and resolves the row count', async () => {
        const seqs = await createWithEdits('doc', new Y.Doc(), 4)
        const before = await store.loadUpdates('doc')
        expect(await store.compact('doc', seqs[0] - 1)).toBe(4)
        expect(await store.compact('doc', seqs[0])).toBe(4)
        expect(await store.loadUpdates('doc')).toEqual(before)
      })

      it('leaves other documents alone and resolves 0 for an unknown document', async () => {
        const aSeqs = await createWithEdits('a', new Y.Doc(), 3)
        const bSeqs = await createWithEdits('b', new Y.Doc(), 3)
        const bBefore = await store.loadUpdates('b')
        expect(await store.compact('a', Math.max(...aSeqs, ...bSeqs))).toBe(1)
        expect(await store.loadUpdates('b')).toEqual(bBefore)
        expect(await store.compact('missing', Number.MAX_SAFE_INTEGER)).toBe(0)
        expect(await store.getDocument('missing')).toBeNull()
      })

      it('gives later appends seqs above the merged row', async () => {
        const source = new Y.Doc()
        const seqs = await createWithEdits('doc', source, 5)
        await store.compact('doc', seqs[4])
        const next = await store.appendUpdate('doc', edits(source, 1)[0])
        expect(next).toBeGreaterThan(seqs[4])
        expect((await store.loadUpdates('doc')).map((row) => row.seq)).toEqual([seqs[4], next])
        expect(
          docFrom(await store.loadUpdates('doc'))
            .getText('body')
            .toString(),
        ).toBe('012345')
      })
    })

    describe('token generation', () => {
      it('is 0 for a new document, bumps by one per document, and is null for an unknown one', async () => {
        await store.createDocument(newDocument('a'))
        await store.createDocument(newDocument('b'))
        expect(await store.tokenGeneration('a')).toBe(0)
        expect([await store.bumpTokenGeneration('a'), await store.bumpTokenGeneration('a')]).toEqual([1, 2])
        expect([await store.tokenGeneration('a'), await store.tokenGeneration('b')]).toEqual([2, 0])
        expect([await store.tokenGeneration('missing'), await store.bumpTokenGeneration('missing')]).toEqual([null, null])
        expect(await store.getDocument('missing')).toBeNull()
      })

      it('is not changed by appends, touches or compaction', async () => {
        const seqs = await createWithEdits('doc', new Y.Doc(), 3)
        await store.bumpTokenGeneration('doc')
        await store.touchDocument('doc', LATER)
        await store.compact('doc', seqs[2])
        expect(await store.tokenGeneration('doc')).toBe(1)
      })
    })

    describe('health and close', () => {
      it('is healthy when fresh', async () => {
        expect(await store.health()).toEqual({ ok: true })
      })

      it('after close: health resolves not ok, every other call rejects, and closing again resolves', async () => {
        await store.createDocument(newDocument('doc'))
        await store.close()
        expect(await store.health()).toMatchObject({ ok: false, reason: expect.any(String) })
        const calls: [string, () => Promise<unknown>][] = [
          ['listDocuments', () => store.listDocuments()],
          ['getDocument', () => store.getDocument('doc')],
          ['createDocument', () => store.createDocument(newDocument('other'))],
          ['loadUpdates', () => store.loadUpdates('doc')],
          ['appendUpdate', () => store.appendUpdate('doc', Uint8Array.of(1))],
          ['compact', () => store.compact('doc', 1)],
          ['touchDocument', () => store.touchDocument('doc', LATER)],
          ['tokenGeneration', () => store.tokenGeneration('doc')],
          ['bumpTokenGeneration', () => store.bumpTokenGeneration('doc')],
        ]
        const outcomes = await Promise.all(
          calls.map(([method, call]) =>
            call().then(
              () => [method, 'resolved'],
              () => [method, 'rejected'],
            ),
          ),
        )
        expect(outcomes).toEqual(calls.map(([method]) => [method, 'rejected']))
        await expect(store.close()).resolves.toBeUndefined()
      })
    })

    if (!factory.persistent) return

    describe('across a reopen', () => {
      it('keeps documents, updates, touches and token generations', async () => {
        const source = new Y.Doc()
        const seqs = await createWithEdits('doc', source, 10)
        await store.createDocument(newDocument('other', { title: 'Öther' }))
        await store.touchDocument('doc', LATER)
        await store.bumpTokenGeneration('doc')
        const listed = await store.listDocuments()
        await reopen()
        expect(await store.listDocuments()).toEqual(listed)
        const rows = await store.loadUpdates('doc')
        expect(rows.map((row) => row.seq)).toEqual(seqs)
        expect(Y.encodeStateAsUpdate(docFrom(rows))).toEqual(Y.encodeStateAsUpdate(source))
        expect([await store.tokenGeneration('doc'), await store.tokenGeneration('other')]).toEqual([1, 0])
        expect((await store.createDocument(newDocument('doc'))).ok).toBe(false)
      })

      it('keeps a compaction, and numbers later appends above every earlier seq', async () => {
        const source = new Y.Doc()
        const seqs = await createWithEdits('doc', source, 6)
        await store.compact('doc', seqs[5])
        await reopen()
        expect((await store.loadUpdates('doc')).map((row) => row.seq)).toEqual([seqs[5]])
        expect(await store.appendUpdate('doc', edits(source, 1)[0])).toBeGreaterThan(seqs[5])
        expect(
          docFrom(await store.loadUpdates('doc'))
            .getText('body')
            .toString(),
        ).toBe('0123456')
      })

      it('stores an append still in flight when close is called', async () => {
        const [first, second] = edits(new Y.Doc(), 2)
        await store.createDocument(newDocument('doc', { initialUpdate: first }))
        const pending = store.appendUpdate('doc', second)
        await store.close()
        const seq = await pending
        store = await open()
        expect(await store.loadUpdates('doc')).toEqual([expect.anything(), { seq, data: second }])
      })
    })

    describe('versions', () => {
      const LIMITS = { maxCount: 200, maxBytes: 1_000_000 }
      const version = (overrides: Partial<NewVersion> = {}): NewVersion => ({
        docId: 'doc',
        name: 'before review',
        kind: 'manual',
        createdBy: { id: 'ada', name: 'Ada' },
        createdAt: LATER,
        state: Uint8Array.of(1, 2, 3),
        ...overrides,
      })
      const numbers = async (docId = 'doc') => (await store.listVersions(docId)).map((each) => `${each.number}${each.kind === 'auto' ? 'a' : 'm'}`)

      it('knows no version of a document that has none or does not exist, and adds none to a missing document', async () => {
        expect(await store.listVersions('missing')).toEqual([])
        expect(await store.getVersion('missing', 1)).toBeNull()
        expect(await store.addVersion(version({ docId: 'missing' }), LIMITS)).toBeNull()
        expect(await store.listVersions('missing')).toEqual([])
      })

      it('numbers versions 1, 2, 3 per document, lists them newest first without state, and keeps each state', async () => {
        await store.createDocument(newDocument('doc'))
        await store.createDocument(newDocument('other'))
        const first = await store.addVersion(version({ state: Uint8Array.of(7) }), LIMITS)
        expect(first).toEqual({
          version: { number: 1, name: 'before review', kind: 'manual', createdBy: { id: 'ada', name: 'Ada' }, createdAt: LATER, bytes: 1 },
          pruned: [],
        })
        await store.addVersion(version({ kind: 'auto', createdBy: null, name: 'Saved automatically', createdAt: LATEST, state: Uint8Array.of(8, 9) }), LIMITS)
        await store.addVersion(version({ docId: 'other' }), LIMITS)
        expect(await store.listVersions('doc')).toEqual([{ number: 2, name: 'Saved automatically', kind: 'auto', createdBy: null, createdAt: LATEST, bytes: 2 }, first!.version])
        expect(await store.getVersion('doc', 2)).toEqual({ version: (await store.listVersions('doc'))[0], state: Uint8Array.of(8, 9) })
        expect((await store.getVersion('doc', 1))?.state).toEqual(Uint8Array.of(7))
        expect(await store.getVersion('doc', 3)).toBeNull()
        expect(await numbers('other')).toEqual(['1m'])
        if (factory.persistent) {
          await reopen()
          expect(await numbers()).toEqual(['2a', '1m'])
        }
      })

      it('prunes the oldest automatic versions only, never a manual one nor the new one; numbers are not reused', async () => {
        await store.createDocument(newDocument('doc'))
        const limits = { maxCount: 3, maxBytes: 1_000_000 }
        for (const kind of ['manual', 'auto', 'manual', 'auto'] as const) await store.addVersion(version({ kind }), limits)
        expect(await numbers()).toEqual(['4a', '3m', '1m'])
        const fifth = await store.addVersion(version({ kind: 'manual' }), limits)
        expect(fifth?.pruned).toEqual([4])
        expect(await numbers()).toEqual(['5m', '3m', '1m'])
        // Only manual versions left: none is pruned (saveVersion refuses a manual one at the cap).
        expect((await store.addVersion(version({ kind: 'auto' }), limits))?.pruned).toEqual([])
        expect((await store.addVersion(version({ kind: 'auto' }), limits))?.pruned).toEqual([6])
        expect(await numbers()).toEqual(['7a', '5m', '3m', '1m'])
      })

      it('prunes automatic versions to the byte limit too, never manual ones', async () => {
        await store.createDocument(newDocument('doc'))
        const limits = { maxCount: 200, maxBytes: 10 }
        await store.addVersion(version({ state: new Uint8Array(4) }), limits)
        await store.addVersion(version({ kind: 'auto', state: new Uint8Array(4) }), limits)
        expect((await store.addVersion(version({ state: new Uint8Array(4) }), limits))?.pruned).toEqual([2])
        expect((await store.addVersion(version({ state: new Uint8Array(20) }), limits))?.pruned).toEqual([])
        expect(await numbers()).toEqual(['4m', '3m', '1m'])
      })
    })
  })
}
