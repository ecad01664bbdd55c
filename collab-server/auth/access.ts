import type { IncomingMessage } from 'node:http'
import { CloseCode, type CloseCodeValue } from '../../editor/model/close-codes'
import { isOriginAllowed, type OriginPolicy } from './origin-policy'
import type { ConnectionRefusalReason } from './refusal-counter'
import { parseBearerToken } from '../../editor/model/bearer-token'
import type { Role } from '../../editor/model/roles'
import { AuthError, verifyToken, type AuthErrorReason, type TokenResult, type VerifiedToken } from './tokens'

/**
 * Who may connect and as what: the token secret (null when `AUTH=off`), the origin policy, and
 * the documents' token generations (share tokens of an older generation are revoked).
 */
export interface AccessPolicy {
  /** Secret that signs tokens; null: no tokens, everyone is an editor. */
  readonly secret: string | null
  readonly origins: OriginPolicy
  /** A document's current token generation; null when the document does not exist. */
  readonly tokenGeneration: (doc: string) => Promise<number | null>
}

/** A websocket to refuse: the close code and reason to close it with, and the reason to count. */
export interface SocketRefusal {
  readonly ok: false
  readonly code: CloseCodeValue
  readonly reason: string
  readonly cause: ConnectionRefusalReason
}

/**
 * The outcome of {@link admitSocket}: the peer's role, the token generation of its share token
 * (null: an admin token, or `AUTH=off`) and when its token expires (milliseconds since the epoch;
 * null with `AUTH=off`), or how to refuse it.
 */
export type SocketAdmission = { readonly ok: true; readonly role: Role; readonly tokenGeneration: number | null; readonly expiresAt: number | null } | SocketRefusal

/** The outcome of {@link authorizeHttp}: allowed, or the status and JSON body to answer with. */
export type HttpAuthorization = { readonly ok: true } | { readonly ok: false; readonly status: 401 | 403; readonly body: { readonly error: string; readonly reason: string } }

/**
 * What an HTTP route needs: an admin token, or a token for one document (any role unless `role`
 * says which; admin tokens always pass).
 */
export type HttpRequirement = { readonly admin: true } | { readonly doc: string; readonly role?: Role }

const ORIGIN_NOT_ALLOWED = 'origin not allowed'

function queryToken(url: string | undefined): string | null {
  const start = (url ?? '').indexOf('?')
  return start === -1 ? null : new URLSearchParams(url!.slice(start + 1)).get('token')
}

/** 4403 for a valid token used where it does not belong, 4401 for a token that is not valid. */
function closeCodeOf(reason: AuthErrorReason): CloseCodeValue {
  return reason === 'wrong-document' ? CloseCode.Forbidden : CloseCode.Unauthorized
}

/** Verifies a token, then refuses a share token whose generation is older than its document's as `revoked`. */
async function verifyCurrentToken(policy: AccessPolicy, secret: string, token: string | null, doc: string | undefined): Promise<TokenResult> {
  const result = await verifyToken(secret, token, { doc })
  if (!result.ok || result.token.kind !== 'share') return result
  const current = await policy.tokenGeneration(result.token.doc)
  return current !== null && result.token.gen < current ? { ok: false, error: new AuthError('revoked') } : result
}

/** Checks the `Origin` header only (before the document id, so a foreign page learns nothing more). */
export function checkSocketOrigin(policy: AccessPolicy, request: IncomingMessage): SocketRefusal | null {
  if (isOriginAllowed(policy.origins, request.headers.origin, request.headers.host)) return null
  return { ok: false, code: CloseCode.Forbidden, reason: ORIGIN_NOT_ALLOWED, cause: 'origin' }
}

/**
 * Admits a websocket request for document `docId`: with a secret, the `token` query parameter
 * must be a valid share token for that document (its role) or an admin token (editor); without
 * one, everyone is an editor. Refusals: 4401 for a missing, malformed, expired, forged or
 * revoked token, 4403 for a token of another document; the reason is the {@link AuthError} message.
 * An admitted socket's token still expires: its connection closes it then (see `Connection`).
 */
export async function admitSocket(policy: AccessPolicy, request: IncomingMessage, docId: string): Promise<SocketAdmission> {
  if (policy.secret === null) return { ok: true, role: 'editor', tokenGeneration: null, expiresAt: null }
  const result = await verifyCurrentToken(policy, policy.secret, queryToken(request.url), docId)
  if (!result.ok) return { ok: false, code: closeCodeOf(result.error.reason), reason: result.error.message, cause: result.error.reason }
  const { token } = result
  const expiresAt = token.exp * 1000
  return token.kind === 'share' ? { ok: true, role: token.role, tokenGeneration: token.gen, expiresAt } : { ok: true, role: 'editor', tokenGeneration: null, expiresAt }
}

/** The token of an HTTP request: `Authorization: Bearer <jwt>` first, else `?token=`. */
function requestToken(request: IncomingMessage): string | AuthError | null {
  const header = request.headers.authorization
  if (header === undefined) return queryToken(request.url)
  return parseBearerToken(header) ?? new AuthError('malformed')
}

function denied(status: 401 | 403, error: string, reason: string): HttpAuthorization {
  return { ok: false, status, body: { error, reason } }
}

/**
 * Authorizes an HTTP API request; always allowed without a secret. 401 for a missing, malformed,
 * expired, forged or revoked token; 403 for a token of another document, or a share token where an admin
 * token is required. The body is `{ error, reason }`, `reason` being the {@link AuthErrorReason}
 * (or `forbidden`).
 */
export async function authorizeHttp(policy: AccessPolicy, request: IncomingMessage, requirement: HttpRequirement): Promise<HttpAuthorization> {
  if (policy.secret === null) return { ok: true }
  const token = requestToken(request)
  const doc = 'doc' in requirement ? requirement.doc : undefined
  const result = token instanceof AuthError ? { ok: false as const, error: token } : await verifyCurrentToken(policy, policy.secret, token, doc)
  if (!result.ok) {
    const { reason, message } = result.error
    return denied(reason === 'wrong-document' ? 403 : 401, message, reason)
  }
  if ('admin' in requirement && result.token.kind !== 'admin') return denied(403, 'admin token required', 'forbidden')
  if ('role' in requirement && requirement.role && result.token.kind === 'share' && result.token.role !== requirement.role) {
    return denied(403, `${requirement.role} token required`, 'forbidden')
  }
  return { ok: true }
}

/**
 * The verified token of an HTTP request that {@link authorizeHttp} allowed, for handlers whose
 * answer depends on it (a share link never outlives the token that made it); null with `AUTH=off`.
 */
export async function requestGrant(policy: AccessPolicy, request: IncomingMessage): Promise<VerifiedToken | null> {
  if (policy.secret === null) return null
  const token = requestToken(request)
  if (token === null || token instanceof AuthError) return null
  const result = await verifyToken(policy.secret, token)
  return result.ok ? result.token : null
}
