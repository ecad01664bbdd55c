/**
 * The PostgreSQL (and, through the tests' helper, the Redis) the cluster and persistence suites
 * run against, started by the suite on loopback and always stopped by it. The programs are found,
 * or installed from Debian's packages when missing and running as root, by the tests' helper
 * (tests/support/services/service-binaries.ts).
 *
 * Unlike the tests' PostgreSQL (fsync and synchronous_commit off, for speed), this one keeps
 * PostgreSQL's durable defaults (fsync on, synchronous_commit on: a commit returns once its WAL is
 * flushed to disk), as a deployment would, so its figures compare with SQLite's durable commits.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { serviceBinaries } from '../../tests/support/services/service-binaries'
import { freePort } from './free-port'

export { startRedisServer, type RedisServer } from '../../tests/support/services/redis-server'
export { createTestDatabase as createDatabase, type TestDatabase as BenchDatabase } from '../../tests/support/services/test-database'

/** A PostgreSQL cluster of the benchmark's own: a fresh data directory, 127.0.0.1 only, trust auth. */
export interface BenchPostgres {
  /** The URL of its `postgres` database (the admin URL for {@link createDatabase}). */
  readonly url: string
  /** The postmaster's pid. */
  readonly pid: number
  /** PostgreSQL's version (`postgres --version`). */
  readonly version: string
  /** Stops it (fast shutdown; SIGKILL of the postmaster if that fails) and removes its data directory. */
  stop(): void
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user (Debian's package makes it). */
function runAs(command: string, args: readonly string[]): string {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]]
  const result = spawnSync(file, argv, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`)
  return result.stdout
}

/** Starts a throwaway PostgreSQL with its durable defaults on a free loopback port. */
export async function startBenchPostgres(log: (line: string) => void): Promise<BenchPostgres> {
  const { postgresBin } = serviceBinaries(log)
  const port = await freePort()
  const root = mkdtempSync(path.join(os.tmpdir(), 'spanwise-bench-pg-'))
  chmodSync(root, 0o755)
  const dataDir = path.join(root, 'data')
  let started = false
  const stop = () => {
    try {
      if (started) runAs(path.join(postgresBin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'])
    } catch {
      killPostmaster(dataDir)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  }
  try {
    if (isRoot()) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
      chownSync(root, id('-u'), id('-g'))
    }
    runAs(path.join(postgresBin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'])
    const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=300`
    started = true
    runAs(path.join(postgresBin, 'pg_ctl'), ['-D', dataDir, '-l', path.join(root, 'log'), '-o', options, '-w', '-t', '60', 'start'])
    const pid = postmasterPid(dataDir)
    if (pid === null) throw new Error('PostgreSQL started but wrote no postmaster.pid')
    const version = runAs(path.join(postgresBin, 'postgres'), ['--version']).trim()
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, pid, version, stop }
  } catch (error) {
    stop()
    throw error
  }
}

function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'postmaster.pid')
  if (!existsSync(file)) return null
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0])
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

/** The last resort when pg_ctl could not stop it: SIGKILL of the postmaster (its backends exit with it). */
function killPostmaster(dataDir: string): void {
  const pid = postmasterPid(dataDir)
  if (pid === null) return
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}
