import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../support/services/free-port'
import { startPostgresServer, type PostgresServer } from '../../support/services/postgres-server'
import { startRedisServer, type RedisServer } from '../../support/services/redis-server'
import { createTestDatabase, type TestDatabase } from '../../support/services/test-database'
import { E2E, PROJECT_ROOT } from './e2e-env'

/** One collab-server process of the cluster; `start` it again after `kill`. */
export interface ClusterInstance {
  readonly port: number
  /** `ws://127.0.0.1:<port>`: what browsers connect to. */
  readonly wsUrl: string
  readonly httpUrl: string
  /** Starts the process (again); resolves once /healthz answers 200. */
  start(): Promise<void>
  /** Sends SIGKILL to the process and waits until it is gone: no graceful close, nothing flushed. */
  kill(): Promise<void>
}

/**
 * Two collab-server instances on one PostgreSQL database and one Redis (all started here, as the
 * vitest run does), and two apps (`next start` of the build in NEXT_DIST_DIR), one per instance:
 * app 1 reaches instance 1 for its HTTP calls and gives browsers both websocket URLs (instance 1
 * first), app 2 reaches instance 2 and gives browsers instance 2 only.
 */
export interface ClusterStack {
  readonly instances: readonly [ClusterInstance, ClusterInstance]
  readonly appUrls: readonly [string, string]
  stop(): Promise<void>
}

async function waitForStatus(url: string, what: string, ok: (status: number) => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    )
    if (ok(status)) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} at ${url}`)
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
}

function logTo(name: string): number {
  return openSync(join(E2E.artifactsDir, name), 'a')
}

/** SIGTERMs a child's process group and waits (SIGKILL after 8 s). */
async function stopGroup(child: ChildProcess | null, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const force = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      /* gone */
    }
  }, 8000)
  try {
    process.kill(-child.pid!, signal)
  } catch {
    /* gone */
  }
  await exited
  clearTimeout(force)
}

function clusterInstance(index: number, port: number, services: { database: TestDatabase; redis: RedisServer }): ClusterInstance & { stop(): Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), `spanwise-e2e-cluster-${index}-`))
  let child: ChildProcess | null = null
  const httpUrl = `http://127.0.0.1:${port}`
  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) throw new Error(`collab instance ${index} is already running`)
      const log = logTo(`cluster-instance-${index}.log`)
      // `node --import tsx` (not tsx's wrapper): the SIGKILL reaches the server itself.
      child = spawn(process.execPath, ['--import', 'tsx', 'collab-server/main.ts'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, COLLAB_PORT: String(port), COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: services.database.url, REDIS_URL: services.redis.url },
        stdio: ['ignore', log, log],
        detached: true,
      })
      await waitForStatus(`${httpUrl}/healthz`, `collab instance ${index}`, (status) => status === 200)
    },
    async kill() {
      await stopGroup(child, 'SIGKILL')
    },
    async stop() {
      await stopGroup(child)
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

function startApp(index: number, port: number, env: Record<string, string>): ChildProcess {
  return spawn(join(PROJECT_ROOT, 'node_modules', '.bin', 'next'), ['start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', logTo(`cluster-app-${index}.log`), logTo(`cluster-app-${index}.log`)],
    detached: true,
  })
}

/**
 * Starts PostgreSQL, Redis, the two apps and instance 1; instance 2 is created but not started,
 * so that a test decides when it comes up (see the cluster spec).
 */
export async function startClusterStack(): Promise<ClusterStack> {
  let postgres: PostgresServer | null = null
  let database: TestDatabase | null = null
  let redis: RedisServer | null = null
  const instances: Array<ReturnType<typeof clusterInstance>> = []
  const apps: ChildProcess[] = []
  const stop = async () => {
    await Promise.all(apps.map((app) => stopGroup(app)))
    await Promise.all(instances.map((instance) => instance.stop()))
    await redis?.dispose()
    await database?.drop().catch(() => undefined)
    postgres?.stop()
  }
  try {
    postgres = await startPostgresServer()
    database = await createTestDatabase(postgres.url)
    redis = await startRedisServer()
    const [port1, port2, appPort1, appPort2] = [await freePort(), await freePort(), await freePort(), await freePort()]
    instances.push(clusterInstance(1, port1, { database, redis }), clusterInstance(2, port2, { database, redis }))
    const [one, two] = instances as [ReturnType<typeof clusterInstance>, ReturnType<typeof clusterInstance>]
    await one.start()
    apps.push(
      startApp(1, appPort1, { COLLAB_PORT: String(port1), COLLAB_HTTP_URL: one.httpUrl, COLLAB_URL: `${one.wsUrl},${two.wsUrl}` }),
      startApp(2, appPort2, { COLLAB_PORT: String(port2), COLLAB_HTTP_URL: two.httpUrl, COLLAB_URL: two.wsUrl }),
    )
    const appUrls = [`http://127.0.0.1:${appPort1}`, `http://127.0.0.1:${appPort2}`] as const
    // App 2's pages need instance 2; its 404 page answers as soon as it listens.
    await Promise.all(appUrls.map((url, index) => waitForStatus(`${url}/no-such-page`, `app ${index + 1}`, (status) => status === 404)))
    return { instances: [one, two], appUrls, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
