import { pino, type DestinationStream } from 'pino'

/** Log levels, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const

/** A log level (`LOG_LEVEL`). */
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Structured fields attached to one log line. */
export type LogFields = Record<string, unknown>

/** A minimal structured logger: one event name plus fields per line. */
export interface Logger {
  debug(event: string, fields?: LogFields): void
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

/**
 * A pino logger writing JSON lines (`{"level","time",...fields,"event"}`, `time` in ISO 8601,
 * an `error` field as `{type, message, stack}`) to `destination` (stderr by default, written
 * synchronously so lines logged just before `process.exit` are kept), dropping lines below
 * `level`. stdout stays free for the ready line.
 */
export function createJsonLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: null,
      messageKey: 'event',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  )
  const log =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}) =>
      logger[level](fields, event)
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
