import { describe, expect, it } from 'vitest'
import { CollabEnvError, readCollabEnv, readDatabaseUrl, readLimitsEnv } from '../../../collab-server/env'

describe('readCollabEnv', () => {
  it('applies defaults', () => {
    expect(readCollabEnv({})).toEqual({
      COLLAB_PORT: 1234,
      COLLAB_HOST: '0.0.0.0',
      DATA_DIR: './data',
      CONTENT_DIR: './content',
      LOG_LEVEL: 'info',
      SQLITE_SYNCHRONOUS: 'normal',
      AUTO_VERSION_MINUTES: 60,
      DATABASE_URL: null,
      REDIS_URL: null,
      REDIS_KEY_PREFIX: 'spanwise',
    })
  })

  it('reads given values', () => {
    const env = {
      COLLAB_PORT: '0',
      COLLAB_HOST: '127.0.0.1',
      DATA_DIR: '/var/sw',
      CONTENT_DIR: '/srv/content',
      LOG_LEVEL: 'debug',
      SQLITE_SYNCHRONOUS: 'full',
      AUTO_VERSION_MINUTES: '0',
      DATABASE_URL: 'postgresql://spanwise:s3cret@db.internal:5432/spanwise',
      REDIS_URL: 'rediss://cache.internal:6380',
      REDIS_KEY_PREFIX: 'spanwise-staging.eu:1',
    }
    expect(readCollabEnv(env)).toEqual({ ...env, COLLAB_PORT: 0, AUTO_VERSION_MINUTES: 0 })
  })

  it.each([
    [{ COLLAB_PORT: 'abc' }, 'invalid environment: COLLAB_PORT: COLLAB_PORT must be a port number (0–65535)'],
    [{ COLLAB_PORT: '70000' }, 'invalid environment: COLLAB_PORT: COLLAB_PORT must be a port number (0–65535)'],
    [{ DATA_DIR: '' }, 'invalid environment: DATA_DIR: DATA_DIR must not be empty'],
    [{ LOG_LEVEL: 'verbose' }, 'invalid environment: LOG_LEVEL: LOG_LEVEL must be one of debug, info, warn, error'],
    [{ SQLITE_SYNCHRONOUS: 'off' }, 'invalid environment: SQLITE_SYNCHRONOUS: SQLITE_SYNCHRONOUS must be "normal" or "full"'],
    [{ AUTO_VERSION_MINUTES: '1.5' }, 'invalid environment: AUTO_VERSION_MINUTES: AUTO_VERSION_MINUTES must be a whole number of minutes (0: no automatic versions)'],
    // Beyond 2^31 - 1 ms setTimeout fires after 1 ms: a version every millisecond.
    [{ AUTO_VERSION_MINUTES: '35792' }, 'invalid environment: AUTO_VERSION_MINUTES: AUTO_VERSION_MINUTES must be at most 35791 (24.8 days, the longest a timer can wait)'],
    ...['', 'spanwise staging', 'spanwise*', 'a'.repeat(65), 'prod/1', 'ünicode'].map((prefix): [Record<string, string>, string] => [
      { REDIS_KEY_PREFIX: prefix },
      'invalid environment: REDIS_KEY_PREFIX: REDIS_KEY_PREFIX must be 1–64 letters, digits, "-", "_", "." or ":" (such as spanwise-staging)',
    ]),
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => readCollabEnv(env)).toThrow(new CollabEnvError(message))
  })

  const DATABASE_URL_ERROR =
    'invalid environment: DATABASE_URL: DATABASE_URL must be a postgres:// or postgresql:// URL such as postgres://user:password@db.example.com:5432/spanwise'
  const REDIS_URL_ERROR = 'invalid environment: REDIS_URL: REDIS_URL must be a redis:// or rediss:// URL such as redis://redis.example.com:6379'
  it.each([
    [{ DATABASE_URL: 'db.internal:5432' }, DATABASE_URL_ERROR],
    [{ DATABASE_URL: '' }, DATABASE_URL_ERROR],
    [{ DATABASE_URL: 'mysql://root:hunter2@db.internal/spanwise' }, DATABASE_URL_ERROR],
    [{ REDIS_URL: 'http://cache.internal:6379' }, REDIS_URL_ERROR],
    [{ REDIS_URL: 'not a url' }, REDIS_URL_ERROR],
  ])('rejects the URL %j with a message naming the variable, never repeating the value (it may hold a password)', (env, message) => {
    expect(() => readCollabEnv(env)).toThrow(new CollabEnvError(message))
  })

  it('readDatabaseUrl reads DATABASE_URL alone: null when unset, the URL, or a CollabEnvError', () => {
    expect(readDatabaseUrl({ COLLAB_PORT: 'not read' })).toBeNull()
    expect(readDatabaseUrl({ DATABASE_URL: 'postgres://localhost/spanwise' })).toBe('postgres://localhost/spanwise')
    expect(() => readDatabaseUrl({ DATABASE_URL: 'redis://localhost' })).toThrow(new CollabEnvError(DATABASE_URL_ERROR))
  })
})

describe('readLimitsEnv', () => {
  it('applies the defaults of the server options', () => {
    expect(readLimitsEnv({})).toEqual({
      MAX_MESSAGE_BYTES: 2 * 1024 * 1024,
      RATE_LIMIT_UPDATES_PER_SECOND: 100,
      RATE_LIMIT_BURST: 500,
      MAX_ROOMS: 1000,
      RATE_LIMIT_BYTES_PER_SECOND: 1024 * 1024,
      RATE_LIMIT_BYTES_BURST: 16 * 1024 * 1024,
      RATE_LIMIT_SHARED_FACTOR: 10,
      MAX_CONNECTIONS_PER_ADDRESS: 200,
      MAX_CONNECTIONS_PER_TOKEN: 100,
      MAX_CONNECTIONS_PER_DOCUMENT: 500,
      MAX_DOCUMENT_BYTES: 64 * 1024 * 1024,
    })
  })

  it('reads given values as numbers', () => {
    const env = {
      MAX_MESSAGE_BYTES: '65536',
      RATE_LIMIT_UPDATES_PER_SECOND: '20',
      RATE_LIMIT_BURST: '40',
      MAX_ROOMS: '2',
      RATE_LIMIT_BYTES_PER_SECOND: '1000',
      RATE_LIMIT_BYTES_BURST: '70000',
      RATE_LIMIT_SHARED_FACTOR: '3',
      MAX_CONNECTIONS_PER_ADDRESS: '4',
      MAX_CONNECTIONS_PER_TOKEN: '5',
      MAX_CONNECTIONS_PER_DOCUMENT: '6',
      MAX_DOCUMENT_BYTES: '7000',
    }
    expect(readLimitsEnv(env)).toEqual({
      MAX_MESSAGE_BYTES: 65536,
      RATE_LIMIT_UPDATES_PER_SECOND: 20,
      RATE_LIMIT_BURST: 40,
      MAX_ROOMS: 2,
      RATE_LIMIT_BYTES_PER_SECOND: 1000,
      RATE_LIMIT_BYTES_BURST: 70000,
      RATE_LIMIT_SHARED_FACTOR: 3,
      MAX_CONNECTIONS_PER_ADDRESS: 4,
      MAX_CONNECTIONS_PER_TOKEN: 5,
      MAX_CONNECTIONS_PER_DOCUMENT: 6,
      MAX_DOCUMENT_BYTES: 7000,
    })
  })

  it.each([
    [{ MAX_MESSAGE_BYTES: '8MiB' }, 'invalid environment: MAX_MESSAGE_BYTES: MAX_MESSAGE_BYTES must be a positive integer'],
    [{ MAX_MESSAGE_BYTES: '0' }, 'invalid environment: MAX_MESSAGE_BYTES: MAX_MESSAGE_BYTES must be a positive integer'],
    [{ RATE_LIMIT_UPDATES_PER_SECOND: '-5' }, 'invalid environment: RATE_LIMIT_UPDATES_PER_SECOND: RATE_LIMIT_UPDATES_PER_SECOND must be a positive integer'],
    [{ RATE_LIMIT_BURST: '1.5' }, 'invalid environment: RATE_LIMIT_BURST: RATE_LIMIT_BURST must be a positive integer'],
    [{ MAX_ROOMS: '' }, 'invalid environment: MAX_ROOMS: MAX_ROOMS must be a positive integer'],
    [
      { MAX_ROOMS: 'many', RATE_LIMIT_BURST: '0' },
      'invalid environment: RATE_LIMIT_BURST: RATE_LIMIT_BURST must be a positive integer; MAX_ROOMS: MAX_ROOMS must be a positive integer',
    ],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => readLimitsEnv(env)).toThrow(new CollabEnvError(message))
  })
})
