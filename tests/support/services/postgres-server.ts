import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port'
import { serviceBinaries } from './service-binaries'

/** A PostgreSQL cluster of the tests' own: a fresh data directory, 127.0.0.1 only, trust auth. */
export interface PostgresServer {
  readonly port: number
  /** The URL of its `postgres` database, as user `postgres`. */
  readonly url: string
  /** The URL of database `name` on it. */
  urlOf(name: string): string
  /** Stops it and removes its data directory. */
  stop(): void
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0
}

/** PostgreSQL refuses to run as root: as root, run its programs as the `postgres` user (Debian's package makes it). */
function runAs(command: string, args: readonly string[]): void {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]]
  const result = spawnSync(file, argv, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`)
}

function uidOf(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim())
  return { uid, gid }
}

/**
 * Starts a throwaway PostgreSQL (installing Debian's when missing, as root): `initdb` in a temporary
 * directory, then `pg_ctl start` on a free loopback port with fsync off (test data only).
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const { postgresBin } = serviceBinaries()
  const port = await freePort()
  const root = mkdtempSync(join(tmpdir(), 'spanwise-pg-'))
  chmodSync(root, 0o755)
  const dataDir = join(root, 'data')
  if (isRoot()) {
    const { uid, gid } = uidOf('postgres')
    chownSync(root, uid, gid)
  }
  runAs(join(postgresBin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'])
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`
  runAs(join(postgresBin, 'pg_ctl'), ['-D', dataDir, '-l', join(root, 'log'), '-o', options, '-w', '-t', '60', 'start'])
  const urlOf = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`
  return {
    port,
    url: urlOf('postgres'),
    urlOf,
    stop() {
      try {
        runAs(join(postgresBin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(root, { recursive: true, force: true })
      }
    },
  }
}
