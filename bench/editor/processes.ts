/**
 * Child processes of the editor benchmark: each is started detached (it leads its own process
 * group, so `next start`'s `next-server` child goes with it) and stopped by its own pid.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { openSync, readFileSync } from 'node:fs'

/** A started child process with its log file. */
export interface Child {
  readonly name: string
  readonly process: ChildProcess
  readonly logFile: string
}

/** Starts `command args` in `cwd`, detached, stdout and stderr appended to `logFile`. */
export function startChild(name: string, command: string, args: readonly string[], options: { cwd: string; env: Record<string, string>; logFile: string }): Child {
  const log = openSync(options.logFile, 'a')
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', log, log], detached: true })
  return { name, process: child, logFile: options.logFile }
}

/** The last lines of a child's log, for error messages. */
export function logTail(child: Child, lines = 20): string {
  try {
    return readFileSync(child.logFile, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

/** Stops a child's process group: SIGTERM, then SIGKILL after `graceMs`. */
export function stopChild(child: Child, graceMs = 8000): Promise<void> {
  const { process: proc } = child
  if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return Promise.resolve()
  const pid = proc.pid
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {
        /* already gone */
      }
      resolve()
    }, graceMs)
    proc.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    try {
      process.kill(-pid, 'SIGTERM')
    } catch {
      clearTimeout(timer)
      resolve()
    }
  })
}

/** Resolves once `url` answers an HTTP request (any status); rejects after `timeoutMs` or when the child exits. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited with code ${child.process.exitCode} before ${url} answered:\n${logTail(child)}`)
    try {
      await fetch(url)
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${child.name} at ${url}:\n${logTail(child)}`)
}
