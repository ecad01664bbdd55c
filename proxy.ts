import { NextResponse, type NextRequest } from 'next/server'
import { browserCollabUrls, collabEndpoints, websocketOriginOf } from './collab-server/client/endpoints'

// Next.js runs `proxy.ts` (formerly middleware) only from the project root (or `src/`), so the
// page security policy lives here rather than in app/.

/** What a page's Content-Security-Policy depends on. */
export interface PagePolicyInput {
  /** Fresh per response; Next.js puts it on its own inline and bundle scripts. */
  nonce: string
  /** The collab websockets' origins, e.g. `ws://localhost:1234` (one per instance); none: connections to the app only. */
  collabOrigins: readonly string[]
  /** Development mode: React needs `eval` there for its error overlay. */
  development: boolean
}

/**
 * The Content-Security-Policy of every app page: scripts only from the app's own files or with
 * this response's nonce, so injected inline scripts, event handler attributes and `javascript:`
 * URLs never run; connections only to the app itself and the collab websocket; no plugins, no `<base>`
 * elsewhere, no framing, forms posting only to the app. Inline styles are allowed (the app sets
 * colours and positions in `style`).
 */
export function contentSecurityPolicy({ nonce, collabOrigins, development }: PagePolicyInput): string {
  return [
    `default-src 'self'`,
    // No 'strict-dynamic': Chromium lets it run any inline script inserted through the DOM. Next's
    // bundles and chunks are same-origin files, allowed by 'self'; its inline scripts carry the nonce.
    `script-src 'self' 'nonce-${nonce}'${development ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    ['connect-src', "'self'", ...collabOrigins].join(' '),
    `worker-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ')
}

/**
 * The origins (`ws://host:port`) of the websocket URLs browsers of this request connect to,
 * computed as the document page computes them (`COLLAB_URL`, one or a list, else the page's host
 * on `COLLAB_PORT`), without repeats. Empty when the request's Host cannot make one (the page's
 * websocket could not connect either). Throws naming `COLLAB_URL` when it is set but an entry is
 * not a `ws:` or `wss:` URL with a plain host (see `parseCollabUrls`).
 */
export function collabOriginsFor(host: string | null, secure: boolean, env: Record<string, string | undefined> = process.env): string[] {
  const origins = browserCollabUrls(collabEndpoints(env), host, secure).map(websocketOriginOf)
  return [...new Set(origins.filter((origin): origin is string => origin !== null))]
}

/** A fresh random nonce: 128 bits, base64. */
function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
}

/**
 * Sets the Content-Security-Policy of every page response, with a new nonce each time. The policy
 * also goes on the request, where Next.js reads the nonce for the scripts it renders.
 */
export function proxy(request: NextRequest): NextResponse {
  const secure = request.headers.get('x-forwarded-proto') === 'https'
  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    collabOrigins: collabOriginsFor(request.headers.get('host'), secure),
    development: process.env.NODE_ENV === 'development',
  })
  const requestHeaders = new Headers(request.headers)
  requestHeaders.set('Content-Security-Policy', policy)
  const response = NextResponse.next({ request: { headers: requestHeaders } })
  response.headers.set('Content-Security-Policy', policy)
  return response
}

export const config = {
  matcher: [
    {
      // Pages only: not the API, build assets, the icon or the service worker script.
      source: '/((?!api/|_next/static/|_next/image|favicon\\.ico|icon\\.svg|sw\\.js).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
}
