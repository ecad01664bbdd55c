import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson } from './support/http-client'
import { exitCodeOf, spawnMain, type ServerProcess } from './support/process'
import { makeDataDir, removeDataDir } from './support/test-server'
import { waitFor } from './support/wait'

const CONTENT_DIR = resolve(import.meta.dirname, '../../content')
const READY_LINE = /^spanwise collab server listening on http:\/\/127\.0\.0\.1:(\d+) \(data: (.+)\)\n$/

describe('collab-server/main.ts', () => {
  let dataDir: string
  const spawned: ServerProcess[] = []

  beforeAll(async () => {
    dataDir = await makeDataDir()
  })

  afterAll(async () => {
    for (const child of spawned) if (child.child.exitCode === null) child.child.kill('SIGKILL')
    await removeDataDir(dataDir)
  })

  it('prints one ready line, serves, and exits 0 on SIGTERM', async () => {
    const server = spawnMain({ COLLAB_PORT: '0', COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR })
    spawned.push(server)
    await waitFor(() => server.stdout.includes('listening'), 'the ready line', 15_000)
    const [, port, printedDir] = READY_LINE.exec(server.stdout) ?? []
    expect(printedDir).toBe(dataDir)
    const health = await getJson(`http://127.0.0.1:${port}/healthz`)
    expect(health).toEqual({ status: 200, body: { status: 'ok', store: 'ok', rooms: 0, connections: 0 } })
    const listed = await getJson(`http://127.0.0.1:${port}/api/docs`)
    expect((listed.body as { documents: Array<{ id: string }> }).documents.map((document) => document.id)).toEqual(['israel-russia-part-2'])

    server.child.kill('SIGTERM')
    expect(await exitCodeOf(server)).toBe(0)
    expect(server.stdout).toMatch(READY_LINE)
  })

  it('exits 1 with a message naming a bad variable', async () => {
    const server = spawnMain({ COLLAB_PORT: 'http', DATA_DIR: dataDir, CONTENT_DIR })
    spawned.push(server)
    expect(await exitCodeOf(server)).toBe(1)
    expect(server.stdout).toBe('')
    expect(server.stderr).toBe('spanwise collab server: invalid environment: COLLAB_PORT: COLLAB_PORT must be a port number (0–65535)\n')
  })
})
