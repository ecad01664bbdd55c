/**
 * The offline service worker, served at `/sw.js` (see ./route.ts). It lets a document page that
 * was opened once load again without a network, so the editor can show the copy of the document
 * kept in IndexedDB:
 * - `/_next/static/*` (content-hashed build output): cache first.
 * - navigations to `/docs/*`: network first; the last good page is kept and served when the
 *   network fails (or the app answers 5xx). A 404 forgets the page. Pages opened with a `token`
 *   (share and admin links) are never cached: the token must not stay on the device.
 * - a `{type: 'cache-page', page, assets}` message (from the page's registration component on the
 *   first, uncontrolled visit) stores that page and its static assets; the reply on the message
 *   port is `{ok: true}` once they are stored.
 * Everything else goes to the network untouched.
 */
const CACHE_VERSION = 'v2'

export const SERVICE_WORKER_SOURCE = `// Spanwise offline service worker (${CACHE_VERSION}).
const STATIC_CACHE = 'spanwise-static-${CACHE_VERSION}'
const PAGE_CACHE = 'spanwise-pages-${CACHE_VERSION}'
const KNOWN_CACHES = [STATIC_CACHE, PAGE_CACHE]

self.addEventListener('install', () => self.skipWaiting())

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('spanwise-') && !KNOWN_CACHES.includes(name)) await caches.delete(name)
    }
    await self.clients.claim()
  })())
})

const sameOrigin = (url) => url.origin === self.location.origin
const isStaticAsset = (url) => sameOrigin(url) && url.pathname.startsWith('/_next/static/')
// A page opened with a share or admin link carries its token (in the address and the page): never
// cached, so no token is kept on the device.
const isDocumentPage = (url) => sameOrigin(url) && url.pathname.startsWith('/docs/') && !url.searchParams.has('token')

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (isStaticAsset(url)) event.respondWith(cacheFirst(request))
  else if (request.mode === 'navigate' && isDocumentPage(url)) event.respondWith(networkFirst(request))
})

async function cacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE)
  const cached = await cache.match(request, { ignoreVary: true })
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}

async function networkFirst(request) {
  const cache = await caches.open(PAGE_CACHE)
  let response
  try {
    response = await fetch(request)
  } catch (error) {
    const cached = await cache.match(request.url, { ignoreVary: true })
    return cached ?? offlinePage()
  }
  if (response.ok) {
    await cache.put(request.url, response.clone())
  } else if (response.status === 404) {
    await cache.delete(request.url)
  } else if (response.status >= 500) {
    const cached = await cache.match(request.url, { ignoreVary: true })
    if (cached) return cached
  }
  return response
}

function offlinePage() {
  const html = '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    '<title>Offline — Spanwise</title><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d1f23">' +
    '<h1 style="font-size:1.4rem">You are offline</h1><p>This document was not opened on this device before, so there is no copy of it here. ' +
    'It will load once you are back online.</p></body></html>'
  return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } })
}

async function cachePage(page, assets) {
  const pageUrl = new URL(page, self.location.href)
  if (isDocumentPage(pageUrl)) {
    const response = await fetch(pageUrl.href, { credentials: 'same-origin' })
    if (response.ok) await (await caches.open(PAGE_CACHE)).put(pageUrl.href, response)
  }
  const statics = await caches.open(STATIC_CACHE)
  await Promise.all(
    assets
      .map((asset) => new URL(asset, self.location.href))
      .filter(isStaticAsset)
      .map(async (url) => {
        if (await statics.match(url.href, { ignoreVary: true })) return
        const response = await fetch(url.href)
        if (response.ok) await statics.put(url.href, response)
      }),
  )
}

self.addEventListener('message', (event) => {
  const data = event.data
  if (!data || data.type !== 'cache-page' || typeof data.page !== 'string' || !Array.isArray(data.assets)) return
  const port = event.ports[0]
  event.waitUntil(
    cachePage(data.page, data.assets.filter((asset) => typeof asset === 'string')).then(
      () => port?.postMessage({ ok: true }),
      (error) => port?.postMessage({ ok: false, error: String(error) }),
    ),
  )
})
`
