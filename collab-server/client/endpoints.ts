/** Where the app finds the collab server. All values come from the environment at request time. */
export interface CollabEndpoints {
  /** Base URL of the collab server's HTTP API as the app server reaches it. */
  httpUrl: string
  /**
   * Websocket base URLs the browser connects to (`COLLAB_URL`: one, or one per instance to fail
   * over between), or null to derive one from the page's host.
   */
  browserUrls: string[] | null
  /** The collab server's port, used to derive the browser URL from the page's host. */
  port: number
}

/** The most URLs `COLLAB_URL` may list. */
export const MAX_COLLAB_URLS = 16

/**
 * A websocket origin that is safe to put in a Content-Security-Policy: scheme, host (name or IPv4)
 * and port only, so nothing from a Host header or `COLLAB_URL` can add a directive (`;`) or a
 * source (a space).
 */
const WEBSOCKET_ORIGIN = /^wss?:\/\/[A-Za-z0-9._-]+(:\d{1,5})?$/

/** The origin (`ws://host:port`) of a websocket URL, or null when it is not one a policy may name. */
export function websocketOriginOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  const origin = `${parsed.protocol}//${parsed.host}`
  return WEBSOCKET_ORIGIN.test(origin) ? origin : null
}

/**
 * Reads `COLLAB_PORT` (default 1234), `COLLAB_HTTP_URL` (default `http://127.0.0.1:$COLLAB_PORT`)
 * and `COLLAB_URL` (the websocket URL for browsers, or a comma-separated list of them, one per
 * instance; default: the page's host on `COLLAB_PORT`). Throws naming the variable when one is invalid.
 */
export function collabEndpoints(env: Record<string, string | undefined> = process.env): CollabEndpoints {
  const port = Number(env.COLLAB_PORT ?? 1234)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`COLLAB_PORT must be a port number 1–65535, got "${env.COLLAB_PORT}"`)
  }
  const httpUrl = (env.COLLAB_HTTP_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '')
  const browserUrls = env.COLLAB_URL ? parseCollabUrls(env.COLLAB_URL) : null
  return { httpUrl, browserUrls, port }
}

/**
 * The websocket base URLs of a `COLLAB_URL` value: one `ws://` or `wss://` URL, or several separated
 * by commas, each with a host name or IPv4 address, optionally a port and a path, and no user,
 * query or fragment; trailing slashes are dropped. Throws naming `COLLAB_URL` and the bad entry.
 */
export function parseCollabUrls(value: string): string[] {
  const entries = value.split(',').map((entry) => entry.trim())
  if (entries.length > MAX_COLLAB_URLS) throw new Error(`COLLAB_URL lists ${entries.length} URLs; at most ${MAX_COLLAB_URLS} are allowed`)
  return entries.map((entry, index) => {
    const where = entries.length > 1 ? ` (entry ${index + 1} of ${entries.length} in the comma-separated list)` : ''
    const url = websocketBaseUrl(entry)
    if (url === null) throw new Error(`COLLAB_URL must be a ws:// or wss:// URL, got "${entry}"${where}`)
    return url
  })
}

function websocketBaseUrl(entry: string): string | null {
  const origin = websocketOriginOf(entry)
  if (origin === null) return null
  const parsed = new URL(entry)
  if (parsed.username || parsed.password || parsed.search || parsed.hash || entry.includes('?') || entry.includes('#')) return null
  return `${origin}${parsed.pathname}`.replace(/\/+$/, '')
}

/** The websocket URLs a browser on `pageHost` (host[:port]) should use for the collab server, in `COLLAB_URL`'s order. */
export function browserCollabUrls(endpoints: CollabEndpoints, pageHost: string | null, secure: boolean): string[] {
  if (endpoints.browserUrls) return endpoints.browserUrls
  const hostname = hostnameOf(pageHost ?? 'localhost')
  return [`${secure ? 'wss' : 'ws'}://${hostname}:${endpoints.port}`]
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1)
  return host.split(':')[0] || 'localhost'
}
