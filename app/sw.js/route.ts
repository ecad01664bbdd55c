import { SERVICE_WORKER_SOURCE } from './service-worker-source'

export const dynamic = 'force-dynamic'

/** The offline service worker script (see ./service-worker-source.ts), registered by document pages. */
export function GET(): Response {
  return new Response(SERVICE_WORKER_SOURCE, {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Service-Worker-Allowed': '/',
      // Browsers check for a new worker on every registration; never serve a stale one.
      'Cache-Control': 'no-cache',
    },
  })
}
