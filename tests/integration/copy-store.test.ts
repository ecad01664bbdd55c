import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import * as Y from 'yjs'
import { signShareToken } from '../../collab-server/auth/tokens'
import { createDocument } from '../../collab-server/documents'
import { mergeStoredUpdates } from '../../collab-server/persistence/merge-updates'
import { PostgresStore } from '../../collab-server/persistence/postgres-store'
import { SqliteStore } from '../../collab-server/persistence/sqlite-store'
import { createTestDatabase, type TestDatabase } from '../support/services/test-database'
import { freePort } from '../support/services/free-port'
import { fetchStoredDoc } from './support/http-client'
import { exitCodeOf, spawnMainDirect, type ServerProcess } from './support/process'
import { makeDataDir, removeDataDir } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts } from './support/yjs-client'

const CONTENT_DIR = resolve(import.meta.dirname, '../../content')
const TSX = 'node_modules/.bin/tsx'
const run = promisify(execFile)
const SECRET = 'copy-store-test-secret-that-is-long-enough'

type CliResult = { code: number; stdout: string; stderr: string }

/** Runs the copy-store CLI with `env` added; resolves its exit code and output whether it failed or not. */
const copyStore = (args: string[], env: Record<string, string | undefined>): Promise<CliResult> =>
  run(TSX, ['collab-server/cli/copy-store.ts', ...args], { env: { ...process.env, DATABASE_URL: undefined, DATA_DIR: undefined, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: CliResult) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )

/** The whole Yjs state of a store's document, as one update. */
async function stateOf(store: SqliteStore | PostgresStore, id: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, mergeStoredUpdates((await store.loadUpdates(id)).map((update) => update.data)))
  return doc
}

/** Everything copy-store promises to keep of a document, in a comparable shape (version numbers apart). */
async function comparable(store: SqliteStore | PostgresStore, id: string) {
  const versions = (await store.listVersions(id)).reverse()
  const states = await Promise.all(versions.map(async (version) => Buffer.from((await store.getVersion(id, version.number))!.state).toString('base64')))
  return {
    record: await store.getDocument(id),
    generation: await store.tokenGeneration(id),
    content: blockTexts(await stateOf(store, id)),
    state: Buffer.from(Y.encodeStateVector(await stateOf(store, id))).toString('base64'),
    versions: versions.map(({ name, kind, createdBy, createdAt, bytes }, index) => ({ name, kind, createdBy, createdAt, bytes, state: states[index] })),
  }
}

/**
 * The source store: "edited" (a created document, three later edits, its links revoked twice,
 * three versions of which the automatic second was pruned, so its versions are numbered 1 and 3)
 * and "plain"
 * (as created).
 */
async function makeSourceStore(dataDir: string): Promise<void> {
  const store = SqliteStore.open(dataDir)
  try {
    const now = () => new Date('2026-01-02T03:04:05.000Z')
    for (const [id, title] of [
      ['edited', 'Edited “notes” <b>'],
      ['plain', 'Plain'],
    ]) {
      const created = await createDocument(store, { id, title, format: 'txt', source: `${title} starts here.` }, { now })
      expect(created.ok).toBe(true)
    }
    const doc = await stateOf(store, 'edited')
    doc.on('update', (update: Uint8Array) => void store.appendUpdate('edited', update))
    const limits = { maxCount: 2, maxBytes: 1_000_000 }
    for (const [index, text] of ['first edit', 'second edit', 'third edit'].entries()) {
      appendParagraph(doc, text)
      const createdBy = index === 2 ? { id: 'editor-1', name: 'Ada' } : null
      const state = Y.encodeStateAsUpdate(doc)
      await store.addVersion(
        { docId: 'edited', name: `after ${text}`, kind: index === 1 ? 'auto' : 'manual', createdBy, createdAt: `2026-01-0${index + 3}T00:00:00.000Z`, state },
        limits,
      )
    }
    await store.bumpTokenGeneration('edited')
    await store.bumpTokenGeneration('edited')
    await store.touchDocument('edited', '2026-02-03T04:05:06.000Z')
    expect((await store.loadUpdates('edited')).length).toBeGreaterThan(1)
    expect((await store.listVersions('edited')).map((version) => version.number)).toEqual([3, 1])
  } finally {
    await store.close()
  }
}

describe('npm run copy-store: SQLite store → PostgreSQL', () => {
  let database: TestDatabase
  let dataDir: string
  const servers: ServerProcess[] = []

  beforeAll(async () => {
    database = await createTestDatabase(inject('postgresUrl'))
    dataDir = await makeDataDir()
    await makeSourceStore(dataDir)
  })

  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL')
    await database.drop()
    await removeDataDir(dataDir)
  })

  it('--dry-run lists both documents and writes nothing', async () => {
    const result = await copyStore(['--data-dir', dataDir, '--dry-run'], { DATABASE_URL: database.url })
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout.split('\n')).toEqual([
      'would copy edited ("Edited “notes” <b>", 2 versions (numbers 1, 3 are now 1, 2), token generation 2)',
      'would copy plain ("Plain", 0 versions, token generation 0)',
      `2 documents in ${resolve(dataDir)}: 2 would be copied, 0 skipped, 0 failed (into ${database.url})`,
      '',
    ])
    const target = await PostgresStore.open(database.url)
    try {
      expect(await target.listDocuments()).toEqual([])
    } finally {
      await target.close()
    }
  }, 30_000)

  it('copies state, title, times, token generation and versions (renumbered, in order), and says so', async () => {
    const result = await copyStore(['--data-dir', dataDir], { DATABASE_URL: database.url.replace('postgres://postgres@', 'postgres://postgres:hunter2@') })
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).not.toContain('hunter2')
    expect(result.stdout.split('\n')).toEqual([
      'copied edited ("Edited “notes” <b>", 2 versions (numbers 1, 3 are now 1, 2), token generation 2)',
      'copied plain ("Plain", 0 versions, token generation 0)',
      expect.stringMatching(/^2 documents in .*: 2 copied, 0 skipped, 0 failed \(into postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/spanwise_test_\w+\)$/),
      '',
    ])
    const source = SqliteStore.open(dataDir)
    const target = await PostgresStore.open(database.url)
    try {
      for (const id of ['edited', 'plain']) expect(await comparable(target, id)).toEqual(await comparable(source, id))
      const edited = await comparable(target, 'edited')
      expect(edited.record).toEqual({ id: 'edited', title: 'Edited “notes” <b>', createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-02-03T04:05:06.000Z' })
      expect(edited.generation).toBe(2)
      expect(edited.content.slice(-3)).toEqual(['first edit', 'second edit', 'third edit'])
      expect(edited.versions.map((version) => [version.name, version.kind, version.createdBy?.name ?? null])).toEqual([
        ['after first edit', 'manual', null],
        ['after third edit', 'manual', 'Ada'],
      ])
      expect((await target.listVersions('edited')).map((version) => version.number)).toEqual([2, 1])
      expect((await target.loadUpdates('edited')).length).toBe(1)
    } finally {
      await source.close()
      await target.close()
    }
  }, 30_000)

  it('running it again skips both documents and overwrites nothing', async () => {
    const target = await PostgresStore.open(database.url)
    try {
      await target.touchDocument('plain', '2026-03-01T00:00:00.000Z')
      const result = await copyStore(['--data-dir', dataDir], { DATABASE_URL: database.url })
      expect(result).toMatchObject({ code: 0, stderr: '' })
      expect(result.stdout.split('\n').slice(0, 3)).toEqual([
        'skipped edited: already in the target, not overwritten',
        'skipped plain: already in the target, not overwritten',
        expect.stringMatching(/: 0 copied, 2 skipped, 0 failed /),
      ])
      expect((await target.getDocument('plain'))?.updatedAt).toBe('2026-03-01T00:00:00.000Z')
      expect((await target.listVersions('edited')).length).toBe(2)
    } finally {
      await target.close()
    }
  }, 30_000)

  it('raises the token generation of a document a copy left at a lower one, so its revoked links stay revoked', async () => {
    const other = await createTestDatabase(inject('postgresUrl'))
    const target = await PostgresStore.open(other.url)
    try {
      // As if a copy died after creating "edited" and before writing its generation (2 in the source).
      const created = await target.createDocument({ id: 'edited', title: 'Edited', createdAt: '2026-01-01T00:00:00.000Z', initialUpdate: Y.encodeStateAsUpdate(new Y.Doc()) })
      expect(created.ok).toBe(true)
      const result = await copyStore(['--data-dir', dataDir], { DATABASE_URL: other.url })
      expect(result.stdout).toContain('skipped edited: already in the target, not overwritten')
      expect(await target.tokenGeneration('edited')).toBe(2)
    } finally {
      await target.close()
      await other.drop()
    }
  }, 30_000)

  it('fails clearly without DATABASE_URL, with a bad one (password not shown), or without a store in DIR (creating none)', async () => {
    expect(await copyStore(['--data-dir', dataDir], {})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'copy-store: DATABASE_URL is not set: set it to the PostgreSQL database to copy into (postgres://user:password@host:5432/spanwise)\n',
    })
    const hostile = await copyStore(['--data-dir', dataDir], { DATABASE_URL: 'mysql://root:hunter2@db.internal/spanwise' })
    expect(hostile).toMatchObject({ code: 2, stderr: expect.stringContaining('DATABASE_URL must be a postgres:// or postgresql:// URL') })
    expect(JSON.stringify(hostile)).not.toContain('hunter2')
    const empty = join(await makeDataDir(), 'nothing-here')
    const missing = await copyStore(['--data-dir', empty], { DATABASE_URL: database.url })
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: `copy-store: no Spanwise store in ${empty} (spanwise.sqlite is not there); pass --data-dir DIR or set DATA_DIR\n`,
    })
    expect(existsSync(empty)).toBe(false)
    expect(await copyStore(['--data-dir', dataDir, 'extra'], { DATABASE_URL: database.url })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Usage: npm run copy-store'),
    })
  }, 30_000)

  it('a document that fails to copy is named, the others are copied, and it exits 1; its revoked links stay revoked', async () => {
    const failing = await createTestDatabase(inject('postgresUrl'))
    try {
      await (await PostgresStore.open(failing.url)).close()
      const client = new pg.Client({ connectionString: failing.url })
      await client.connect()
      try {
        await client.query(`CREATE FUNCTION refuse_version() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$ LANGUAGE plpgsql`)
        await client.query(`CREATE TRIGGER refuse_version BEFORE INSERT ON versions FOR EACH ROW EXECUTE FUNCTION refuse_version()`)
      } finally {
        await client.end()
      }
      const result = await copyStore(['--data-dir', dataDir], { DATABASE_URL: failing.url })
      expect(result.code).toBe(1)
      expect(result.stderr).toBe('failed edited: disk full (test); it was created in the target but is incomplete there: delete it from the database and run again\n')
      expect(result.stdout.split('\n').slice(0, 2)).toEqual(['copied plain ("Plain", 0 versions, token generation 0)', expect.stringMatching(/: 1 copied, 0 skipped, 1 failed /)])
      const target = await PostgresStore.open(failing.url)
      try {
        expect(await target.tokenGeneration('edited')).toBe(2)
      } finally {
        await target.close()
      }
    } finally {
      await failing.drop()
    }
  }, 30_000)

  it('a collab server on the copied database serves the document; links revoked before the copy stay revoked', async () => {
    const port = await freePort()
    const serverDir = await makeDataDir()
    const server = spawnMainDirect({
      COLLAB_PORT: String(port),
      COLLAB_HOST: '127.0.0.1',
      DATA_DIR: serverDir,
      CONTENT_DIR,
      DATABASE_URL: database.url,
      AUTH: 'on',
      AUTH_SECRET: SECRET,
    })
    servers.push(server)
    try {
      await waitFor(() => server.stdout.includes('listening') || server.child.exitCode !== null, `the server to listen (stderr: ${server.stderr})`, 15_000)
      const httpUrl = `http://127.0.0.1:${port}`
      const current = await signShareToken(SECRET, { doc: 'edited', role: 'viewer', gen: 2 })
      expect(blockTexts(await fetchStoredDoc(httpUrl, 'edited', current)).slice(-3)).toEqual(['first edit', 'second edit', 'third edit'])
      const revoked = await signShareToken(SECRET, { doc: 'edited', role: 'viewer', gen: 1 })
      const refused = await fetch(`${httpUrl}/api/docs/edited/state`, { headers: { authorization: `Bearer ${revoked}` } })
      expect(refused.status).toBe(401)
      server.child.kill('SIGTERM')
      expect(await exitCodeOf(server)).toBe(0)
    } finally {
      await removeDataDir(serverDir)
    }
  }, 40_000)
})
