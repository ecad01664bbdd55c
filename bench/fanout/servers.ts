/**
 * The three servers of the fan-out benchmark, each started in its own process (so its CPU and
 * memory are its own) on a free port of 127.0.0.1:
 *
 * - `spanwise`: `node collab-server/dist/main.mjs`, the bundle `npm run build` makes and `npm start`
 *   runs (AUTH off, an empty data dir, no seeding); every update is stored durably before it is
 *   relayed;
 * - `stock`: `node node_modules/@y/websocket-server/src/server.js` (@y/websocket-server 0.1.1,
 *   in memory, no persistence);
 * - `relay`: `node bench/fanout/dist/relay-server.mjs`, the bare byte relay, bundled the same way.
 * {@link bundleServers} builds both bundles from the current sources first.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { build } from 'esbuild'
import { freePort } from '../lib/free-port'
import type { ClientMode } from './messages'

/** Bundles Spanwise's server (as `npm run build:collab` does) and the relay into plain JavaScript. */
export async function bundleServers(root: string): Promise<void> {
  const common = {
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  } as const
  await build({ ...common, entryPoints: [path.join(root, 'collab-server', 'main.ts')], outdir: path.join(root, 'collab-server', 'dist') })
  await build({ ...common, entryPoints: [path.join(root, 'bench', 'fanout', 'relay-server.ts')], outdir: path.join(root, 'bench', 'fanout', 'dist') })
}

export const SERVER_KINDS = ['spanwise', 'stock', 'relay'] as const
export type ServerKind = (typeof SERVER_KINDS)[number]

/** The client mode each server speaks. */
export const CLIENT_MODE: Record<ServerKind, ClientMode> = { spanwise: 'yjs', stock: 'yjs', relay: 'raw' }

/** A running server process. */
export interface ServerProcess {
  readonly kind: ServerKind
  readonly pid: number
  /** `ws://127.0.0.1:<port>`: clients connect to `<url>/<room>`. */
  readonly wsUrl: string
  /** `http://127.0.0.1:<port>` (Spanwise's HTTP API shares the port). */
  readonly httpUrl: string
  /** Stops the process (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 60_000
const STOP_GRACE_MS = 10_000

/** Waits for the line announcing the port; keeps draining stdout afterwards so the pipe never fills. */
function waitForPort(child: ChildProcess, kind: ServerKind, pattern: RegExp): Promise<number> {
  const stderr: string[] = []
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString())
    if (stderr.length > 50) stderr.shift()
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS)
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      const match = pattern.exec(line)
      if (!match) return
      clearTimeout(timer)
      resolve(Number(match[1]))
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${kind} server exited before listening (code ${code}, signal ${signal}): ${stderr.join('').trim().slice(-2000)}`))
    })
  })
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
      child.once('exit', () => {
        clearTimeout(kill)
        resolve()
      })
      child.kill('SIGTERM')
    })
}

/**
 * Starts a server of `kind` with its data under `dataRoot`; resolves once it listens. `extraEnv`
 * is added to Spanwise's environment last (the cluster suite: `DATABASE_URL`, `REDIS_URL`).
 */
export async function startServer(
  kind: ServerKind,
  root: string,
  dataRoot: string,
  extraNodeArgs: readonly string[] = [],
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  let args: string[]
  let pattern: RegExp
  if (kind === 'spanwise') {
    const dataDir = path.join(dataRoot, 'data')
    const contentDir = path.join(dataRoot, 'content')
    mkdirSync(dataDir, { recursive: true })
    mkdirSync(contentDir, { recursive: true })
    for (const name of ['AUTH_SECRET', 'ALLOWED_ORIGINS', 'LOG_LEVEL']) delete env[name]
    Object.assign(env, { COLLAB_PORT: '0', COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR: contentDir, AUTH: 'off' })
    // Every load-generator client connects from 127.0.0.1 (up to 100 × 20): lift the per-address cap and budget.
    Object.assign(env, { MAX_CONNECTIONS_PER_ADDRESS: '100000', RATE_LIMIT_SHARED_FACTOR: '1000' })
    for (const name of ['DATABASE_URL', 'REDIS_URL']) delete env[name]
    Object.assign(env, extraEnv)
    args = [path.join(root, 'collab-server', 'dist', 'main.mjs')]
    pattern = /listening on http:\/\/[^\s]+:(\d+)/
  } else if (kind === 'stock') {
    const port = await freePort()
    delete env.YPERSISTENCE
    Object.assign(env, { HOST: '127.0.0.1', PORT: String(port) })
    args = [path.join(root, 'node_modules', '@y', 'websocket-server', 'src', 'server.js')]
    pattern = /running at '[^']*' on port (\d+)/
  } else {
    Object.assign(env, { RELAY_HOST: '127.0.0.1', RELAY_PORT: '0' })
    args = [path.join(root, 'bench', 'fanout', 'dist', 'relay-server.mjs')]
    pattern = /relay listening on (\d+)/
  }
  const child = spawn(process.execPath, [...extraNodeArgs, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const stop = stopper(child)
  try {
    const port = await waitForPort(child, kind, pattern)
    if (child.pid === undefined) throw new Error(`${kind} server has no pid`)
    return { kind, pid: child.pid, wsUrl: `ws://127.0.0.1:${port}`, httpUrl: `http://127.0.0.1:${port}`, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Creates blank Spanwise documents with the given ids (`POST /api/docs`); the server refuses unknown ids. */
export async function createSpanwiseDocuments(httpUrl: string, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const response = await fetch(`${httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, title: `Fan-out ${id}`, format: 'blank' }),
    })
    if (response.status !== 201) throw new Error(`POST /api/docs for ${id} answered ${response.status}: ${await response.text()}`)
  }
}
