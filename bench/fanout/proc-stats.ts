/**
 * CPU time and memory of one process, read from Linux's /proc, so each server and generator
 * process is measured alone. Null where /proc is unavailable (not Linux, or the process is gone).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let clockTicks: number | null = null

/** Kernel clock ticks per second (`getconf CLK_TCK`, usually 100). */
function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      clockTicks = 100
    }
  }
  return clockTicks
}

/** User + system CPU seconds the process has used so far (resolution: one clock tick). */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const utime = Number(fields[11])
    const stime = Number(fields[12])
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null
    return (utime + stime) / ticksPerSecond()
  } catch {
    return null
  }
}

function statusKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

/** Peak resident set size (VmHWM) in MiB. */
export function peakRssMiB(pid: number): number | null {
  const kib = statusKiB(pid, 'VmHWM')
  return kib === null ? null : kib / 1024
}

/** Current resident set size (VmRSS) in MiB. */
export function rssMiB(pid: number): number | null {
  const kib = statusKiB(pid, 'VmRSS')
  return kib === null ? null : kib / 1024
}

/** `after − before`, or null when either is missing. */
export function difference(after: number | null, before: number | null): number | null {
  return after === null || before === null ? null : after - before
}
