import { SignJWT, jwtVerify, type JWTPayload } from 'jose'
import { z } from 'zod'
import { DOC_ID_PATTERN } from '../../editor/model/doc-layout'
import { ROLES, type Role } from './roles'
import { DEFAULT_TTL, parseTtl } from './ttl'

// Free of server state and Node-only imports: the app's route handlers sign and verify with these.

/** The shortest accepted HS256 secret, in characters. */
export const MIN_SECRET_LENGTH = 32

/** Why a token was not accepted. */
export type AuthErrorReason = 'missing' | 'malformed' | 'expired' | 'forged' | 'wrong-document'

const AUTH_ERROR_MESSAGES: Record<AuthErrorReason, string> = {
  missing: 'missing token',
  malformed: 'malformed token',
  expired: 'token expired',
  forged: 'invalid token signature',
  'wrong-document': 'token is for another document',
}

/** A token was missing or not accepted; `message` is fit to show to a person. */
export class AuthError extends Error {
  override readonly name = 'AuthError'

  constructor(readonly reason: AuthErrorReason) {
    super(AUTH_ERROR_MESSAGES[reason])
  }
}

/** A token request names an invalid document id or role. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError'
}

/** What a valid token grants: one role on one document, or administration. */
export type VerifiedToken =
  | { readonly kind: 'share'; readonly doc: string; readonly role: Role }
  | { readonly kind: 'admin' }

/** The outcome of {@link verifyToken}. */
export type TokenResult = { readonly ok: true; readonly token: VerifiedToken } | { readonly ok: false; readonly error: AuthError }

/** Options shared by the signing functions. */
export interface SignOptions {
  /** Lifetime such as `7d`, `12h`, `30m` (see `parseTtl`); default `7d`. */
  readonly ttl?: string
  /** The issue time; default now. */
  readonly now?: Date
}

const shareClaimsSchema = z.object({ doc: z.string().regex(DOC_ID_PATTERN), role: z.enum(ROLES) })

function keyOf(secret: string): Uint8Array {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`auth secret must be at least ${MIN_SECRET_LENGTH} characters`)
  return new TextEncoder().encode(secret)
}

async function sign(secret: string, claims: JWTPayload, options: SignOptions): Promise<string> {
  const ttlSeconds = parseTtl(options.ttl ?? DEFAULT_TTL)
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000)
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(keyOf(secret))
}

/**
 * Signs a share token granting `role` on document `doc`. Throws {@link TokenRequestError} for an
 * invalid document id or role and `TtlError` for an invalid `ttl`.
 */
export function signShareToken(secret: string, request: { doc: string; role: Role } & SignOptions): Promise<string> {
  const claims = shareClaimsSchema.safeParse({ doc: request.doc, role: request.role })
  if (!claims.success) {
    const field = claims.error.issues[0].path[0] === 'doc' ? 'doc: not a valid document id' : `role: must be one of ${ROLES.join(', ')}`
    return Promise.reject(new TokenRequestError(field))
  }
  return sign(secret, claims.data, request)
}

/** Signs an admin token (list, create and import documents, make share links). Throws `TtlError` for an invalid `ttl`. */
export function signAdminToken(secret: string, options: SignOptions = {}): Promise<string> {
  return sign(secret, { admin: true }, options)
}

function claimsOf(payload: JWTPayload): VerifiedToken | null {
  const isAdmin = 'admin' in payload
  if (isAdmin === ('doc' in payload || 'role' in payload)) return null
  if (isAdmin) return payload.admin === true ? { kind: 'admin' } : null
  const share = shareClaimsSchema.safeParse(payload)
  return share.success ? { kind: 'share', ...share.data } : null
}

function reasonOf(error: unknown): AuthErrorReason {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('ERR_J')) throw error
  if (code === 'ERR_JWT_EXPIRED') return 'expired'
  // A token not signed with our key by HS256 (another key, `alg: none`, another algorithm) is forged.
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || code === 'ERR_JOSE_ALG_NOT_ALLOWED') return 'forged'
  return 'malformed'
}

const refuse = (reason: AuthErrorReason): TokenResult => ({ ok: false, error: new AuthError(reason) })

/**
 * Verifies a token: HS256 signature with `secret`, `exp` and `iat` present, not expired at `now`,
 * and claims of exactly one shape (`{doc, role}` or `{admin: true}`). With `doc`, a share token
 * for another document is refused as `wrong-document` (admin tokens are valid for every document).
 * Resolves `{ ok: false }` with an {@link AuthError} for a missing (null, undefined or empty),
 * malformed, expired, forged or wrong-document token; never rejects for bad input.
 */
export async function verifyToken(
  secret: string,
  token: string | null | undefined,
  options: { readonly doc?: string; readonly now?: Date } = {},
): Promise<TokenResult> {
  if (!token) return refuse('missing')
  let payload: JWTPayload
  try {
    const verified = await jwtVerify(token, keyOf(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat'],
      currentDate: options.now,
    })
    payload = verified.payload
  } catch (error) {
    return refuse(reasonOf(error))
  }
  const claims = claimsOf(payload)
  if (claims === null) return refuse('malformed')
  if (options.doc !== undefined && claims.kind === 'share' && claims.doc !== options.doc) return refuse('wrong-document')
  return { ok: true, token: claims }
}
