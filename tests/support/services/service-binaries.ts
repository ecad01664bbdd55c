import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Where the backing services' programs are: `redis-server`, and PostgreSQL's `bin` directory. */
export interface ServiceBinaries {
  readonly redisServer: string
  readonly postgresBin: string
}

const REDIS_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server']
const POSTGRES_LIB = '/usr/lib/postgresql'
const DEBIAN_PACKAGES = ['redis-server', 'postgresql']

function onPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

function findRedisServer(): string | null {
  return process.env.REDIS_SERVER_BIN ?? REDIS_CANDIDATES.find((path) => existsSync(path)) ?? onPath('redis-server')
}

/** The newest installed PostgreSQL's `bin` directory (Debian keeps each major version apart). */
function findPostgresBin(): string | null {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR
  if (existsSync(POSTGRES_LIB)) {
    const versions = readdirSync(POSTGRES_LIB)
      .filter((name) => existsSync(join(POSTGRES_LIB, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a))
    if (versions[0]) return join(POSTGRES_LIB, versions[0], 'bin')
  }
  const initdb = onPath('initdb')
  return initdb ? initdb.slice(0, -'/initdb'.length) : null
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0
}

/**
 * Finds redis-server and PostgreSQL; when either is missing and this runs as root, installs
 * Debian's packages (`apt-get install -y redis-server postgresql`), as CI does on a fresh
 * machine. Elsewhere throws with the command to run.
 */
export function serviceBinaries(log: (line: string) => void = console.log): ServiceBinaries {
  let redisServer = findRedisServer()
  let postgresBin = findPostgresBin()
  if (redisServer === null || postgresBin === null) {
    const hint = `the tests need Redis and PostgreSQL: run "sudo apt-get install -y ${DEBIAN_PACKAGES.join(' ')}" (or set REDIS_SERVER_BIN and POSTGRES_BIN_DIR)`
    if (!isRoot()) throw new Error(hint)
    log(`backing services: installing ${DEBIAN_PACKAGES.join(' ')} from Debian's packages`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '-qq', ...DEBIAN_PACKAGES], { stdio: 'inherit', env })
    redisServer = findRedisServer()
    postgresBin = findPostgresBin()
    if (redisServer === null || postgresBin === null) throw new Error(`backing services: still missing after apt-get; ${hint}`)
  }
  return { redisServer, postgresBin }
}
