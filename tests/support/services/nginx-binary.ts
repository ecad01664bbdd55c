import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']

function onPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

function findNginx(): string | null {
  return process.env.NGINX_BIN ?? NGINX_CANDIDATES.find((path) => existsSync(path)) ?? onPath('nginx')
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/**
 * The `nginx` program; when it is missing and this runs as root, installs Debian's package
 * (`apt-get install -y nginx`), as for Redis and PostgreSQL (see `serviceBinaries`). Elsewhere
 * throws with the command to run. Nothing is started: the tests run nginx in a prefix of their own.
 */
export function nginxBinary(log: (line: string) => void = console.log): string {
  const found = findNginx()
  if (found !== null) return found
  const hint = 'the deployment test needs nginx: run "sudo apt-get install -y nginx" (or set NGINX_BIN)'
  if (!isRoot()) throw new Error(hint)
  log('backing services: installing nginx from Debian’s packages')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'nginx'], { stdio: 'inherit', env })
  const installed = findNginx()
  if (installed === null) throw new Error(`backing services: nginx still missing after apt-get; ${hint}`)
  return installed
}
