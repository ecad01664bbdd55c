'use client'

import { useEffect } from 'react'

/** The offline service worker's address (app/sw.js/route.ts). */
const SERVICE_WORKER_URL = '/sw.js'

/** The static assets this page loaded (`/_next/static/*`), for the service worker to keep. */
function loadedStaticAssets(): string[] {
  const urls = new Set<string>()
  for (const entry of performance.getEntriesByType('resource')) urls.add(entry.name)
  document.querySelectorAll<HTMLScriptElement>('script[src]').forEach((script) => urls.add(script.src))
  document.querySelectorAll<HTMLLinkElement>('link[href]').forEach((link) => urls.add(link.href))
  return [...urls].filter((url) => new URL(url, location.href).pathname.startsWith('/_next/static/'))
}

/** Asks the active worker to store this page and its assets; resolves once they are stored. */
function cacheThisPage(worker: ServiceWorker): Promise<boolean> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = (event: MessageEvent<{ ok: boolean }>) => resolve(event.data?.ok === true)
    worker.postMessage({ type: 'cache-page', page: location.href, assets: loadedStaticAssets() }, [channel.port2])
  })
}

/**
 * Registers the offline service worker (production builds only) so that this document page loads
 * again without a network. On the first visit the page is not yet served through the worker, so
 * it asks the worker to store the page and its assets. Sets `data-offline-ready="true"` on
 * `<html>` once the page can be reloaded offline. In development it removes the worker instead:
 * dev assets are not content-hashed, and a cache-first worker would serve stale ones.
 */
export function OfflineSupport() {
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return
    const container = navigator.serviceWorker
    if (process.env.NODE_ENV !== 'production') {
      void container.getRegistrations().then((registrations) => {
        for (const registration of registrations) {
          if (registration.active?.scriptURL.endsWith(SERVICE_WORKER_URL)) void registration.unregister()
        }
      })
      return
    }
    let cancelled = false
    const servedByWorker = container.controller !== null
    const markReady = (ready: boolean) => {
      if (!cancelled && ready) document.documentElement.dataset.offlineReady = 'true'
    }
    container
      .register(SERVICE_WORKER_URL, { scope: '/' })
      .then(() => container.ready)
      .then((registration) => (servedByWorker ? true : registration.active ? cacheThisPage(registration.active) : false))
      .then(markReady)
      .catch((error: unknown) => console.warn('Spanwise: offline support is unavailable:', error))
    return () => {
      cancelled = true
    }
  }, [])
  return null
}
