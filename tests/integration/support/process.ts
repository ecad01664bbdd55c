import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { within } from './wait'

const REPO = resolve(import.meta.dirname, '../../..')
const TSX = resolve(REPO, 'node_modules/.bin/tsx')

/** A spawned `tsx collab-server/main.ts` with its collected output. */
export interface ServerProcess {
  readonly child: ChildProcess
  stdout: string
  stderr: string
  /** Resolves with the exit code once the process exited. */
  readonly exited: Promise<number | null>
}

/** Spawns the collab server's entry point with `env` added to this process's environment. */
export function spawnMain(env: Record<string, string>): ServerProcess {
  return collectOutput(spawn(TSX, ['collab-server/main.ts'], { cwd: REPO, env: { ...process.env, ...env } }))
}

/**
 * Like {@link spawnMain}, but runs main.ts in one node process (`node --import tsx`) instead of
 * under tsx's wrapper, so a SIGKILL reaches the server itself rather than orphaning it.
 */
export function spawnMainDirect(env: Record<string, string>): ServerProcess {
  const args = ['--import', 'tsx', 'collab-server/main.ts']
  return collectOutput(spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, ...env } }))
}

function collectOutput(child: ChildProcess): ServerProcess {
  const spawned: ServerProcess = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code))),
  }
  child.stdout?.on('data', (chunk: Buffer) => (spawned.stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (spawned.stderr += chunk.toString()))
  return spawned
}

/** Waits (bounded) for the process to exit and returns its exit code. */
export function exitCodeOf(spawned: ServerProcess, timeoutMs = 15_000): Promise<number | null> {
  return within(spawned.exited, 'the server process to exit', timeoutMs)
}
