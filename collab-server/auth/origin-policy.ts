/**
 * Which browser origins may open websockets. `any` allows every origin; otherwise the `Origin`
 * header must be one of `origins`, or (with `sameHostname`) have the same hostname as the
 * request's `Host` header, on any port. Requests without an `Origin` header (not from a browser:
 * Node clients, scripts) are always allowed: the check guards browsers against other sites.
 */
export type OriginPolicy = { readonly kind: 'any' } | { readonly kind: 'list'; readonly origins: ReadonlySet<string>; readonly sameHostname: boolean }

/**
 * The canonical form (`https://host[:port]`) of an http(s) origin; null for anything else (a path,
 * credentials, another scheme, the opaque origin `null`).
 */
export function normalizeOrigin(text: string): string | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password
  return (url.protocol === 'http:' || url.protocol === 'https:') && bare ? url.origin : null
}

/**
 * The policy of `ALLOWED_ORIGINS`: `*` allows any origin; a comma-separated list allows exactly
 * those origins; unset (null) allows `http://localhost:<appPort>`, `http://127.0.0.1:<appPort>`
 * and any origin whose hostname is the `Host` hostname of the websocket request (the app and the
 * collab server on one host, any ports). Throws a `TypeError` naming an entry that is not an origin.
 */
export function originPolicyOf(allowed: readonly string[] | null, appPort = 3000): OriginPolicy {
  if (allowed === null) {
    const origins = new Set([`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`])
    return { kind: 'list', origins, sameHostname: true }
  }
  if (allowed.length === 1 && allowed[0] === '*') return { kind: 'any' }
  const origins = allowed.map((entry) => {
    const origin = normalizeOrigin(entry)
    if (origin === null) throw new TypeError(`${JSON.stringify(entry)} is not an origin such as https://app.example.com`)
    return origin
  })
  return { kind: 'list', origins: new Set(origins), sameHostname: false }
}

function hostnameOf(host: string | undefined): string | null {
  try {
    return host ? new URL(`http://${host}`).hostname : null
  } catch {
    return null
  }
}

/** True when a websocket request with these `Origin` and `Host` headers is allowed by `policy`. */
export function isOriginAllowed(policy: OriginPolicy, origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || policy.kind === 'any') return true
  const normalized = normalizeOrigin(origin)
  if (normalized === null) return false
  if (policy.origins.has(normalized)) return true
  return policy.sameHostname && new URL(normalized).hostname === hostnameOf(host)
}
