import { createServer, type Server } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { silentLogger, type Logger } from '../../collab-server/logger'
import { DataDirLock } from '../../collab-server/persistence/data-dir-lock'
import { createCollabServer } from '../../collab-server/server'
import { makeDataDir, removeDataDir } from './support/test-server'

/** A plain TCP server holding a port on 127.0.0.1. */
async function holdPort(): Promise<{ blocker: Server; port: number }> {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  const address = blocker.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { blocker, port: address.port }
}

describe('one collab server instance, started and stopped more than once', () => {
  let dataDir: string
  const blockers: Server[] = []

  beforeEach(async () => {
    dataDir = await makeDataDir()
  })

  afterEach(async () => {
    vi.useRealTimers()
    for (const blocker of blockers.splice(0)) await new Promise((resolve) => blocker.close(resolve))
    await removeDataDir(dataDir)
  })

  it('stops each time: after start, stop, start, stop the data directory and the port are free again', async () => {
    const server = createCollabServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger })
    await server.start()
    await server.stop()
    const { port } = await server.start()
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
    await server.stop()
    DataDirLock.acquire(dataDir).release()
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow()
    await server.start()
    await server.stop()
  })

  it('a start that cannot listen (port in use) leaves no memory watchdog running and the data directory free', async () => {
    const { blocker, port } = await holdPort()
    blockers.push(blocker)
    const warnings: string[] = []
    const logger: Logger = { ...silentLogger, warn: (event) => warnings.push(event) }
    // A watchdog that finds the heap high at every check, every 10 ms, and says so; its interval
    // runs on fake time, so whatever interval is left can be run at once.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const server = createCollabServer({ port, host: '127.0.0.1', dataDir, logger, heapShedRatio: 0.001, memoryCheckIntervalMs: 10 })
    await expect(server.start()).rejects.toMatchObject({ code: 'EADDRINUSE' })
    const checksBefore = warnings.filter((event) => event === 'memory-high').length
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(1_000)
    expect(warnings.filter((event) => event === 'memory-high').length).toBe(checksBefore)
    DataDirLock.acquire(dataDir).release()
  })
})
