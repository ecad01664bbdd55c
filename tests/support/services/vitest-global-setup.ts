import type { TestProject } from 'vitest/node'
import { startPostgresServer } from './postgres-server'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the PostgreSQL the test run started (each test file creates its own database). */
    postgresUrl: string
  }
}

/**
 * Starts the run's PostgreSQL on loopback (installing Debian's as root when missing) and stops it
 * at the end. Redis is started by each test that needs it (it restarts it, too).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const postgres = await startPostgresServer()
  project.provide('postgresUrl', postgres.url)
  return () => postgres.stop()
}
