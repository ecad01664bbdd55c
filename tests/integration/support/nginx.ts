import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { freePort } from '../../support/services/free-port'
import { nginxBinary } from '../../support/services/nginx-binary'
import { waitFor } from './wait'

/** The deployment's nginx configuration, as docs/deploy.md shows it. */
export const DEPLOY_CONFIG_PATH = resolve(import.meta.dirname, '../../../docs/nginx/spanwise.conf')

/** The instance addresses and the listen line of {@link DEPLOY_CONFIG_PATH}, replaced by the test's own. */
const DOCUMENTED_INSTANCES = ['127.0.0.1:1234', '127.0.0.1:1235', '127.0.0.1:1236']
const DOCUMENTED_LISTEN = 'listen 80;'

function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1
  if (count !== 1)
    throw new Error(`docs/nginx/spanwise.conf: expected "${from}" once, found it ${count} times (update tests/integration/support/nginx.ts with the documented config)`)
  return text.replace(from, to)
}

/**
 * The documented config with its three instance addresses replaced by `instancePorts` on
 * 127.0.0.1 and its `listen 80;` by `listen 127.0.0.1:<listenPort>;`. Throws when the documented
 * config no longer has those lines, so the test never silently runs another config.
 */
export function renderDeployConfig(documented: string, listenPort: number, instancePorts: readonly number[]): string {
  if (instancePorts.length !== DOCUMENTED_INSTANCES.length) throw new Error(`the documented config has ${DOCUMENTED_INSTANCES.length} instances`)
  let text = replaceOnce(documented, DOCUMENTED_LISTEN, `listen 127.0.0.1:${listenPort};`)
  DOCUMENTED_INSTANCES.forEach((address, index) => {
    text = replaceOnce(text, `server ${address} `, `server 127.0.0.1:${instancePorts[index]} `)
  })
  return text
}

/** An nginx of the test's own: `daemon off`, in a temporary prefix, listening on 127.0.0.1 only. */
export interface TestNginx {
  readonly port: number
  /** `http://127.0.0.1:<port>` */
  readonly httpUrl: string
  /** `ws://127.0.0.1:<port>` */
  readonly wsUrl: string
  /** The error log so far (for failure messages). */
  errorLog(): string
  stop(): Promise<void>
}

function mainConfig(dir: string, siteFile: string): string {
  const runAsRoot = typeof process.getuid === 'function' && process.getuid() === 0
  return [
    'daemon off;',
    'worker_processes 1;',
    // As root nginx would switch its worker to `nobody`, who cannot read this private prefix.
    ...(runAsRoot ? ['user root;'] : []),
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} info;`,
    'events { worker_connections 1024; }',
    'http {',
    `  access_log ${join(dir, 'access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(dir, kind)};`),
    `  include ${siteFile};`,
    '}',
    '',
  ].join('\n')
}

/** Starts nginx with the documented config in front of the instances on `instancePorts`; resolves once it answers. */
export async function startDeployNginx(instancePorts: readonly number[]): Promise<TestNginx> {
  const nginx = nginxBinary()
  const dir = mkdtempSync(join(tmpdir(), 'spanwise-nginx-'))
  chmodSync(dir, 0o755)
  const port = await freePort()
  const siteFile = join(dir, 'spanwise.conf')
  writeFileSync(siteFile, renderDeployConfig(readFileSync(DEPLOY_CONFIG_PATH, 'utf8'), port, instancePorts))
  const configFile = join(dir, 'nginx.conf')
  writeFileSync(configFile, mainConfig(dir, siteFile))
  const args = ['-p', dir, '-e', join(dir, 'error.log'), '-c', configFile]
  const check = spawnSync(nginx, [...args, '-t'], { encoding: 'utf8' })
  if (check.status !== 0) throw new Error(`nginx -t refused the documented config: ${check.stderr}`)
  const child: ChildProcess = spawn(nginx, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()))
  const errorLog = () => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8') + stderr
    } catch {
      return stderr
    }
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`nginx exited at start: ${errorLog()}`)
        return fetch(`http://127.0.0.1:${port}/healthz`).then(
          (response) => response.status === 200,
          () => false,
        )
      },
      `nginx on port ${port}`,
      10_000,
    )
  } catch (error) {
    await stop()
    throw error
  }
  return { port, httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, errorLog, stop }
}
