/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // better-sqlite3 and linkedom are Node-only; keep them out of the bundles.
  serverExternalPackages: ['better-sqlite3', 'linkedom', 'yjs'],
  poweredByHeader: false,
  // NEXT_DIST_DIR lets a second build (the browser benchmark's) live beside the normal `.next`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
}

export default nextConfig
