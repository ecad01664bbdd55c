import { afterAll, describe, expect, inject, it } from 'vitest'
import pg from 'pg'
import { Redis } from 'ioredis'
import { createTestDatabase, type TestDatabase } from '../support/services/test-database'
import { startRedisServer, type RedisServer } from '../support/services/redis-server'

describe('backing services for the tests', () => {
  let database: TestDatabase | null = null
  let redis: RedisServer | null = null
  afterAll(async () => {
    await database?.drop()
    await redis?.dispose()
  })

  it('gives each test file its own PostgreSQL database', async () => {
    database = await createTestDatabase(inject('postgresUrl'))
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name')
    await client.end()
    expect(rows[0]?.name).toBe(database.name)
  })

  it('starts, stops and restarts a Redis of its own, which loses its data when killed', async () => {
    redis = await startRedisServer()
    const client = new Redis(redis.url, { maxRetriesPerRequest: null })
    await client.set('k', 'v')
    expect(await client.get('k')).toBe('v')
    await redis.stop(true)
    await redis.start()
    expect(await client.get('k')).toBeNull()
    client.disconnect()
  })
})
