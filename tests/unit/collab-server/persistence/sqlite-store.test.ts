import Database from 'better-sqlite3'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DocumentExistsError } from '../../../../collab-server/persistence/document-store'
import { SQLITE_FILE_NAME, SqliteStore } from '../../../../collab-server/persistence/sqlite-store'
import { makeTempDir, removeTempDir } from '../support/temp-dir'

const CREATED_AT = '2024-05-01T10:00:00.000Z'

/** Applies `count` edits to `doc`, returning each edit's update. */
function edits(doc: Y.Doc, count: number): Uint8Array[] {
  const updates: Uint8Array[] = []
  const record = (update: Uint8Array) => updates.push(update)
  doc.on('update', record)
  for (let index = 0; index < count; index++) doc.getText('body').insert(index, String(index % 10))
  doc.off('update', record)
  return updates
}

function docFrom(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

describe('SqliteStore', () => {
  let dataDir: string
  let store: SqliteStore

  beforeEach(async () => {
    dataDir = join(await makeTempDir(), 'nested', 'data')
    store = SqliteStore.open(dataDir)
  })

  afterEach(async () => {
    await store.close()
    await removeTempDir(join(dataDir, '..', '..'))
  })

  it('creates the data directory and a WAL-mode database file', () => {
    expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(true)
    const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })

  it('creates a document once and refuses the same id again without changing it', async () => {
    const initial = Uint8Array.of(0, 0)
    expect(await store.createDocument({ id: 'a', title: 'A', createdAt: CREATED_AT, initialUpdate: initial })).toEqual({
      ok: true,
      document: { id: 'a', title: 'A', createdAt: CREATED_AT, updatedAt: CREATED_AT },
    })
    const again = await store.createDocument({ id: 'a', title: 'B', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(1) })
    expect(again).toEqual({ ok: false, error: new DocumentExistsError('a') })
    expect(again.ok ? null : again.error.message).toBe('document "a" already exists')
    expect(await store.getDocument('a')).toEqual({ id: 'a', title: 'A', createdAt: CREATED_AT, updatedAt: CREATED_AT })
    expect(await store.loadUpdates('a')).toEqual([{ seq: 1, data: initial }])
  })

  it('lists documents most recently updated first and touches updatedAt', async () => {
    for (const id of ['one', 'two', 'three']) {
      await store.createDocument({ id, title: id.toUpperCase(), createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
    }
    await store.touchDocument('one', '2024-05-02T00:00:00.000Z')
    const listed = await store.listDocuments()
    expect(listed.map((document) => [document.id, document.updatedAt])).toEqual([
      ['one', '2024-05-02T00:00:00.000Z'],
      ['three', CREATED_AT],
      ['two', CREATED_AT],
    ])
    expect(await store.getDocument('missing')).toBeNull()
  })

  it('reads back identical state and content after a restart', async () => {
    const source = new Y.Doc()
    const [first, ...rest] = edits(source, 20)
    await store.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: first })
    for (const update of rest) await store.appendUpdate('doc', update)
    await store.close()

    store = SqliteStore.open(dataDir)
    const stored = await store.loadUpdates('doc')
    expect(stored.map((row) => row.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1))
    const restored = docFrom(stored.map((row) => row.data))
    expect(Y.encodeStateVector(restored)).toEqual(Y.encodeStateVector(source))
    expect(restored.getText('body').toString()).toBe('01234567890123456789')
    expect(Y.encodeStateAsUpdate(restored)).toEqual(Y.encodeStateAsUpdate(source))
  })

  it('compacts updates up to a sequence number into one row, keeping content and later rows', async () => {
    const source = new Y.Doc()
    const [first, ...rest] = edits(source, 12)
    await store.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: first })
    const seqs: number[] = []
    for (const update of rest) seqs.push(await store.appendUpdate('doc', update))

    expect(await store.compact('doc', seqs[8])).toBe(3)
    const partly = await store.loadUpdates('doc')
    expect(partly.map((row) => row.seq)).toEqual([seqs[8], seqs[9], seqs[10]])

    expect(await store.compact('doc', seqs[10])).toBe(1)
    const compacted = await store.loadUpdates('doc')
    expect(compacted.map((row) => row.seq)).toEqual([seqs[10]])
    const restored = docFrom(compacted.map((row) => row.data))
    expect(restored.getText('body').toString()).toBe('012345678901')
    expect(Y.encodeStateVector(restored)).toEqual(Y.encodeStateVector(source))
  })

  it('compaction leaves other documents alone', async () => {
    await store.createDocument({ id: 'a', title: 'A', createdAt: CREATED_AT, initialUpdate: edits(new Y.Doc(), 1)[0] })
    await store.createDocument({ id: 'b', title: 'B', createdAt: CREATED_AT, initialUpdate: edits(new Y.Doc(), 1)[0] })
    await store.appendUpdate('b', edits(new Y.Doc(), 1)[0])
    expect(await store.compact('a', 100)).toBe(1)
    expect((await store.loadUpdates('b')).length).toBe(2)
  })

  it('reports itself unhealthy once closed', async () => {
    expect(await store.health()).toEqual({ ok: true })
    await store.close()
    expect(await store.health()).toEqual({ ok: false, reason: 'the document store is closed' })
  })

  it('keeps a token generation per document, 0 at first, and bumps it; null for an unknown document', async () => {
    await store.createDocument({ id: 'a', title: 'A', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
    await store.createDocument({ id: 'b', title: 'B', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
    expect(await store.tokenGeneration('a')).toBe(0)
    expect([await store.bumpTokenGeneration('a'), await store.bumpTokenGeneration('a')]).toEqual([1, 2])
    expect([await store.tokenGeneration('a'), await store.tokenGeneration('b')]).toEqual([2, 0])
    expect([await store.tokenGeneration('nope'), await store.bumpTokenGeneration('nope')]).toEqual([null, null])
    await store.close()
    store = SqliteStore.open(dataDir)
    expect(await store.tokenGeneration('a')).toBe(2)
  })

  it('writes the appends of one turn together, in order, and rejects only a write that fails', async () => {
    const source = new Y.Doc()
    const [first, ...rest] = edits(source, 6)
    await store.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: first })
    const results = await Promise.allSettled([
      ...rest.slice(0, 3).map((update) => store.appendUpdate('doc', update)),
      store.appendUpdate('no-such-document', rest[3]),
      ...rest.slice(3).map((update) => store.appendUpdate('doc', update)),
    ])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
    const seqs = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    // On disk once resolved: another connection reads every row.
    const reader = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    const rows = reader.prepare('SELECT count(*) AS count FROM updates WHERE doc_id = ?').get('doc') as { count: number }
    reader.close()
    expect(rows.count).toBe(6)
    expect(docFrom((await store.loadUpdates('doc')).map((row) => row.data)).getText('body').toString()).toBe('012345')
  })

  it('writes what is still queued when closed', async () => {
    const [first, second] = edits(new Y.Doc(), 2)
    await store.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: first })
    const pending = store.appendUpdate('doc', second)
    await store.close()
    await expect(pending).resolves.toBeGreaterThan(0)
    store = SqliteStore.open(dataDir)
    expect((await store.loadUpdates('doc')).length).toBe(2)
  })

  it('flushes every commit by default and only at checkpoints with synchronous: normal', async () => {
    const pragma = (target: SqliteStore) => (target as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })
    expect(pragma(store)).toBe(2)
    const relaxed = SqliteStore.open(join(dataDir, 'relaxed'), { synchronous: 'normal' })
    expect(pragma(relaxed)).toBe(1)
    await relaxed.close()
  })

  it('uses incremental auto-vacuum, so compaction can give space back', () => {
    const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2)
    db.close()
  })

  it('migrates a store of the previous version in place: documents and updates kept, generation 0', async () => {
    await store.close()
    const oldDir = join(dataDir, '..', 'old')
    mkdirSync(oldDir)
    const old = new Database(join(oldDir, SQLITE_FILE_NAME))
    old.exec(`
      CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL REFERENCES documents(id), data BLOB NOT NULL);
      INSERT INTO documents VALUES ('kept', 'Kept', '${CREATED_AT}', '${CREATED_AT}');
      INSERT INTO updates (doc_id, data) VALUES ('kept', x'0000');
    `)
    old.close()
    store = SqliteStore.open(oldDir)
    expect(await store.getDocument('kept')).toEqual({ id: 'kept', title: 'Kept', createdAt: CREATED_AT, updatedAt: CREATED_AT })
    expect(await store.loadUpdates('kept')).toEqual([{ seq: 1, data: Uint8Array.of(0, 0) }])
    expect(await store.tokenGeneration('kept')).toBe(0)
    expect(await store.bumpTokenGeneration('kept')).toBe(1)
  })
})

describe('SqliteStore health', () => {
  let dataDir: string
  let store: SqliteStore

  beforeEach(async () => {
    dataDir = await makeTempDir()
  })

  afterEach(async () => {
    await store.close()
    await removeTempDir(dataDir)
  })

  /** Appends 8 KiB updates until one fails; resolves that failure. */
  async function fillUp(id: string): Promise<unknown> {
    for (let index = 0; index < 1000; index++) {
      const failure = await store.appendUpdate(id, new Uint8Array(8192).fill(index % 256)).then(
        () => null,
        (error: unknown) => error,
      )
      if (failure) return failure
    }
    throw new Error('the store never filled up')
  }

  it('answers 503-worthy health with the reason once a write fails on a full store, until a write succeeds again', async () => {
    store = SqliteStore.open(dataDir, { maxPageCount: 1 }) // never below the current size: the file is full as it is
    await expect(store.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: new Uint8Array(8192) })).rejects.toMatchObject({ code: 'SQLITE_FULL' })
    expect(await store.health()).toEqual({ ok: false, reason: 'write failed: database or disk is full (SQLITE_FULL)' })
    // Still full: the health check's probe write fails too, so it keeps saying so.
    expect(await store.health()).toEqual({ ok: false, reason: 'write failed: database or disk is full (SQLITE_FULL)' })
  })

  it('recovers by itself once writes fit again: the health check probes with a write', async () => {
    store = SqliteStore.open(dataDir)
    await store.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
    await store.close()
    const file = join(dataDir, SQLITE_FILE_NAME)
    const other = new Database(file)
    const pages = Number(other.pragma('page_count', { simple: true }))
    store = SqliteStore.open(dataDir, { maxPageCount: pages + 8 })
    expect(await fillUp('doc')).toMatchObject({ code: 'SQLITE_FULL' })
    expect(await store.health()).toEqual({ ok: false, reason: 'write failed: database or disk is full (SQLITE_FULL)' })
    // Room is freed elsewhere (another connection deletes rows), as an operator freeing disk space would.
    other.prepare('DELETE FROM updates WHERE doc_id = ? AND length(data) = 8192').run('doc')
    other.close()
    expect(await store.health()).toEqual({ ok: true })
    expect(await store.appendUpdate('doc', Uint8Array.of(0, 0))).toBeGreaterThan(0)
  })

  it('stays unhealthy while appends fail, whatever writes that fit on a full disk succeed (touches, generation bumps)', async () => {
    store = SqliteStore.open(dataDir)
    await store.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
    await store.close()
    const reader = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    const pages = Number(reader.pragma('page_count', { simple: true }))
    reader.close()
    store = SqliteStore.open(dataDir, { maxPageCount: pages + 8 })
    const full = { ok: false, reason: 'write failed: database or disk is full (SQLITE_FULL)' }
    expect(await fillUp('doc')).toMatchObject({ code: 'SQLITE_FULL' })
    // Rewritten in place: these succeed on the full store, and prove nothing about appends.
    await store.touchDocument('doc', '2024-05-02T10:00:00.000Z')
    expect(await store.bumpTokenGeneration('doc')).toBe(1)
    expect(await store.health()).toEqual(full)
    await store.touchDocument('doc', '2024-05-03T10:00:00.000Z')
    expect(await store.health()).toEqual(full)
    await expect(store.appendUpdate('doc', new Uint8Array(8192))).rejects.toMatchObject({ code: 'SQLITE_FULL' })
    expect(await store.health()).toEqual(full)
  })

  it('a write that breaks a constraint (a caller mistake) does not make the store unhealthy', async () => {
    store = SqliteStore.open(dataDir)
    await expect(store.appendUpdate('no-such-document', Uint8Array.of(0, 0))).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })
    expect(await store.health()).toEqual({ ok: true })
  })
})
