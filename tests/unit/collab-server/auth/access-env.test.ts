import { describe, expect, it } from 'vitest'
import { CollabEnvError, readAccessEnv } from '../../../../collab-server/env'

describe('readAccessEnv', () => {
  it('defaults to AUTH=off, no secret, the default origins and app port 3000', () => {
    expect(readAccessEnv({})).toEqual({ AUTH: 'off', ALLOWED_ORIGINS: null, PORT: 3000 })
  })

  it('reads given values; ALLOWED_ORIGINS is split on commas', () => {
    const secret = 's'.repeat(32)
    const env = { AUTH: 'on', AUTH_SECRET: secret, ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080', PORT: '8080' }
    expect(readAccessEnv(env)).toEqual({
      AUTH: 'on',
      AUTH_SECRET: secret,
      ALLOWED_ORIGINS: ['https://a.example', 'http://b.example:8080'],
      PORT: 8080,
    })
    expect(readAccessEnv({ ALLOWED_ORIGINS: '*' }).ALLOWED_ORIGINS).toEqual(['*'])
  })

  it.each([
    [{ AUTH: 'yes' }, 'invalid environment: AUTH: AUTH must be "off" or "on"'],
    [{ AUTH_SECRET: 'short' }, 'invalid environment: AUTH_SECRET: AUTH_SECRET must be at least 32 characters'],
    [{ ALLOWED_ORIGINS: 'app.example.com' }, 'invalid environment: ALLOWED_ORIGINS: ALLOWED_ORIGINS entry "app.example.com" is not an origin such as https://app.example.com'],
    [{ ALLOWED_ORIGINS: '*,https://a.example' }, 'invalid environment: ALLOWED_ORIGINS: "*" must be the only entry of ALLOWED_ORIGINS'],
    [{ ALLOWED_ORIGINS: ' , ' }, 'invalid environment: ALLOWED_ORIGINS: ALLOWED_ORIGINS must list at least one origin'],
    [{ PORT: 'web' }, 'invalid environment: PORT: PORT must be a port number (0–65535)'],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => readAccessEnv(env)).toThrow(new CollabEnvError(message))
  })
})
