/**
 * Helpers for measuring work in a fresh Node process, so timings start cold and peak memory
 * belongs to that work alone: {@link runTsChild} starts a TypeScript script under tsx and reads
 * the JSON it prints last; {@link resetPeakRss} / {@link peakRssBytes} / {@link currentRssBytes}
 * read (and reset) the child's resident-set high-water mark from /proc on Linux.
 */
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

/** The marker before the JSON result line a child writes with {@link printChildResult}. */
const RESULT_MARK = '@@bench-result '

/** A child that was killed because it ran longer than its time limit. */
export class ChildTimeoutError extends Error {
  override readonly name = 'ChildTimeoutError'

  constructor(
    readonly script: string,
    readonly timeoutMs: number,
  ) {
    super(`${script} did not finish within ${Math.round(timeoutMs / 1000)} s and was killed`)
  }
}

/**
 * Runs `node --expose-gc --import tsx <script> <JSON input>` in `root` and resolves the value the
 * script passed to {@link printChildResult}. Rejects, with the child's stderr, when it fails, and
 * with a {@link ChildTimeoutError} when it runs longer than `timeoutMs` (default 5 minutes).
 */
export function runTsChild<T>(root: string, script: string, input: unknown, options: { timeoutMs?: number } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, JSON.stringify(input)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timeoutMs = options.timeoutMs ?? 300_000
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (timedOut) {
        reject(new ChildTimeoutError(script, timeoutMs))
        return
      }
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_MARK))
      if (code !== 0 || !line) {
        reject(new Error(`${script} exited with ${signal ?? code}${line ? '' : ' without a result'}: ${stderr.trim().slice(-2000)}`))
        return
      }
      resolve(JSON.parse(line.slice(RESULT_MARK.length)) as T)
    })
  })
}

/** Reads the JSON input a child was started with (see {@link runTsChild}). */
export function readChildInput<T>(): T {
  const arg = process.argv[2]
  if (!arg) throw new Error('missing JSON input argument')
  return JSON.parse(arg) as T
}

/** Writes a child's result for {@link runTsChild}. */
export function printChildResult(result: unknown): void {
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`)
}

function statusField(name: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const match = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${name}:\\s+(\\d+) kB`))
    return match ? Number(match[1]) * 1024 : null
  } catch {
    return null
  }
}

/** Runs a full GC when the process was started with --expose-gc. */
export function collectGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

/** Current resident set size in bytes. */
export function currentRssBytes(): number {
  return statusField('VmRSS') ?? process.memoryUsage().rss
}

/**
 * Resets the peak-RSS counter to the current RSS (Linux: `5` into /proc/self/clear_refs); true
 * when it worked, false when the peak still includes everything the process did before.
 */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5')
    return true
  } catch {
    return false
  }
}

/** Peak resident set size in bytes since start or the last {@link resetPeakRss}. */
export function peakRssBytes(): number {
  return statusField('VmHWM') ?? process.resourceUsage().maxRSS * 1024
}
