/** Where the app finds the collab server. All values come from the environment at request time. */
export interface CollabEndpoints {
  /** Base URL of the collab server's HTTP API as the app server reaches it. */
  httpUrl: string
  /** Websocket base URL the browser connects to, or null to derive it from the page's host. */
  browserUrl: string | null
  /** The collab server's port, used to derive the browser URL from the page's host. */
  port: number
}

/**
 * Reads `COLLAB_PORT` (default 1234), `COLLAB_HTTP_URL` (default `http://127.0.0.1:$COLLAB_PORT`)
 * and `COLLAB_URL` (the websocket URL for browsers; default: the page's host on `COLLAB_PORT`).
 */
export function collabEndpoints(env: Record<string, string | undefined> = process.env): CollabEndpoints {
  const port = Number(env.COLLAB_PORT ?? 1234)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`COLLAB_PORT must be a port number 1–65535, got "${env.COLLAB_PORT}"`)
  }
  const httpUrl = (env.COLLAB_HTTP_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '')
  const browserUrl = env.COLLAB_URL ? env.COLLAB_URL.replace(/\/+$/, '') : null
  return { httpUrl, browserUrl, port }
}

/** The websocket URL a browser on `pageHost` (host[:port]) should use for the collab server. */
export function browserCollabUrl(endpoints: CollabEndpoints, pageHost: string | null, secure: boolean): string {
  if (endpoints.browserUrl) return endpoints.browserUrl
  const hostname = hostnameOf(pageHost ?? 'localhost')
  return `${secure ? 'wss' : 'ws'}://${hostname}:${endpoints.port}`
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1)
  return host.split(':')[0] || 'localhost'
}
