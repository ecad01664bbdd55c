import { describe, expect, it } from 'vitest'
import { CollabEnvError, readCollabEnv } from '../../../collab-server/env'

describe('readCollabEnv', () => {
  it('applies defaults', () => {
    expect(readCollabEnv({})).toEqual({
      COLLAB_PORT: 1234,
      COLLAB_HOST: '0.0.0.0',
      DATA_DIR: './data',
      CONTENT_DIR: './content',
      LOG_LEVEL: 'info',
    })
  })

  it('reads given values', () => {
    const env = { COLLAB_PORT: '0', COLLAB_HOST: '127.0.0.1', DATA_DIR: '/var/sw', CONTENT_DIR: '/srv/content', LOG_LEVEL: 'debug' }
    expect(readCollabEnv(env)).toEqual({ ...env, COLLAB_PORT: 0 })
  })

  it.each([
    [{ COLLAB_PORT: 'abc' }, 'invalid environment: COLLAB_PORT: COLLAB_PORT must be a port number (0–65535)'],
    [{ COLLAB_PORT: '70000' }, 'invalid environment: COLLAB_PORT: COLLAB_PORT must be a port number (0–65535)'],
    [{ DATA_DIR: '' }, 'invalid environment: DATA_DIR: DATA_DIR must not be empty'],
    [{ LOG_LEVEL: 'verbose' }, 'invalid environment: LOG_LEVEL: LOG_LEVEL must be one of debug, info, warn, error'],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => readCollabEnv(env)).toThrow(new CollabEnvError(message))
  })
})
