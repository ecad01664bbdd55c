import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../collab-server/logger'
import type { DocumentStore } from '../../../../collab-server/persistence/document-store'
import { SQLITE_FILE_NAME, SqliteStore } from '../../../../collab-server/persistence/sqlite-store'
import { TouchThrottle } from '../../../../collab-server/persistence/touch-throttle'
import { Room, type RoomDependencies } from '../../../../collab-server/rooms/room'
import type { AnnotationRecord } from '../../../../editor/model/annotation'
import { readAnnotations } from '../../../../editor/model/annotation-store'
import { storedDataModelVersion } from '../../../../editor/model/upgrade-data-model'
import { readV1Record, v1RecordMap } from '../../../../editor/model/v1-records'
import { readContent } from '../../../../editor/yjs/document-content'
import { MemoryStore } from '../support/memory-store'
import { docOf } from '../support/room-fixture'
import { makeTempDir, removeTempDir } from '../support/temp-dir'

const CREATED = '2025-03-01T09:00:00.000Z'
const PERSON = { id: 'u1', name: 'Ada' }
const TEXT = 'Putin met Erdoğan in Sochi.'

function depsOn(store: DocumentStore): RoomDependencies {
  return { store, touches: new TouchThrottle(store, { intervalMs: 1000, logger: silentLogger }), logger: silentLogger, compactionThreshold: 500, unloadCompactionMinUpdates: 10 }
}

async function loadRoom(id: string, deps: RoomDependencies): Promise<Room> {
  const room = await Room.load(id, deps)
  if (!room) throw new Error(`document "${id}" missing`)
  return room
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * Where an anchor points in `doc`: the type (by the id of the item holding it, or its root name),
 * the index in it and the association. Data model 2 stores an anchor as the bytes of the relative
 * position, which name the item and leave out the type it implies (editor/model/anchor-encoding.ts),
 * so its JSON differs from v1's while it points at the same place.
 */
function resolved(doc: Y.Doc, anchor: AnnotationRecord['start']) {
  const position = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor), doc)
  if (!position) throw new Error(`anchor ${JSON.stringify(anchor)} does not resolve`)
  const item = position.type._item
  return { type: item ? `${item.id.client}:${item.id.clock}` : rootName(doc, position.type), index: position.index, assoc: position.assoc }
}

function rootName(doc: Y.Doc, type: Y.AbstractType<unknown>): string | null {
  for (const [name, root] of doc.share) if (root === type) return name
  return null
}

/** A record with its anchors resolved in `doc`, to compare records read from different documents. */
function comparable(doc: Y.Doc, record: AnnotationRecord) {
  return { ...record, start: resolved(doc, record.start), end: resolved(doc, record.end) }
}

/** Every record of a v1 document as data model v1 reads it (all must be valid), sorted by id. */
function v1Records(doc: Y.Doc) {
  const records: AnnotationRecord[] = []
  for (const [id, map] of doc.getMap('annotations').entries()) {
    const read = readV1Record(id, map as Y.Map<unknown>)
    if ('error' in read) throw new Error(`v1 record "${id}" does not read: ${read.error}`)
    records.push(read.record)
  }
  return records.sort(byId).map((record) => comparable(doc, record))
}

/** The records of a document as data model 2 reads them, sorted by id. */
function v2Read(doc: Y.Doc) {
  const { records, invalid } = readAnnotations(doc)
  return { records: [...records].sort(byId).map((record) => comparable(doc, record)), invalid }
}

/** The layout of every record map: its entry keys. */
function recordKeys(doc: Y.Doc): string[][] {
  return [...doc.getMap('annotations').values()].map((map) => [...(map as Y.Map<unknown>).keys()])
}

/** A v1 document as the release before data model 2 wrote it: text, meta with schemaVersion 1, v1 record maps. */
function v1Document(): Y.Doc {
  const doc = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  doc.transact(() => {
    doc.getXmlFragment('prosemirror').push([paragraph])
    paragraph.push([text])
    text.insert(0, TEXT)
    const meta = doc.getMap('meta')
    meta.set('title', 'Summit')
    meta.set('createdAt', CREATED)
    meta.set('schemaVersion', 1)
  })
  const at = (index: number) => Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index))
  const records: AnnotationRecord[] = [
    {
      id: 'e1',
      type: 'event',
      start: at(0),
      end: at(17),
      exact: 'Putin met Erdoğan',
      attrs: { place: 'Sochi', participants: ['Putin', 'Erdoğan'], date: '2025-02' },
      createdBy: PERSON,
      createdAt: CREATED,
      updatedAt: CREATED,
      comments: [],
      links: [],
      history: [],
    },
    {
      id: 'c1',
      type: 'claim',
      start: at(21),
      end: at(26),
      exact: 'Sochi',
      attrs: { verdict: 'disputed', evidence: ['https://example.org/a'], claimant: 'TASS' },
      note: 'check the venue',
      createdBy: PERSON,
      createdAt: CREATED,
      updatedAt: '2025-03-02T10:00:00.000Z',
      comments: [
        { id: 'k1', author: PERSON, text: 'first', createdAt: '2025-03-01T10:00:00.000Z' },
        { id: 'k2', author: { id: 'u2', name: 'Bo' }, text: 'second', createdAt: '2025-03-02T10:00:00.000Z' },
      ],
      links: [],
      history: [],
    },
  ]
  doc.transact(() => {
    for (const record of records) doc.getMap('annotations').set(record.id, v1RecordMap(record))
  })
  return doc
}

describe('Room.load: a document in data model 1', () => {
  it('is upgraded once, on load: one stored update, records read as v1 read them, nothing more on the next load', async () => {
    const store = new MemoryStore()
    const v1 = v1Document()
    await store.createDocument({ id: 'doc', title: 'Summit', createdAt: CREATED, initialUpdate: Y.encodeStateAsUpdate(v1) })
    // A v1 client added a quote later: the store holds two updates.
    const before = Y.encodeStateVector(v1)
    const quote: AnnotationRecord = {
      id: 'q1',
      type: 'quote',
      start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(v1.getXmlFragment('prosemirror'), 0)),
      end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(v1.getXmlFragment('prosemirror'), 1)),
      exact: TEXT,
      attrs: { speaker: 'TASS', paraphrase: true },
      createdBy: PERSON,
      createdAt: CREATED,
      updatedAt: CREATED,
      comments: [{ id: 'k3', author: PERSON, text: 'source?', createdAt: CREATED }],
      links: [],
      history: [],
    }
    v1.getMap('annotations').set('q1', v1RecordMap(quote))
    await store.appendUpdate('doc', Y.encodeStateAsUpdate(v1, before))
    const expected = v1Records(v1)
    expect(expected.map((record) => record.id)).toEqual(['c1', 'e1', 'q1'])
    expect(recordKeys(v1).every((keys) => keys.includes('id') && keys.includes('comments'))).toBe(true)
    const appends = store.calls.appendUpdate
    const rows = store.updates.get('doc')!.length
    expect(rows).toBe(2)

    const deps = depsOn(store)
    const room = await loadRoom('doc', deps)
    // Stored by the time the room is handed out, before anyone can join.
    expect(store.calls.appendUpdate).toBe(appends + 1)
    expect(store.updates.get('doc')!.length).toBe(rows + 1)
    expect(storedDataModelVersion(room.doc)).toBe(2)
    expect(room.doc.getMap('meta').get('schemaVersion')).toBe(2)
    expect(v2Read(room.doc)).toEqual({ records: expected, invalid: [] })
    expect(recordKeys(room.doc).every((keys) => keys.includes('base') && !keys.includes('id') && !keys.includes('comments'))).toBe(true)
    expect(readContent(room.doc).textContent).toBe(TEXT)
    // What the store holds now is the upgraded document.
    const stored = docOf(...store.updates.get('doc')!.map((row) => row.data))
    expect(stored.getMap('meta').get('schemaVersion')).toBe(2)
    expect(v2Read(stored)).toEqual({ records: expected, invalid: [] })
    await room.close()

    const again = await loadRoom('doc', deps)
    expect(store.calls.appendUpdate).toBe(appends + 1)
    expect(store.updates.get('doc')!.length).toBe(rows + 1)
    expect(storedDataModelVersion(again.doc)).toBe(2)
    expect(v2Read(again.doc)).toEqual({ records: expected, invalid: [] })
    await again.close()
  })

  it('leaves a v1 record that does not validate as it is (listed invalid) and still upgrades the rest', async () => {
    const store = new MemoryStore()
    const v1 = v1Document()
    const broken = new Y.Map<unknown>()
    v1.transact(() => {
      v1.getMap('annotations').set('bad', broken)
      broken.set('id', 'bad')
      broken.set('type', 'rumour')
    })
    await store.createDocument({ id: 'doc', title: 'Summit', createdAt: CREATED, initialUpdate: Y.encodeStateAsUpdate(v1) })
    const room = await loadRoom('doc', depsOn(store))
    expect(store.calls.appendUpdate).toBe(1)
    expect(storedDataModelVersion(room.doc)).toBe(2)
    const read = v2Read(room.doc)
    expect(read.records.map((record) => record.id)).toEqual(['c1', 'e1'])
    expect(read.invalid.map((record) => record.id)).toEqual(['bad'])
    expect([...(room.doc.getMap('annotations').get('bad') as Y.Map<unknown>).keys()].sort()).toEqual(['id', 'type'])
    await room.close()
  })

  it('upgrades the store the release before data model 2 wrote (tests/fixtures/v1-store), once', async () => {
    const dir = await makeTempDir()
    try {
      await copyFile(join(import.meta.dirname, '../../../fixtures/v1-store/data', SQLITE_FILE_NAME), join(dir, SQLITE_FILE_NAME))
      const store = SqliteStore.open(dir)
      try {
        const documents = await store.listDocuments()
        expect(documents.map((document) => document.id).sort()).toEqual(['astral-fixture', 'israel-russia-part-2'])
        const deps = depsOn(store)
        for (const { id } of documents) {
          const rows = await store.loadUpdates(id)
          const v1 = docOf(...rows.map((row) => row.data))
          expect(v1.getMap('meta').get('schemaVersion')).toBe(1)
          const expected = v1Records(v1)
          expect(expected.length).toBeGreaterThan(0)

          const room = await loadRoom(id, deps)
          expect((await store.loadUpdates(id)).length).toBe(rows.length + 1)
          expect(storedDataModelVersion(room.doc)).toBe(2)
          expect(v2Read(room.doc)).toEqual({ records: expected, invalid: [] })
          expect(readContent(room.doc).textContent).toBe(readContent(v1).textContent)
          await room.close()

          const again = await loadRoom(id, deps)
          expect((await store.loadUpdates(id)).length).toBe(rows.length + 1)
          expect(v2Read(again.doc)).toEqual({ records: expected, invalid: [] })
          await again.close()
        }
      } finally {
        await store.close()
      }
    } finally {
      await removeTempDir(dir)
    }
  })
})
