import pg from 'pg'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import type { NewVersion } from '../../../../collab-server/persistence/document-store'
import { PostgresStore } from '../../../../collab-server/persistence/postgres-store'
import { createTestDatabase, type TestDatabase } from '../../../support/services/test-database'
import { freePort } from '../../../support/services/free-port'

const CREATED_AT = '2024-05-01T10:00:00.000Z'

/** `count` one-character edits of text `name` by one Y.Doc (one client), each as its update. */
function edits(name: string, count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const text = doc.getText(name)
  for (let index = 0; index < count; index++) text.insert(text.length, String(index % 10))
  return updates
}

function textsOf(rows: readonly { data: Uint8Array }[]): { a: string; b: string } {
  const doc = new Y.Doc()
  for (const row of rows) Y.applyUpdate(doc, row.data)
  return { a: doc.getText('a').toString(), b: doc.getText('b').toString() }
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the compaction to wait for a lock')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const expectedText = (count: number) => Array.from({ length: count }, (_, index) => String(index % 10)).join('')

describe('PostgresStore: several servers on one database', () => {
  let database: TestDatabase
  let stores: PostgresStore[] = []

  /** One store = one server process's pool. */
  const openStore = async () => {
    const store = await PostgresStore.open(database.url, { maxConnections: 4 })
    stores.push(store)
    return store
  }

  beforeEach(async () => {
    database = await createTestDatabase(inject('postgresUrl'))
  })

  afterEach(async () => {
    for (const store of stores) await store.close()
    stores = []
    await database.drop()
  })

  it('three servers opening one fresh database at once all succeed and share it', async () => {
    const [first, second, third] = await Promise.all([openStore(), openStore(), openStore()])
    await first.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
    expect((await second.getDocument('doc'))?.title).toBe('Doc')
    expect(await third.appendUpdate('doc', Uint8Array.of(1))).toBeGreaterThan(0)
    expect(await first.loadUpdates('doc')).toHaveLength(2)
  })

  it('lets exactly one of two servers create one id at once', async () => {
    const [one, two] = [await openStore(), await openStore()]
    for (let round = 0; round < 10; round++) {
      const id = `doc-${round}`
      const results = await Promise.all([
        one.createDocument({ id, title: 'One', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(1) }),
        two.createDocument({ id, title: 'Two', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(2) }),
      ])
      expect(results.filter((result) => result.ok)).toHaveLength(1)
      const loser = results.find((result) => !result.ok)
      expect(loser?.ok === false && loser.error.message).toBe(`document "${id}" already exists`)
      const winner = results.findIndex((result) => result.ok)
      expect((await two.loadUpdates(id)).map((row) => row.data)).toEqual([Uint8Array.of(winner + 1)])
    }
  })

  it('loses nothing when one server compacts while both append', async () => {
    const [one, two] = [await openStore(), await openStore()]
    await one.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
    const fromOne = edits('a', 150)
    const fromTwo = edits('b', 150)
    let appending = true
    const appendAll = async (store: PostgresStore, updates: Uint8Array[]) => {
      for (let index = 0; index < updates.length; index += 3) await Promise.all(updates.slice(index, index + 3).map((update) => store.appendUpdate('doc', update)))
    }
    const compactions = (async () => {
      let count = 0
      while (appending || count === 0) {
        // Up to any seq: rows committed by the other server after the read must survive unmerged.
        await one.compact('doc', Number.MAX_SAFE_INTEGER)
        count++
      }
      return count
    })()
    await Promise.all([appendAll(one, fromOne), appendAll(two, fromTwo)]).finally(() => (appending = false))
    expect(await compactions).toBeGreaterThan(1)
    expect(textsOf(await two.loadUpdates('doc'))).toEqual({ a: expectedText(150), b: expectedText(150) })
    expect(await two.compact('doc', Number.MAX_SAFE_INTEGER)).toBe(1)
    expect(textsOf(await one.loadUpdates('doc'))).toEqual({ a: expectedText(150), b: expectedText(150) })
  })

  it('keeps a row whose seq was taken before the compaction and that commits while it runs', async () => {
    const store = await openStore()
    const [first, late, second] = edits('a', 3)
    await store.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: first })
    const [other, watcher] = [new pg.Client({ connectionString: database.url }), new pg.Client({ connectionString: database.url })]
    await Promise.all([other.connect(), watcher.connect()])
    try {
      // Another server's append: it takes its seq now and commits later.
      await other.query('BEGIN')
      const lateSeq = Number((await other.query<{ seq: string }>('INSERT INTO updates (doc_id, data) VALUES ($1, $2) RETURNING seq', ['doc', late])).rows[0].seq)
      const secondSeq = await store.appendUpdate('doc', second)
      expect(secondSeq).toBeGreaterThan(lateSeq)
      // Holding the last row makes the compaction wait after its read, until the late row is committed.
      await other.query('SELECT 1 FROM updates WHERE seq = $1 FOR UPDATE', [secondSeq])
      const compaction = store.compact('doc', secondSeq)
      await waitUntil(async () => (await watcher.query("SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'", [database.name])).rowCount === 1)
      await other.query('COMMIT')
      expect(await compaction).toBe(2)
    } finally {
      await Promise.all([other.end(), watcher.end()])
    }
    const rows = await store.loadUpdates('doc')
    expect(rows.map((row) => row.seq)).toHaveLength(2)
    expect(textsOf(rows).a).toBe('012')
  })

  it('numbers versions added by two servers at once one after the other, and prunes to the limit', async () => {
    const [one, two] = [await openStore(), await openStore()]
    await one.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
    const version: NewVersion = { docId: 'doc', name: 'auto', kind: 'auto', createdBy: null, createdAt: CREATED_AT, state: Uint8Array.of(1, 2, 3) }
    const limits = { maxCount: 5, maxBytes: 1_000_000 }
    const added = await Promise.all(Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? one : two).addVersion(version, limits)))
    const numbers = added.map((each) => each!.version.number).sort((x, y) => x - y)
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, index) => index + 1))
    const pruned = added.flatMap((each) => each!.pruned).sort((x, y) => x - y)
    expect(pruned).toEqual(Array.from({ length: 35 }, (_, index) => index + 1))
    expect((await two.listVersions('doc')).map((each) => each.number)).toEqual([40, 39, 38, 37, 36])
  })

  it('bumps token generations from two servers at once without losing one', async () => {
    const [one, two] = [await openStore(), await openStore()]
    await one.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
    const generations = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? one : two).bumpTokenGeneration('doc')))
    expect([...generations].sort((x, y) => x! - y!)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1))
    expect(await one.tokenGeneration('doc')).toBe(20)
  })
})

describe('PostgresStore: hostile configuration and a database that goes down', () => {
  it.each([['not a url'], ['db.internal:5432/spanwise'], ['mysql://root:hunter2@db.internal/spanwise'], ['redis://:hunter2@cache.internal']])(
    'refuses %j with a message naming DATABASE_URL, never repeating the password',
    async (url) => {
      const opening = PostgresStore.open(url)
      await expect(opening).rejects.toThrow('DATABASE_URL must be a postgres:// or postgresql:// URL')
      await expect(opening).rejects.not.toThrow(/hunter2/)
    },
  )

  it('rejects open, without the password, when nothing listens at the URL', async () => {
    const port = await freePort()
    const error = await PostgresStore.open(`postgres://spanwise:hunter2@127.0.0.1:${port}/spanwise`, { connectionTimeoutMs: 2_000 }).then(
      () => new Error('opened'),
      (caught: unknown) => caught as Error,
    )
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toMatch(/ECONNREFUSED/)
    expect(error.message).not.toContain('hunter2')
  })

  it('reports unhealthy and rejects calls while its database refuses connections, without crashing, then recovers', async () => {
    const adminUrl = inject('postgresUrl')
    const database = await createTestDatabase(adminUrl)
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    const store = await PostgresStore.open(database.url, { maxConnections: 3, connectionTimeoutMs: 2_000 })
    try {
      await store.createDocument({ id: 'doc', title: 'Doc', createdAt: CREATED_AT, initialUpdate: Uint8Array.of(0, 0) })
      // Idle pooled connections are terminated under the pool (their 'error' events must not crash the process).
      await Promise.all([store.getDocument('doc'), store.loadUpdates('doc'), store.listDocuments()])
      await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`)
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database.name])

      const health = await store.health()
      expect(health.ok).toBe(false)
      expect(health.ok ? '' : health.reason).toMatch(/^read failed: /)
      const calls = [
        store.appendUpdate('doc', Uint8Array.of(1)),
        store.listDocuments(),
        store.compact('doc', 10),
        store.bumpTokenGeneration('doc'),
        store.touchDocument('doc', CREATED_AT),
      ]
      const outcomes = await Promise.allSettled(calls)
      expect(outcomes.map((outcome) => outcome.status)).toEqual(calls.map(() => 'rejected'))

      await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`)
      // The failed append made it unhealthy; the health check's probe write clears that.
      expect(await store.health()).toEqual({ ok: true })
      expect(await store.appendUpdate('doc', Uint8Array.of(2))).toBeGreaterThan(0)
      expect((await store.loadUpdates('doc')).map((row) => row.data)).toEqual([Uint8Array.of(0, 0), Uint8Array.of(2)])
    } finally {
      await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`)
      await store.close()
      await admin.end()
      await database.drop()
    }
  })
})
