import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port'
import { serviceBinaries } from './service-binaries'

/** A redis-server of the tests' own, on 127.0.0.1, with nothing saved to disk. */
export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Stops it (SIGKILL when `hard`); its data is gone, as after a crash of a Redis without persistence. */
  stop(hard?: boolean): Promise<void>
  /** Starts it again on the same port (after {@link stop}). */
  start(): Promise<void>
  /** Stops it for good and removes its directory. */
  dispose(): Promise<void>
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'))
    socket.setTimeout(1000, () => socket.destroy())
    socket.once('data', (chunk) => {
      socket.destroy()
      resolve(chunk.toString().startsWith('+PONG'))
    })
    socket.once('error', () => resolve(false))
    socket.once('close', () => resolve(false))
  })
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Starts a redis-server on a free loopback port (installing Debian's when missing, as root). */
export async function startRedisServer(): Promise<RedisServer> {
  const { redisServer } = serviceBinaries()
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'spanwise-redis-'))
  let child: ChildProcess | null = null
  let output = ''
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes']
    child = spawn(redisServer, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)))
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)))
    const exited = new Promise<boolean>((resolve) => child?.once('exit', () => resolve(true)))
    await waitFor(async () => {
      if (await Promise.race([exited, Promise.resolve(false)])) throw new Error(`redis-server exited at start: ${output}`)
      return answersPing(port)
    }, `redis-server on port ${port}`)
  }
  const stop = async (hard = false) => {
    const running = child
    child = null
    if (!running || running.exitCode !== null) return
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
    running.kill(hard ? 'SIGKILL' : 'SIGTERM')
    await exited
  }
  await start()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    async dispose() {
      await stop(true)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
