import Database from 'better-sqlite3'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SQLITE_FILE_NAME, SqliteStore } from '../../../../collab-server/persistence/sqlite-store'
import { makeTempDir, removeTempDir } from '../support/temp-dir'

const CREATED_AT = '2024-05-01T10:00:00.000Z'

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

  it('has every resolved append of a turn on disk: another connection reads them', async () => {
    await store.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
    await Promise.all([1, 2, 3].map((byte) => store.appendUpdate('doc', Uint8Array.of(byte))))
    const reader = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    const rows = reader.prepare('SELECT count(*) AS count FROM updates WHERE doc_id = ?').get('doc') as { count: number }
    reader.close()
    expect(rows.count).toBe(4)
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
    expect(await store.listVersions('kept')).toEqual([])
  })

  it('deletes the versions of a document with it: a document re-created under the same id starts with none', async () => {
    const limits = { maxCount: 200, maxBytes: 1_000_000 }
    await store.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
    const saved = { docId: 'doc', name: 'v', kind: 'manual' as const, createdBy: null, createdAt: CREATED_AT, state: Uint8Array.of(1) }
    await store.addVersion(saved, limits)
    await store.addVersion(saved, limits)
    await store.close()
    // Deleting a document (by hand: there is no API for it) takes its updates, then its row.
    const db = new Database(join(dataDir, SQLITE_FILE_NAME))
    db.pragma('foreign_keys = ON')
    db.prepare('DELETE FROM updates WHERE doc_id = ?').run('doc')
    db.prepare('DELETE FROM documents WHERE id = ?').run('doc')
    expect((db.prepare('SELECT count(*) AS count FROM versions').get() as { count: number }).count).toBe(0)
    db.close()
    store = SqliteStore.open(dataDir)
    await store.createDocument({ id: 'doc', title: 'Doc again', createdAt: '2024-06-01T10:00:00.000Z', initialUpdate: Uint8Array.of(0, 0) })
    expect(await store.listVersions('doc')).toEqual([])
    expect((await store.addVersion(saved, limits))?.version.number).toBe(1)
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
})
