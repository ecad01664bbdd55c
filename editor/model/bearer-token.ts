// The `Authorization: Bearer <token>` header (RFC 6750): one contract for the clients that send it
// and the servers that read it.

/** The scheme's name, e.g. for a 401's `WWW-Authenticate` header. */
export const BEARER_SCHEME = 'Bearer'

const BEARER_CREDENTIALS = /^[ \t]*Bearer +([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i

/**
 * The token of an `Authorization` header value, or null when it is not well-formed Bearer
 * credentials: the scheme in any case (RFC 7235), one or more spaces, then a non-empty `b64token`
 * (letters, digits, `-._~+/`, then `=` padding), as every JWT is.
 */
export function parseBearerToken(header: string | null | undefined): string | null {
  return BEARER_CREDENTIALS.exec(header ?? '')?.[1] ?? null
}

/** The `Authorization` header value carrying `token`. */
export function bearerCredentials(token: string): string {
  return `${BEARER_SCHEME} ${token}`
}
