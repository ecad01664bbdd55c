import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { SignJWT, decodeJwt } from 'jose'
import { admitSocket, authorizeHttp, checkSocketOrigin, requestGrant, type AccessPolicy } from '../../../../collab-server/auth/access'
import { originPolicyOf } from '../../../../collab-server/auth/origin-policy'
import { signAdminToken, signShareToken } from '../../../../collab-server/auth/tokens'

const SECRET = 'a-test-secret-that-is-long-enough-0123456789'
const ON: AccessPolicy = { secret: SECRET, origins: originPolicyOf(null), tokenGeneration: async () => 0 }
const OFF: AccessPolicy = { secret: null, origins: originPolicyOf(null), tokenGeneration: async () => 0 }
/** `doc`'s links were revoked once (generation 1); other documents do not exist. */
const REVOKED_ONCE: AccessPolicy = { ...ON, tokenGeneration: async (doc) => (doc === 'doc' ? 1 : null) }

const request = (url: string, headers: Record<string, string> = {}) => ({ url, headers: { host: '127.0.0.1:1234', ...headers } }) as unknown as IncomingMessage

const share = (doc: string, role: 'editor' | 'annotator' | 'viewer') => signShareToken(SECRET, { doc, role })
const expired = () => signShareToken(SECRET, { doc: 'doc', role: 'editor', ttl: '1s', now: new Date(Date.now() - 60_000) })
/** A token's expiry in milliseconds since the epoch, as admitSocket reports it. */
const expiryOf = (token: string) => decodeJwt(token).exp! * 1000

describe('admitSocket', () => {
  it('makes everyone an editor when AUTH is off, with no expiry', async () => {
    expect(await admitSocket(OFF, request('/doc'), 'doc')).toEqual({ ok: true, role: 'editor', tokenGeneration: null, expiresAt: null })
  })

  it.each(['editor', 'annotator', 'viewer'] as const)('admits a %s share token for the document with its role and its expiry', async (role) => {
    const token = await signShareToken(SECRET, { doc: 'doc', role, ttl: '2h' })
    const expiresAt = expiryOf(token)
    expect(expiresAt - Date.now()).toBeGreaterThan(2 * 3600_000 - 2_000)
    expect(await admitSocket(ON, request(`/doc?token=${token}`), 'doc')).toEqual({ ok: true, role, tokenGeneration: 0, expiresAt })
  })

  it('admits an admin token as an editor, with its expiry', async () => {
    const token = await signAdminToken(SECRET)
    expect(await admitSocket(ON, request(`/doc?token=${token}`), 'doc')).toEqual({ ok: true, role: 'editor', tokenGeneration: null, expiresAt: expiryOf(token) })
  })

  it('refuses a share token of an older generation than its document as revoked (4401), and admits the current one', async () => {
    const old = await share('doc', 'editor')
    expect(await admitSocket(REVOKED_ONCE, request(`/doc?token=${old}`), 'doc')).toEqual({ ok: false, code: 4401, reason: 'token revoked', cause: 'revoked' })
    // Made before tokens carried `gen`: generation 0, revoked too.
    const legacy = await new SignJWT({ doc: 'doc', role: 'viewer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET))
    expect(await admitSocket(REVOKED_ONCE, request(`/doc?token=${legacy}`), 'doc')).toMatchObject({ ok: false, reason: 'token revoked' })
    const current = await signShareToken(SECRET, { doc: 'doc', role: 'annotator', gen: 1 })
    expect(await admitSocket(REVOKED_ONCE, request(`/doc?token=${current}`), 'doc')).toMatchObject({ ok: true, role: 'annotator', tokenGeneration: 1 })
    expect(await admitSocket(REVOKED_ONCE, request(`/doc?token=${await signAdminToken(SECRET)}`), 'doc')).toMatchObject({ ok: true, role: 'editor', tokenGeneration: null })
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
    ['a token of another document', async () => `/doc?token=${await share('other', 'editor')}`, { code: 4403, reason: 'token is for another document', cause: 'wrong-document' }],
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
    expect(checkSocketOrigin(ON, request('/doc', { origin: 'http://127.0.0.1:23100' }))).toBeNull()
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
    expect(await authorizeHttp(ON, request(`/api/docs/doc?token=${await expired()}`), { doc: 'doc' })).toEqual(denied(401, 'token expired', 'expired'))
  })

  it('answers a revoked share token with 401 "token revoked", on any route', async () => {
    const old = await share('doc', 'editor')
    for (const requirement of [{ doc: 'doc' }, { doc: 'doc', role: 'editor' as const }, admin]) {
      expect(await authorizeHttp(REVOKED_ONCE, request(`/api/docs/doc?token=${old}`), requirement)).toEqual(denied(401, 'token revoked', 'revoked'))
    }
    const current = await signShareToken(SECRET, { doc: 'doc', role: 'editor', gen: 1 })
    expect(await authorizeHttp(REVOKED_ONCE, request(`/api/docs/doc?token=${current}`), { doc: 'doc', role: 'editor' })).toEqual({ ok: true })
  })

  it('answers a share token on an admin route, or for another document, with 403', async () => {
    const token = await share('doc', 'editor')
    expect(await authorizeHttp(ON, request(`/api/docs?token=${token}`), admin)).toEqual(denied(403, 'admin token required', 'forbidden'))
    expect(await authorizeHttp(ON, request(`/api/docs/other?token=${token}`), { doc: 'other' })).toEqual(denied(403, 'token is for another document', 'wrong-document'))
  })
})

describe('requestGrant', () => {
  it("gives the request's verified token with its expiry and generation; null without a secret or a valid token", async () => {
    const live = await signShareToken(SECRET, { doc: 'doc', role: 'editor', gen: 3, ttl: '1d' })
    const { exp } = decodeJwt(live)
    expect(await requestGrant(ON, request('/x', { authorization: `Bearer ${live}` }))).toEqual({ kind: 'share', doc: 'doc', role: 'editor', gen: 3, exp })
    expect(await requestGrant(ON, request(`/x?token=${await expired()}`))).toBeNull()
    expect(await requestGrant(ON, request('/x?token=garbage'))).toBeNull()
    expect(await requestGrant(OFF, request(`/x?token=${live}`))).toBeNull()
  })
})
