import type { CollabServerOptions } from '../../../collab-server/server'
import { createTestDatabase, type TestDatabase } from '../../support/services/test-database'
import { startRedisServer, type RedisServer } from '../../support/services/redis-server'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './test-server'

/** Collab-server instances sharing one PostgreSQL database and one Redis (issue 15), in this process. */
export interface TestCluster {
  readonly instances: TestServer[]
  readonly database: TestDatabase
  readonly redis: RedisServer
  /** Starts one more instance on the same database and Redis. */
  addInstance(options?: Partial<CollabServerOptions>): Promise<TestServer>
  /** Stops every instance, then Redis, then drops the database. */
  dispose(): Promise<void>
}

/** Starts `count` instances on a fresh database of the run's PostgreSQL (`postgresUrl`) and a Redis of their own. */
export async function startTestCluster(postgresUrl: string, count: number, options: Partial<CollabServerOptions> = {}): Promise<TestCluster> {
  const database = await createTestDatabase(postgresUrl)
  const redis = await startRedisServer()
  const instances: TestServer[] = []
  const addInstance = async (extra: Partial<CollabServerOptions> = {}) => {
    const dataDir = await makeDataDir()
    const instance = await startTestServer(dataDir, { ...options, ...extra, databaseUrl: database.url, redisUrl: redis.url })
    instances.push(instance)
    return instance
  }
  for (let index = 0; index < count; index++) await addInstance()
  return {
    instances,
    database,
    redis,
    addInstance,
    async dispose() {
      await Promise.all(instances.map((instance) => instance.server.stop()))
      await Promise.all(instances.map((instance) => removeDataDir(instance.dataDir)))
      await redis.dispose()
      await database.drop()
    },
  }
}
