import { NextResponse, type NextRequest } from 'next/server'
import { browserCollabUrl, collabEndpoints } from './collab-server/client/endpoints'

// Next.js runs `proxy.ts` (formerly middleware) only from the project root (or `src/`), so the
// page security policy lives here rather than in app/.

/** What a page's Content-Security-Policy depends on. */
export interface PagePolicyInput {
  /** Fresh per response; Next.js puts it on its own inline and bundle scripts. */
  nonce: string
  /** The collab websocket's origin, e.g. `ws://localhost:1234`; null: connections to the app only. */
  collabOrigin: string | null
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
export function contentSecurityPolicy({ nonce, collabOrigin, development }: PagePolicyInput): string {
  return [
    `default-src 'self'`,
    // No 'strict-dynamic': Chromium lets it run any inline script inserted through the DOM. Next's
    // bundles and chunks are same-origin files, allowed by 'self'; its inline scripts carry the nonce.
    `script-src 'self' 'nonce-${nonce}'${development ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'${collabOrigin ? ` ${collabOrigin}` : ''}`,
    `worker-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ')
}

// A CSP source expression: scheme, host (name or IPv4) and port only, so nothing from a Host
// header or COLLAB_URL can add a directive (`;`) or a source (a space).
const WEBSOCKET_ORIGIN = /^wss?:\/\/[A-Za-z0-9._-]+(:\d{1,5})?$/

/**
 * The origin (`ws://host:port`) of the websocket URL browsers of this request connect to, computed
 * as the document page computes it (`COLLAB_URL`, else the page's host on `COLLAB_PORT`). Null
 * when the request's Host cannot make one (the page's websocket could not connect either). Throws
 * naming `COLLAB_URL` when it is set but is not a `ws:` or `wss:` URL with a plain host.
 */
export function collabOriginFor(host: string | null, secure: boolean, env: Record<string, string | undefined> = process.env): string | null {
  const collabUrl = browserCollabUrl(collabEndpoints(env), host, secure)
  const origin = originOf(collabUrl)
  if (origin && WEBSOCKET_ORIGIN.test(origin)) return origin
  if (env.COLLAB_URL) throw new Error(`COLLAB_URL must be a ws:// or wss:// URL, got "${env.COLLAB_URL}"`)
  return null
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return null
  }
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
    collabOrigin: collabOriginFor(request.headers.get('host'), secure),
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
