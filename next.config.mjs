/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // better-sqlite3 and linkedom are Node-only; keep them out of the bundles.
  serverExternalPackages: ['better-sqlite3', 'linkedom', 'yjs'],
  poweredByHeader: false,
  // NEXT_DIST_DIR lets a second build (the browser benchmark's) live beside the normal `.next`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Next.js copies up to this much of a request body for proxy.ts (default 10 MB, held per
  // request); pages take no bodies, so a POST to a page cannot make the server hold megabytes.
  experimental: { proxyClientMaxBodySize: '16kb' },
  // On every response. Share and admin tokens travel in page addresses: never send them on as a
  // Referer. Pages also get a Content-Security-Policy with a per-request nonce (proxy.ts).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
    ]
  },
}

export default nextConfig
