import { createHmac } from 'node:crypto'
import { SignJWT, decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { AuthError, TokenRequestError, signAdminToken, signShareToken, verifyToken, type TokenResult } from '../../../../collab-server/auth/tokens'
import { TtlError } from '../../../../collab-server/auth/ttl'

const SECRET = 'a-test-secret-that-is-long-enough-0123456789'
const OTHER_SECRET = 'another-secret-that-is-long-enough-9876543210'
const NOW = new Date('2026-11-25T10:00:00.000Z')
const key = (secret: string) => new TextEncoder().encode(secret)

const failure = (result: TokenResult) => (result.ok ? null : { reason: result.error.reason, message: result.error.message })

describe('share and admin tokens', () => {
  it('round-trips a share token with doc, role, gen, iat and exp (default ttl 7 days, generation 0)', async () => {
    const token = await signShareToken(SECRET, { doc: 'israel-russia-part-2', role: 'annotator', now: NOW })
    const exp = NOW.getTime() / 1000 + 7 * 86_400
    expect(decodeJwt(token)).toEqual({ doc: 'israel-russia-part-2', role: 'annotator', gen: 0, iat: NOW.getTime() / 1000, exp })
    expect(await verifyToken(SECRET, token, { now: NOW })).toEqual({
      ok: true,
      token: { kind: 'share', doc: 'israel-russia-part-2', role: 'annotator', gen: 0, exp },
    })
    const revision = await signShareToken(SECRET, { doc: 'd', role: 'viewer', gen: 4, now: NOW })
    expect(await verifyToken(SECRET, revision, { now: NOW })).toEqual({ ok: true, token: { kind: 'share', doc: 'd', role: 'viewer', gen: 4, exp } })
  })

  it('reads a share token without gen (made before revocation existed) as generation 0', async () => {
    const token = await new SignJWT({ doc: 'd', role: 'editor' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(NOW).setExpirationTime('1h').sign(key(SECRET))
    expect(await verifyToken(SECRET, token, { now: NOW })).toMatchObject({ ok: true, token: { kind: 'share', gen: 0 } })
  })

  it('never lets a token outlive notAfter: the ttl is cut to it', async () => {
    const iat = NOW.getTime() / 1000
    const parentExp = iat + 7 * 86_400
    const child = await signShareToken(SECRET, { doc: 'd', role: 'viewer', ttl: '365d', now: NOW, notAfter: parentExp })
    expect(decodeJwt(child).exp).toBe(parentExp)
    const shorter = await signShareToken(SECRET, { doc: 'd', role: 'viewer', ttl: '1d', now: NOW, notAfter: parentExp })
    expect(decodeJwt(shorter).exp).toBe(iat + 86_400)
    expect(decodeJwt(await signShareToken(SECRET, { doc: 'd', role: 'viewer', ttl: '365d', now: NOW })).exp).toBe(iat + 365 * 86_400)
  })

  it('round-trips an admin token, valid for any document', async () => {
    const token = await signAdminToken(SECRET, { ttl: '12h', now: NOW })
    expect(decodeJwt(token)).toEqual({ admin: true, iat: NOW.getTime() / 1000, exp: NOW.getTime() / 1000 + 12 * 3600 })
    expect(await verifyToken(SECRET, token, { doc: 'any-doc', now: NOW })).toEqual({ ok: true, token: { kind: 'admin', exp: NOW.getTime() / 1000 + 12 * 3600 } })
  })

  it('refuses a token past its exp as expired', async () => {
    const token = await signShareToken(SECRET, { doc: 'd', role: 'viewer', ttl: '30m', now: NOW })
    const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000)
    expect((await verifyToken(SECRET, token, { now: later(29) })).ok).toBe(true)
    expect(failure(await verifyToken(SECRET, token, { now: later(31) }))).toEqual({ reason: 'expired', message: 'token expired' })
  })

  it('refuses a token signed with another secret as forged', async () => {
    const token = await signShareToken(OTHER_SECRET, { doc: 'd', role: 'editor' })
    expect(failure(await verifyToken(SECRET, token))).toEqual({ reason: 'forged', message: 'invalid token signature' })
  })

  it('refuses a token whose payload was edited as forged', async () => {
    const [header, , signature] = (await signShareToken(SECRET, { doc: 'd', role: 'viewer' })).split('.')
    const payload = Buffer.from(JSON.stringify({ doc: 'd', role: 'editor', iat: 1, exp: 4_102_444_800 })).toString('base64url')
    expect(failure(await verifyToken(SECRET, `${header}.${payload}.${signature}`))?.reason).toBe('forged')
  })

  it('refuses an unsigned (alg none) token as forged', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ admin: true, iat: 1, exp: 4_102_444_800 })}.`
    expect(failure(await verifyToken(SECRET, token))?.reason).toBe('forged')
  })

  it.each([
    ['not a JWT', 'hello'],
    ['three garbage parts', 'a.b.c'],
    ['a header that is not JSON', 'bm90LWpzb24.e30.c2ln'],
  ])('refuses %s as malformed', async (_name, token) => {
    expect(failure(await verifyToken(SECRET, token))).toEqual({ reason: 'malformed', message: 'malformed token' })
  })

  it('refuses a correctly signed payload that is not JSON as malformed', async () => {
    const signingInput = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('not json').toString('base64url')}`
    const signature = createHmac('sha256', SECRET).update(signingInput).digest('base64url')
    expect(failure(await verifyToken(SECRET, `${signingInput}.${signature}`))?.reason).toBe('malformed')
  })

  it.each([
    ['no exp', { doc: 'd', role: 'viewer' }, { iat: true, exp: false }],
    ['an unknown role', { doc: 'd', role: 'owner' }, { iat: true, exp: true }],
    ['a bad document id', { doc: 'a b', role: 'viewer' }, { iat: true, exp: true }],
    ['both doc and admin', { doc: 'd', role: 'viewer', admin: true }, { iat: true, exp: true }],
    ['admin other than true', { admin: 'yes' }, { iat: true, exp: true }],
    ['admin with a gen', { admin: true, gen: 0 }, { iat: true, exp: true }],
    ['a negative gen', { doc: 'd', role: 'viewer', gen: -1 }, { iat: true, exp: true }],
    ['a gen that is not a whole number', { doc: 'd', role: 'viewer', gen: '1' }, { iat: true, exp: true }],
    ['no claims at all', {}, { iat: true, exp: true }],
  ])('refuses a correctly signed token with %s as malformed', async (_name, claims, times) => {
    let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' })
    if (times.iat) jwt = jwt.setIssuedAt()
    if (times.exp) jwt = jwt.setExpirationTime('1h')
    expect(failure(await verifyToken(SECRET, await jwt.sign(key(SECRET))))?.reason).toBe('malformed')
  })

  it('refuses a share token for another document as wrong-document', async () => {
    const token = await signShareToken(SECRET, { doc: 'one', role: 'editor' })
    expect(failure(await verifyToken(SECRET, token, { doc: 'two' }))).toEqual({
      reason: 'wrong-document',
      message: 'token is for another document',
    })
  })

  it.each([null, undefined, ''])('refuses %j as missing', async (token) => {
    const result = await verifyToken(SECRET, token)
    expect(failure(result)).toEqual({ reason: 'missing', message: 'missing token' })
    expect(result.ok ? null : result.error).toBeInstanceOf(AuthError)
  })

  it('refuses to sign for a bad document id, role or ttl', async () => {
    await expect(signShareToken(SECRET, { doc: '../etc', role: 'viewer' })).rejects.toThrow(new TokenRequestError('doc: not a valid document id'))
    await expect(signShareToken(SECRET, { doc: 'd', role: 'owner' as 'viewer' })).rejects.toThrow(new TokenRequestError('role: must be one of editor, annotator, viewer'))
    await expect(signShareToken(SECRET, { doc: 'd', role: 'viewer', gen: -1 })).rejects.toThrow(new TokenRequestError('gen: must be a whole number, 0 or more'))
    await expect(signAdminToken(SECRET, { ttl: 'forever' })).rejects.toThrow(TtlError)
  })

  it('throws for a secret shorter than 32 characters (a programmer error)', async () => {
    await expect(signAdminToken('short')).rejects.toThrow('auth secret must be at least 32 characters')
    await expect(verifyToken('short', 'a.b.c')).rejects.toThrow('auth secret must be at least 32 characters')
  })
})
