import { SignJWT, jwtVerify, type JWTPayload } from 'jose'
import { z } from 'zod'
import { describeIssues } from '../../editor/model/describe-issues'
import { isDocId } from '../../editor/model/doc-id'
import { roleSchema, type Role } from '../../editor/model/roles'
import { DEFAULT_TTL, parseTtl } from './ttl'

// Free of server state and Node-only imports: the app's route handlers sign and verify with these.

/** The shortest accepted HS256 secret, in characters. */
export const MIN_SECRET_LENGTH = 32

/** Why a token was not accepted. */
export type AuthErrorReason = 'missing' | 'malformed' | 'expired' | 'forged' | 'wrong-document' | 'revoked'

const AUTH_ERROR_MESSAGES: Record<AuthErrorReason, string> = {
  missing: 'missing token',
  malformed: 'malformed token',
  expired: 'token expired',
  forged: 'invalid token signature',
  'wrong-document': 'token is for another document',
  revoked: 'token revoked',
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

/**
 * What a valid token grants: one role on one document, or administration. `exp` is its expiry
 * (seconds since the epoch); `gen` the document's token generation it was made in (0 when the
 * token has no `gen` claim: made before revocation existed).
 */
export type VerifiedToken =
  { readonly kind: 'share'; readonly doc: string; readonly role: Role; readonly gen: number; readonly exp: number } | { readonly kind: 'admin'; readonly exp: number }

/** The outcome of {@link verifyToken}. */
export type TokenResult = { readonly ok: true; readonly token: VerifiedToken } | { readonly ok: false; readonly error: AuthError }

/** Options shared by the signing functions. */
export interface SignOptions {
  /** Lifetime such as `7d`, `12h`, `30m` (see `parseTtl`); default `7d`. */
  readonly ttl?: string
  /** The issue time; default now. */
  readonly now?: Date
  /**
   * The latest expiry (seconds since the epoch): the token expires then if `ttl` would make it
   * live longer. A link made with a share token passes that token's `exp`, so it never outlives it.
   */
  readonly notAfter?: number
}

const NOT_A_DOC_ID = 'not a valid document id'
const NOT_A_GENERATION = 'must be a whole number, 0 or more'

const shareClaimsSchema = z.object({
  doc: z.string({ error: NOT_A_DOC_ID }).refine(isDocId, NOT_A_DOC_ID),
  role: roleSchema,
  gen: z.number({ error: NOT_A_GENERATION }).int(NOT_A_GENERATION).nonnegative(NOT_A_GENERATION).optional(),
})

function keyOf(secret: string): Uint8Array {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`auth secret must be at least ${MIN_SECRET_LENGTH} characters`)
  return new TextEncoder().encode(secret)
}

/**
 * The `iat` and `exp` (seconds since the epoch) a token signed with `options` gets: `ttl` from
 * `now`, but no later than `notAfter`. Throws `TtlError` for an invalid `ttl`.
 */
export function tokenLifetime(options: SignOptions): { issuedAt: number; expiresAt: number } {
  const ttlSeconds = parseTtl(options.ttl ?? DEFAULT_TTL)
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000)
  return { issuedAt, expiresAt: Math.min(issuedAt + ttlSeconds, options.notAfter ?? Infinity) }
}

async function sign(secret: string, claims: JWTPayload, options: SignOptions): Promise<string> {
  const { issuedAt, expiresAt } = tokenLifetime(options)
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(issuedAt).setExpirationTime(expiresAt).sign(keyOf(secret))
}

/**
 * Signs a share token granting `role` on document `doc` in token generation `gen` (the
 * document's current one, from the store; default 0). Throws {@link TokenRequestError} for an
 * invalid document id, role or generation and `TtlError` for an invalid `ttl`.
 */
export function signShareToken(secret: string, request: { doc: string; role: Role; gen?: number } & SignOptions): Promise<string> {
  const claims = shareClaimsSchema.safeParse({ doc: request.doc, role: request.role, gen: request.gen ?? 0 })
  if (!claims.success) return Promise.reject(new TokenRequestError(describeIssues(claims.error, 'claims', 1)))
  return sign(secret, claims.data, request)
}

/** Signs an admin token (list, create and import documents, make share links). Throws `TtlError` for an invalid `ttl`. */
export function signAdminToken(secret: string, options: SignOptions = {}): Promise<string> {
  return sign(secret, { admin: true }, options)
}

function claimsOf(payload: JWTPayload): VerifiedToken | null {
  const isAdmin = 'admin' in payload
  const exp = payload.exp!
  if (isAdmin === ('doc' in payload || 'role' in payload || 'gen' in payload)) return null
  if (isAdmin) return payload.admin === true ? { kind: 'admin', exp } : null
  const share = shareClaimsSchema.safeParse(payload)
  return share.success ? { kind: 'share', doc: share.data.doc, role: share.data.role, gen: share.data.gen ?? 0, exp } : null
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
 * and claims of exactly one shape (`{doc, role, gen?}` or `{admin: true}`). With `doc`, a share token
 * for another document is refused as `wrong-document` (admin tokens are valid for every document).
 * Resolves `{ ok: false }` with an {@link AuthError} for a missing (null, undefined or empty),
 * malformed, expired, forged or wrong-document token; never rejects for bad input. Revocation
 * (`gen` older than the document's) needs the store: the server checks it (auth/access.ts).
 */
export async function verifyToken(secret: string, token: string | null | undefined, options: { readonly doc?: string; readonly now?: Date } = {}): Promise<TokenResult> {
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
