import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signShareToken } from '../../../collab-server/auth/tokens'
import type { Role } from '../../../editor/model/roles'
import { E2E, PROJECT_ROOT } from './e2e-env'

/** A second app + collab server pair with AUTH=on, for the roles tests. */
export interface AuthStack {
  appUrl: string
  collabPort: number
  secret: string
  stop(): Promise<void>
}

/** The app's page of document `doc` opened with a share link of `role` on an auth stack. */
export async function shareLink(stack: AuthStack, doc: string, role: Role): Promise<string> {
  return `${stack.appUrl}/docs/${doc}?token=${await signShareToken(stack.secret, { doc, role })}`
}

const AUTH_APP_PORT = Number(process.env.E2E_AUTH_APP_PORT ?? E2E.appPort + 2)
const AUTH_COLLAB_PORT = Number(process.env.E2E_AUTH_COLLAB_PORT ?? E2E.appPort + 3)

// 60 s: `next start` can take over 30 s on two busy cores (a CI run once timed out at 30).
async function waitForHttp(url: string, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      await fetch(url)
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
  }
  throw new Error(`timed out waiting for ${what} at ${url}`)
}

function start(command: string, args: string[], env: Record<string, string>, logName: string): ChildProcess {
  const log = openSync(join(E2E.artifactsDir, logName), 'a')
  // detached: the child leads its own process group, stopped by its own pid below.
  return spawn(join(PROJECT_ROOT, 'node_modules', '.bin', command), args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', log, log], detached: true })
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        /* gone */
      }
      resolve()
    }, 8000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      clearTimeout(timer)
      resolve()
    }
  })
}

/** Starts a collab server with AUTH=on and a fixed secret, and an app that talks to it. */
export async function startAuthStack(): Promise<AuthStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'spanwise-e2e-auth-'))
  const secret = 'e2e-secret-that-is-long-enough-for-hs256-0123456789'
  const collab = start(
    'tsx',
    ['collab-server/main.ts'],
    { COLLAB_PORT: String(AUTH_COLLAB_PORT), COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, AUTH: 'on', AUTH_SECRET: secret },
    'auth-collab.log',
  )
  const app = start(
    'next',
    ['start', '--port', String(AUTH_APP_PORT), '--hostname', '127.0.0.1'],
    {
      COLLAB_PORT: String(AUTH_COLLAB_PORT),
      COLLAB_HTTP_URL: `http://127.0.0.1:${AUTH_COLLAB_PORT}`,
      COLLAB_URL: `ws://127.0.0.1:${AUTH_COLLAB_PORT}`,
    },
    'auth-app.log',
  )
  const stop = async () => {
    await Promise.all([stopGroup(app), stopGroup(collab)])
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await waitForHttp(`http://127.0.0.1:${AUTH_COLLAB_PORT}/healthz`, 'the AUTH=on collab server')
    await waitForHttp(`http://127.0.0.1:${AUTH_APP_PORT}/`, 'the AUTH=on app')
  } catch (error) {
    await stop()
    throw error
  }
  return { appUrl: `http://127.0.0.1:${AUTH_APP_PORT}`, collabPort: AUTH_COLLAB_PORT, secret, stop }
}
