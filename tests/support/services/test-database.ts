import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** A database of one test file's own on the tests' PostgreSQL; {@link drop} removes it. */
export interface TestDatabase {
  readonly url: string
  readonly name: string
  drop(): Promise<void>
}

/** Creates an empty database (named `spanwise_test_<random>`) on the PostgreSQL at `adminUrl`. */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `spanwise_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}
