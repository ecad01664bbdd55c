/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // better-sqlite3 and linkedom are Node-only; keep them out of the bundles.
  serverExternalPackages: ['better-sqlite3', 'linkedom'],
  poweredByHeader: false,
}

export default nextConfig
