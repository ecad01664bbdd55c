/**
 * The real Spanwise stack for scenario (c): the app's production build in `.next-bench`
 * (`next build` with NEXT_DIST_DIR, skipped when it is newer than every source file), `next start`
 * on a free port, and a real collab server (`tsx collab-server/main.ts`, SQLite under the run's
 * work directory, nothing seeded).
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort } from '../lib/free-port'
import { logTail, startChild, stopChild, waitForHttp, type Child } from './processes'

const run = promisify(execFile)
const BUILD_DIR = '.next-bench'
const SOURCE_DIRS = ['app', 'editor', 'collab-server']
const SOURCE_FILES = ['next.config.mjs', 'proxy.ts', 'package.json', 'package-lock.json', 'tsconfig.json']

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0
  const stats = statSync(target)
  if (!stats.isDirectory()) return stats.mtimeMs
  let newest = stats.mtimeMs
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)))
  return newest
}

/** True when `<dir>/BUILD_ID` is newer than every file the app is built from. */
function buildIsFresh(root: string, dir: string): boolean {
  const buildId = path.join(root, dir, 'BUILD_ID')
  if (!existsSync(buildId)) return false
  const sources = Math.max(...SOURCE_DIRS.map((dir) => newestMtime(path.join(root, dir))), ...SOURCE_FILES.map((file) => newestMtime(path.join(root, file))))
  return statSync(buildId).mtimeMs > sources
}

/**
 * The production build to run: the normal `.next` when it is newer than the sources (e.g. right
 * after `npm run build` or `npm test`), else `.next-bench`, built now unless it is fresh.
 */
export async function ensureBenchBuild(root: string, log: (line: string) => void): Promise<{ dir: string; built: boolean }> {
  if (buildIsFresh(root, '.next')) return { dir: '.next', built: false }
  if (buildIsFresh(root, BUILD_DIR)) return { dir: BUILD_DIR, built: false }
  log(`building the app into ${BUILD_DIR} (next build)…`)
  try {
    await run(path.join(root, 'node_modules/.bin/next'), ['build'], {
      cwd: root,
      env: { ...process.env, NEXT_DIST_DIR: BUILD_DIR, NEXT_TELEMETRY_DISABLED: '1' },
      maxBuffer: 64 * 1024 * 1024,
    })
  } catch (error) {
    const detail = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`next build (${BUILD_DIR}) failed: ${detail.message}\n${(detail.stdout ?? '').slice(-3000)}\n${(detail.stderr ?? '').slice(-3000)}`)
  }
  return { dir: BUILD_DIR, built: true }
}

/** A running app + collab server pair. */
export interface SpanwiseStack {
  readonly appUrl: string
  readonly collabHttpUrl: string
  readonly collabWsUrl: string
  /** The last lines of both logs, and whether each process is still running, for error messages. */
  describe(): string
  stop(): Promise<void>
}

/** Starts a collab server (data under `workDir`) and the built app talking to it. */
export async function startSpanwiseStack(root: string, workDir: string, buildDir: string): Promise<SpanwiseStack> {
  const [collabPort, appPort] = [await freePort(), await freePort()]
  const dataDir = path.join(workDir, 'editor-collab-data')
  const contentDir = path.join(workDir, 'editor-empty-content')
  mkdirSync(dataDir, { recursive: true })
  mkdirSync(contentDir, { recursive: true })
  const children: Child[] = []
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child)))
  }
  try {
    const collab = startChild('collab server', path.join(root, 'node_modules/.bin/tsx'), ['collab-server/main.ts'], {
      cwd: root,
      env: { COLLAB_PORT: String(collabPort), COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR: contentDir, PORT: String(appPort), LOG_LEVEL: 'warn' },
      logFile: path.join(workDir, 'editor-collab.log'),
    })
    children.push(collab)
    const app = startChild('next start', path.join(root, 'node_modules/.bin/next'), ['start', '--port', String(appPort), '--hostname', '127.0.0.1'], {
      cwd: root,
      env: {
        NEXT_DIST_DIR: buildDir,
        NEXT_TELEMETRY_DISABLED: '1',
        COLLAB_PORT: String(collabPort),
        COLLAB_HTTP_URL: `http://127.0.0.1:${collabPort}`,
        COLLAB_URL: `ws://127.0.0.1:${collabPort}`,
      },
      logFile: path.join(workDir, 'editor-app.log'),
    })
    children.push(app)
    await waitForHttp(`http://127.0.0.1:${collabPort}/healthz`, collab)
    await waitForHttp(`http://127.0.0.1:${appPort}/`, app)
  } catch (error) {
    await stop()
    throw error
  }
  return {
    appUrl: `http://127.0.0.1:${appPort}`,
    collabHttpUrl: `http://127.0.0.1:${collabPort}`,
    collabWsUrl: `ws://127.0.0.1:${collabPort}`,
    describe: () =>
      children
        .map(
          (child) =>
            `${child.name} (${child.process.exitCode === null && child.process.signalCode === null ? 'running' : `exited ${child.process.exitCode ?? child.process.signalCode}`}):\n${logTail(child)}`,
        )
        .join('\n'),
    stop,
  }
}

/** Starts the stock y-websocket server (`@y/websocket-server`, in memory) on a free port. */
export async function startStockServer(root: string, workDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort()
  const child = startChild('stock y-websocket server', process.execPath, [path.join(root, 'node_modules/@y/websocket-server/src/server.js')], {
    cwd: root,
    env: { HOST: '127.0.0.1', PORT: String(port) },
    logFile: path.join(workDir, 'editor-stock-server.log'),
  })
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, child)
  } catch (error) {
    await stopChild(child)
    throw error
  }
  return { url: `ws://127.0.0.1:${port}`, stop: () => stopChild(child) }
}
