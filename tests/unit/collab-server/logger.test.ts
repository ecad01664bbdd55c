import { describe, expect, it } from 'vitest'
import { createJsonLogger, type LogLevel } from '../../../collab-server/logger'

function capture(level?: LogLevel) {
  const lines: string[] = []
  const logger = createJsonLogger({ level, destination: { write: (line: string) => void lines.push(line) } })
  return { logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), lines }
}

describe('createJsonLogger', () => {
  it('writes one JSON line per event with level, ISO time, fields and the event name', () => {
    const { logger, records, lines } = capture()
    logger.info('listening', { port: 1234, auth: 'off' })
    expect(lines).toHaveLength(1)
    expect(lines[0].endsWith('\n')).toBe(true)
    const [record] = records()
    expect(record).toEqual({ level: 'info', time: expect.any(String), port: 1234, auth: 'off', event: 'listening' })
    expect(new Date(record.time as string).toISOString()).toBe(record.time)
  })

  it('drops lines below the level (default info)', () => {
    const defaults = capture()
    defaults.logger.debug('noisy')
    defaults.logger.warn('kept')
    expect(defaults.records().map((record) => [record.level, record.event])).toEqual([['warn', 'kept']])
    const errorsOnly = capture('error')
    errorsOnly.logger.warn('dropped')
    errorsOnly.logger.error('kept')
    expect(errorsOnly.records().map((record) => record.event)).toEqual(['kept'])
    const everything = capture('debug')
    everything.logger.debug('kept')
    expect(everything.records().map((record) => record.level)).toEqual(['debug'])
  })

  it('serializes an error field with its type and message', () => {
    const { logger, records } = capture()
    logger.error('room-store-failed', { docId: 'doc', error: new TypeError('disk full') })
    expect(records()[0]).toMatchObject({
      level: 'error',
      event: 'room-store-failed',
      docId: 'doc',
      error: { type: 'TypeError', message: 'disk full', stack: expect.stringContaining('disk full') },
    })
  })
})
