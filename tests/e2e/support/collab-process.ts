import { spawn } from 'node:child_process'
import { openSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { E2E, PROJECT_ROOT } from './e2e-env'

/** What global setup records about the collab server it started, so tests can restart it. */
interface CollabServerRecord {
  pid: number
  port: number
  dataDir: string
  logFile: string
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}

async function isHealthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok
  } catch {
    return false
  }
}

/** Starts `tsx collab-server/main.ts` detached, logging to a file; resolves once /healthz answers. */
export async function startCollabServer(port: number, dataDir: string): Promise<CollabServerRecord> {
  const logFile = join(E2E.artifactsDir, 'collab-server.log')
  const log = openSync(logFile, 'a')
  const child = spawn(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['collab-server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, COLLAB_PORT: String(port), COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', log, log],
    detached: true,
  })
  child.unref()
  const record = { pid: child.pid!, port, dataDir, logFile }
  writeFileSync(E2E.stateFile, JSON.stringify(record))
  await waitFor(() => isHealthy(port), `the collab server on port ${port} (log: ${logFile})`)
  return record
}

function readRecord(): CollabServerRecord {
  return JSON.parse(readFileSync(E2E.stateFile, 'utf8')) as CollabServerRecord
}

/** Stops the recorded collab server by its own pid (SIGTERM, then SIGKILL after 10 s). */
export async function stopCollabServer(): Promise<void> {
  const { pid } = readRecord()
  if (!isAlive(pid)) return
  process.kill(-pid, 'SIGTERM')
  try {
    await waitFor(() => !isAlive(pid), `collab server pid ${pid} to exit`, 10_000)
  } catch {
    process.kill(-pid, 'SIGKILL')
  }
}

/**
 * Stops the collab server and starts a new one on the same port and data directory, running
 * `whileStopped` on the data directory in between.
 */
export async function restartCollabServer(whileStopped?: (dataDir: string) => void | Promise<void>): Promise<void> {
  const { port, dataDir } = readRecord()
  await stopCollabServer()
  await whileStopped?.(dataDir)
  await startCollabServer(port, dataDir)
}
