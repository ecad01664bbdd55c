/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Structured fields attached to one log line. */
export type LogFields = Record<string, unknown>

/** A minimal structured logger: one event name plus fields per line. */
export interface Logger {
  debug(event: string, fields?: LogFields): void
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

function serializable(value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value
}

/**
 * A logger writing JSON lines (`{"time","level","event",...fields}`) to `write` (stderr by
 * default), dropping lines below `level`. stdout stays free for the ready line.
 */
export function createJsonLogger(
  options: { level?: LogLevel; write?: (line: string) => void } = {},
): Logger {
  const minimum = LEVEL_RANK[options.level ?? 'info']
  const write = options.write ?? ((line: string) => process.stderr.write(line))
  const log = (level: LogLevel) => (event: string, fields: LogFields = {}) => {
    if (LEVEL_RANK[level] < minimum) return
    const entries = Object.entries(fields).map(([key, value]) => [key, serializable(value)])
    const record = { time: new Date().toISOString(), level, event, ...Object.fromEntries(entries) }
    write(`${JSON.stringify(record)}\n`)
  }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
