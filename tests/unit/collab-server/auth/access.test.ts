import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { admitSocket, authorizeHttp, checkSocketOrigin, type AccessPolicy } from '../../../../collab-server/auth/access'
import { originPolicyOf } from '../../../../collab-server/auth/origin-policy'
import { signAdminToken, signShareToken } from '../../../../collab-server/auth/tokens'

const SECRET = 'a-test-secret-that-is-long-enough-0123456789'
const ON: AccessPolicy = { secret: SECRET, origins: originPolicyOf(null) }
const OFF: AccessPolicy = { secret: null, origins: originPolicyOf(null) }

const request = (url: string, headers: Record<string, string> = {}) =>
  ({ url, headers: { host: '127.0.0.1:1234', ...headers } }) as unknown as IncomingMessage

const share = (doc: string, role: 'editor' | 'annotator' | 'viewer') => signShareToken(SECRET, { doc, role })
const expired = () => signShareToken(SECRET, { doc: 'doc', role: 'editor', ttl: '1s', now: new Date(Date.now() - 60_000) })

describe('admitSocket', () => {
  it('makes everyone an editor when AUTH is off', async () => {
    expect(await admitSocket(OFF, request('/doc'), 'doc')).toEqual({ ok: true, role: 'editor' })
  })

  it.each(['editor', 'annotator', 'viewer'] as const)('admits a %s share token for the document with its role', async (role) => {
    const token = await share('doc', role)
    expect(await admitSocket(ON, request(`/doc?token=${token}`), 'doc')).toEqual({ ok: true, role })
  })

  it('admits an admin token as an editor', async () => {
    expect(await admitSocket(ON, request(`/doc?token=${await signAdminToken(SECRET)}`), 'doc')).toEqual({ ok: true, role: 'editor' })
  })

  it.each([
    ['no token', async () => '/doc', { code: 4401, reason: 'missing token', cause: 'missing' }],
    ['an empty token', async () => '/doc?token=', { code: 4401, reason: 'missing token', cause: 'missing' }],
    ['a malformed token', async () => '/doc?token=abc', { code: 4401, reason: 'malformed token', cause: 'malformed' }],
    ['an expired token', async () => `/doc?token=${await expired()}`, { code: 4401, reason: 'token expired', cause: 'expired' }],
    [
      'a forged token',
      async () => `/doc?token=${await signShareToken('f'.repeat(40), { doc: 'doc', role: 'editor' })}`,
      { code: 4401, reason: 'invalid token signature', cause: 'forged' },
    ],
    [
      'a token of another document',
      async () => `/doc?token=${await share('other', 'editor')}`,
      { code: 4403, reason: 'token is for another document', cause: 'wrong-document' },
    ],
  ])('refuses %s', async (_name, url, refusal) => {
    expect(await admitSocket(ON, request(await url()), 'doc')).toEqual({ ok: false, ...refusal })
  })
})

describe('checkSocketOrigin', () => {
  it('refuses a foreign origin with 4403 "origin not allowed", whatever AUTH is', () => {
    for (const policy of [ON, OFF]) {
      expect(checkSocketOrigin(policy, request('/doc', { origin: 'http://evil.example' }))).toEqual({
        ok: false,
        code: 4403,
        reason: 'origin not allowed',
        cause: 'origin',
      })
    }
  })

  it('lets requests without Origin and same-hostname pages through', () => {
    expect(checkSocketOrigin(ON, request('/doc'))).toBeNull()
    expect(checkSocketOrigin(ON, request('/doc', { origin: 'http://127.0.0.1:43100' }))).toBeNull()
  })
})

describe('authorizeHttp', () => {
  const admin = { admin: true } as const
  const denied = (status: number, error: string, reason: string) => ({ ok: false, status, body: { error, reason } })

  it('allows everything when AUTH is off', async () => {
    expect(await authorizeHttp(OFF, request('/api/docs'), admin)).toEqual({ ok: true })
  })

  it('takes the token from Authorization: Bearer or from ?token=', async () => {
    const token = await signAdminToken(SECRET)
    expect(await authorizeHttp(ON, request('/api/docs', { authorization: `Bearer ${token}` }), admin)).toEqual({ ok: true })
    expect(await authorizeHttp(ON, request(`/api/docs?token=${token}`), admin)).toEqual({ ok: true })
  })

  it('lets any role of the document, or an admin, read it', async () => {
    for (const token of [await share('doc', 'viewer'), await share('doc', 'annotator'), await signAdminToken(SECRET)]) {
      expect(await authorizeHttp(ON, request(`/api/docs/doc?token=${token}`), { doc: 'doc' })).toEqual({ ok: true })
    }
  })

  it.each([
    ['no token', {}, '/api/docs', denied(401, 'missing token', 'missing')],
    ['a non-Bearer Authorization', { authorization: 'Basic dXNlcjpwdw==' }, '/api/docs', denied(401, 'malformed token', 'malformed')],
    ['a garbage token', {}, '/api/docs?token=x.y.z', denied(401, 'malformed token', 'malformed')],
  ])('answers %s with 401', async (_name, headers, url, answer) => {
    expect(await authorizeHttp(ON, request(url, headers), admin)).toEqual(answer)
  })

  it('answers an expired token with 401', async () => {
    expect(await authorizeHttp(ON, request(`/api/docs/doc?token=${await expired()}`), { doc: 'doc' })).toEqual(
      denied(401, 'token expired', 'expired'),
    )
  })

  it('answers a share token on an admin route, or for another document, with 403', async () => {
    const token = await share('doc', 'editor')
    expect(await authorizeHttp(ON, request(`/api/docs?token=${token}`), admin)).toEqual(
      denied(403, 'admin token required', 'forbidden'),
    )
    expect(await authorizeHttp(ON, request(`/api/docs/other?token=${token}`), { doc: 'other' })).toEqual(
      denied(403, 'token is for another document', 'wrong-document'),
    )
  })
})
