import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import { silentLogger } from '../../../../collab-server/logger'
import { DataDirLockedError } from '../../../../collab-server/persistence/data-dir-lock'
import { openServerStore, type OpenedStore } from '../../../../collab-server/persistence/open-store'
import { PostgresStore } from '../../../../collab-server/persistence/postgres-store'
import { isPostgresUrl, redactUrl } from '../../../../collab-server/persistence/postgres-pool'
import { SqliteStore } from '../../../../collab-server/persistence/sqlite-store'
import { createTestDatabase, type TestDatabase } from '../../../support/services/test-database'
import { makeTempDir, removeTempDir } from '../support/temp-dir'

const SQLITE = { sqliteSynchronous: 'normal', sqliteMaxPageCount: null, logger: silentLogger } as const

describe('openServerStore', () => {
  let dataDir: string
  let opened: OpenedStore[] = []

  const open = async (databaseUrl: string | null) => {
    const store = await openServerStore({ ...SQLITE, dataDir, databaseUrl })
    opened.push(store)
    return store
  }

  beforeEach(async () => {
    dataDir = await makeTempDir()
  })

  afterEach(async () => {
    for (const { store, lock } of opened) {
      await store.close()
      lock?.release()
    }
    opened = []
    await removeTempDir(dataDir)
  })

  it('opens SQLite in dataDir, locked, without databaseUrl: a second server on the directory is refused', async () => {
    const first = await open(null)
    expect(first.store).toBeInstanceOf(SqliteStore)
    expect(first.lock).not.toBeNull()
    expect(first.location).toBe(dataDir)
    await expect(open(null)).rejects.toBeInstanceOf(DataDirLockedError)
  })

  it('opens PostgreSQL with databaseUrl and locks nothing: two servers even on one DATA_DIR both open', async () => {
    const database: TestDatabase = await createTestDatabase(inject('postgresUrl'))
    try {
      const [first, second] = [await open(database.url), await open(database.url)]
      for (const each of [first, second]) {
        expect(each.store).toBeInstanceOf(PostgresStore)
        expect(each.lock).toBeNull()
      }
      await first.store.createDocument({ id: 'doc', title: 'Doc', createdAt: '2024-05-01T10:00:00.000Z', initialUpdate: Uint8Array.of(0, 0) })
      expect(await second.store.storedBytes('doc')).toBe(2)
    } finally {
      for (const { store } of opened.splice(0)) await store.close()
      await database.drop()
    }
  })
})

describe('PostgreSQL URLs', () => {
  it('redacts the password, and says nothing of what does not parse', () => {
    expect(redactUrl('postgres://spanwise:hunter2@db.internal:5432/spanwise?sslmode=require')).toBe('postgres://spanwise:***@db.internal:5432/spanwise?sslmode=require')
    expect(redactUrl('postgresql://db.internal/spanwise')).toBe('postgresql://db.internal/spanwise')
    expect(redactUrl('hunter2 is no url')).toBe('(not a URL)')
  })

  it('accepts postgres:// and postgresql:// only', () => {
    expect(['postgres://h/d', 'postgresql://h/d', 'mysql://h/d', 'http://h/d', 'h:5432/d', ''].map(isPostgresUrl)).toEqual([true, true, false, false, false, false])
  })
})
