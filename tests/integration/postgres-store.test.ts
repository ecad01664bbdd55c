import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/services/test-database'
import { freePort } from '../support/services/free-port'
import { createDoc, fetchStoredDoc, getJson } from './support/http-client'
import { exitCodeOf, spawnMainDirect, type ServerProcess } from './support/process'
import { makeDataDir, removeDataDir } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, waitForSynced } from './support/yjs-client'

const CONTENT_DIR = resolve(import.meta.dirname, '../../content')
const TSX = 'node_modules/.bin/tsx'
const run = promisify(execFile)

/** The test database's URL as logged: its password (ignored by the tests' trust authentication) masked. */
const REDACTED = /postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/spanwise_test_[0-9a-f]+/

describe('collab server on PostgreSQL (DATABASE_URL)', () => {
  let database: TestDatabase
  const dataDirs: string[] = []
  const servers: ServerProcess[] = []

  /** Spawns the real server on `port` with its own DATA_DIR and the shared DATABASE_URL; resolves once it listens. */
  const startServer = async (port: number): Promise<ServerProcess> => {
    const databaseUrl = database.url.replace('postgres://postgres@', 'postgres://postgres:hunter2@')
    const dataDir = await makeDataDir()
    dataDirs.push(dataDir)
    const server = spawnMainDirect({ COLLAB_PORT: String(port), COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR, DATABASE_URL: databaseUrl })
    servers.push(server)
    await waitFor(() => server.stdout.includes('listening') || server.child.exitCode !== null, `the server to listen (stderr: ${server.stderr})`, 15_000)
    return server
  }

  const stop = async (server: ServerProcess) => {
    server.child.kill('SIGTERM')
    expect(await exitCodeOf(server)).toBe(0)
  }

  beforeAll(async () => {
    database = await createTestDatabase(inject('postgresUrl'))
  })

  afterEach(async () => {
    for (const server of servers.splice(0)) if (server.child.exitCode === null) server.child.kill('SIGKILL')
    for (const dataDir of dataDirs.splice(0)) await removeDataDir(dataDir)
  })

  afterAll(async () => {
    await database.drop()
  })

  it('stores an edit in PostgreSQL: a restarted server (on a fresh DATA_DIR) finds it', async () => {
    const port = await freePort()
    const first = await startServer(port)
    expect(first.stderr).toMatch(new RegExp(`"database":"${REDACTED.source}"`))
    expect(first.stdout).toMatch(new RegExp(`listening on http://127\\.0\\.0\\.1:${port} \\(data: ${REDACTED.source}\\)`))
    expect(first.stdout + first.stderr).not.toContain('hunter2')
    const httpUrl = `http://127.0.0.1:${port}`
    await createDoc(httpUrl, { id: 'pg-restart', title: 'On PostgreSQL', format: 'blank' })
    const client = connectClient(`ws://127.0.0.1:${port}`, 'pg-restart')
    try {
      await waitForSynced(client)
      appendParagraph(client.doc, 'stored in postgres')
      await waitFor(async () => blockTexts(await fetchStoredDoc(httpUrl, 'pg-restart')).includes('stored in postgres'), 'the edit to be stored')
    } finally {
      client.destroy()
    }
    await stop(first)

    await startServer(port)
    expect(blockTexts(await fetchStoredDoc(httpUrl, 'pg-restart'))).toContain('stored in postgres')
    expect((await getJson(`${httpUrl}/healthz`)).status).toBe(200)
  }, 40_000)

  it('runs two servers with different DATA_DIRs on one database (no data-dir lock), both serving the documents', async () => {
    const [portA, portB] = [await freePort(), await freePort()]
    const [serverA, serverB] = await Promise.all([startServer(portA), startServer(portB)])
    expect([serverA.child.exitCode, serverB.child.exitCode]).toEqual([null, null])
    await createDoc(`http://127.0.0.1:${portA}`, { id: 'pg-shared', title: 'Shared', format: 'blank' })
    const client = connectClient(`ws://127.0.0.1:${portA}`, 'pg-shared')
    try {
      await waitForSynced(client)
      appendParagraph(client.doc, 'written through A')
      await waitFor(async () => blockTexts(await fetchStoredDoc(`http://127.0.0.1:${portB}`, 'pg-shared')).includes('written through A'), 'server B to serve the edit')
    } finally {
      client.destroy()
    }
    const listed = await getJson(`http://127.0.0.1:${portB}/api/docs`)
    expect(listed.status).toBe(200)
    expect(JSON.stringify(listed.body)).toContain('"pg-shared"')
    expect((await getJson(`http://127.0.0.1:${portB}/healthz`)).status).toBe(200)
  }, 40_000)

  it('refuses to start with a DATABASE_URL that is not a PostgreSQL URL, naming the variable and not the password', async () => {
    const server = spawnMainDirect({ COLLAB_PORT: '0', DATA_DIR: '/nonexistent', CONTENT_DIR, DATABASE_URL: 'mysql://root:hunter2@db.internal/spanwise' })
    servers.push(server)
    expect(await exitCodeOf(server)).toBe(1)
    expect(server.stderr).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL')
    expect(server.stderr + server.stdout).not.toContain('hunter2')
  })

  it('fails to start, without the password in its output, when the database cannot be reached', async () => {
    const server = spawnMainDirect({ COLLAB_PORT: '0', DATA_DIR: '/nonexistent', CONTENT_DIR, DATABASE_URL: `postgres://spanwise:hunter2@127.0.0.1:${await freePort()}/spanwise` })
    servers.push(server)
    expect(await exitCodeOf(server)).toBe(1)
    expect(server.stderr).toMatch(/failed to start: .*ECONNREFUSED/)
    expect(server.stderr + server.stdout).not.toContain('hunter2')
  })

  it('import, token and export CLIs use the database of DATABASE_URL', async () => {
    const dir = await makeDataDir()
    dataDirs.push(dir)
    const env = { ...process.env, DATABASE_URL: database.url, DATA_DIR: join(dir, 'unused'), AUTH_SECRET: 'cli-postgres-secret-that-is-long-enough' }
    await writeFile(join(dir, 'note.md'), '# Note\n\nImported into PostgreSQL by the CLI.\n')
    const imported = await run(TSX, ['collab-server/cli/import.ts', join(dir, 'note.md'), '--id', 'pg-cli'], { env })
    expect(imported.stdout.trim()).toBe('pg-cli')
    const token = await run(TSX, ['collab-server/cli/token.ts', '--doc', 'pg-cli', '--role', 'viewer'], { env })
    expect(token.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    await run(TSX, ['collab-server/cli/export.ts', '--doc', 'pg-cli', '--format', 'json', '--out', join(dir, 'out.json')], { env })
    expect(await readFile(join(dir, 'out.json'), 'utf8')).toContain('Imported into PostgreSQL by the CLI.')
    const missing = await run(TSX, ['collab-server/cli/token.ts', '--doc', 'nowhere', '--role', 'viewer'], { env }).catch((error: { code: number; stderr: string }) => error)
    expect(missing).toMatchObject({ code: 1, stderr: 'token: document "nowhere" not found in the database of DATABASE_URL\n' })
    const hostile = { ...env, DATABASE_URL: 'mysql://root:hunter2@db.internal/spanwise' }
    const refused = await run(TSX, ['collab-server/cli/export.ts', '--all', '--format', 'json', '--out', dir], { env: hostile }).catch(
      (error: { code: number; stderr: string }) => error,
    )
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('DATABASE_URL: DATABASE_URL must be a postgres:// or postgresql:// URL') })
    expect(JSON.stringify(refused)).not.toContain('hunter2')
  }, 60_000)
})
