import { resolve } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../collab-server/logger'
import { DataDirLockedError } from '../../collab-server/persistence/data-dir-lock'
import { createCollabServer } from '../../collab-server/server'
import { getJson } from './support/http-client'
import { exitCodeOf, spawnMainDirect, type ServerProcess } from './support/process'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'

const CONTENT_DIR = resolve(import.meta.dirname, '../../content')
const READY_LINE = /^spanwise collab server listening on http:\/\/127\.0\.0\.1:(\d+) /

describe('one collab server per DATA_DIR', () => {
  let dataDir: string
  const spawned: ServerProcess[] = []

  const spawnServer = async (): Promise<{ server: ServerProcess; port: string }> => {
    const server = spawnMainDirect({ COLLAB_PORT: '0', COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR })
    spawned.push(server)
    await waitFor(() => READY_LINE.test(server.stdout), `the ready line (stderr: ${server.stderr})`, 15_000)
    return { server, port: READY_LINE.exec(server.stdout)![1] }
  }

  beforeEach(async () => {
    dataDir = await makeDataDir()
  })

  afterEach(async () => {
    for (const child of spawned.splice(0)) if (child.child.exitCode === null) child.child.kill('SIGKILL')
    await removeDataDir(dataDir)
  })

  it('refuses a second server on the same DATA_DIR: exit 1 naming the directory and the running pid; the first keeps serving', async () => {
    const { server: first, port } = await spawnServer()
    const second = spawnMainDirect({ COLLAB_PORT: '0', COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR })
    spawned.push(second)
    expect(await exitCodeOf(second)).toBe(1)
    expect(second.stdout).toBe('')
    expect(second.stderr).toBe(
      `spanwise collab server: failed to start: DATA_DIR ${dataDir} is in use by another collab server (pid ${first.child.pid}); stop it first, or give this one another DATA_DIR\n`,
    )
    expect((await getJson(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
  })

  it('starts on the DATA_DIR of a server killed with SIGKILL (the lock dies with its process)', async () => {
    const { server: killed } = await spawnServer()
    killed.child.kill('SIGKILL')
    await exitCodeOf(killed)
    const { port } = await spawnServer()
    const health = await getJson(`http://127.0.0.1:${port}/healthz`)
    expect(health).toEqual({ status: 200, body: { status: 'ok', store: 'ok', rooms: 0, connections: 0 } })
  })

  it('refuses a second in-process server on the same directory, and starts it once the first stopped', async () => {
    const first = await startTestServer(dataDir)
    const second = createCollabServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger })
    await expect(second.start()).rejects.toThrow(new DataDirLockedError(dataDir, process.pid))
    await first.server.stop()
    await expect(second.start()).resolves.toMatchObject({ port: expect.any(Number) })
    await second.stop()
  })
})

describe('/healthz on a store whose writes fail', () => {
  let dataDir: string
  let server: TestServer

  afterAll(async () => {
    await server.server.stop()
    await removeDataDir(dataDir)
  })

  it('answers 503 with the reason once a write failed ("database or disk is full"), while reads still work', async () => {
    dataDir = await makeDataDir()
    // A store capped at its size when opened: the first write that needs a new page fails as on a full disk.
    server = await startTestServer(dataDir, { sqliteMaxPageCount: 1 })
    expect(await getJson(`${server.httpUrl}/healthz`)).toEqual({ status: 200, body: { status: 'ok', store: 'ok', rooms: 0, connections: 0 } })
    const created = await fetch(`${server.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Too big', format: 'txt', source: 'words '.repeat(20_000) }),
    })
    expect(created.status).toBe(500)
    const health = { status: 503, body: { status: 'error', store: 'error', reason: 'write failed: database or disk is full (SQLITE_FULL)', rooms: 0, connections: 0 } }
    expect(await getJson(`${server.httpUrl}/healthz`)).toEqual(health)
    expect(await getJson(`${server.httpUrl}/api/docs`)).toEqual({ status: 200, body: { documents: [] } })
    expect(await getJson(`${server.httpUrl}/healthz`)).toEqual(health)
  })
})
