import { inject } from 'vitest'
import type { CollabServerOptions } from '../../../collab-server/server'
import { startTestCluster, type TestCluster } from './cluster'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './test-server'

/**
 * What a suite runs against: one server on SQLite, or two instances on PostgreSQL and Redis
 * (issue 15), so the role, limit and security tests hold on every instance of a cluster.
 */
export type ServerKind = 'single server' | 'two instances'

/** Every kind, for `describe.each`. */
export const SERVER_KINDS: readonly ServerKind[] = ['single server', 'two instances']

/**
 * Servers started for one suite. Victims connect to {@link a}, attackers to {@link b}: in a
 * cluster these are different instances, so what is refused must be refused where the attacker
 * is and never reach the other instance's clients; alone, both are the same server.
 */
export interface TestServers {
  readonly kind: ServerKind
  readonly a: TestServer
  readonly b: TestServer
  /** The cluster behind {@link a} and {@link b}; null for a single server. */
  readonly cluster: TestCluster | null
  /** Stops and starts every server again on the same store (a restart of the whole deployment). */
  restart(): Promise<void>
  /** Stops the servers and removes their data (data directory, or database and Redis). */
  stop(): Promise<void>
}

/** Starts the servers of `kind` with `options` (a cluster uses the run's PostgreSQL, `inject('postgresUrl')`). */
export async function startServers(kind: ServerKind, options: Partial<CollabServerOptions> = {}): Promise<TestServers> {
  return kind === 'single server' ? startSingle(options) : startPair(options)
}

async function startSingle(options: Partial<CollabServerOptions>): Promise<TestServers> {
  const dataDir = await makeDataDir()
  let server = await startTestServer(dataDir, options)
  return {
    kind: 'single server',
    get a() {
      return server
    },
    get b() {
      return server
    },
    cluster: null,
    async restart() {
      await server.server.stop()
      server = await startTestServer(dataDir, options)
    },
    async stop() {
      await server.server.stop()
      await removeDataDir(dataDir)
    },
  }
}

async function startPair(options: Partial<CollabServerOptions>): Promise<TestServers> {
  const cluster = await startTestCluster(inject('postgresUrl'), 2, options)
  const instance = (index: number): TestServer => {
    const found = cluster.instances[index]
    if (!found) throw new Error(`the cluster has no instance ${index}`)
    return found
  }
  return {
    kind: 'two instances',
    get a() {
      return instance(0)
    },
    get b() {
      return instance(1)
    },
    cluster,
    async restart() {
      const stopped = cluster.instances.splice(0)
      await Promise.all(stopped.map((old) => old.server.stop()))
      await Promise.all(stopped.map((old) => removeDataDir(old.dataDir)))
      for (let index = 0; index < stopped.length; index++) await cluster.addInstance()
    },
    stop: () => cluster.dispose(),
  }
}
