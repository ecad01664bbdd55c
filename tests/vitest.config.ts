import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // PostgreSQL for the store and cluster tests (Redis is started by the tests that use it).
    globalSetup: [fileURLToPath(new URL('./support/services/vitest-global-setup.ts', import.meta.url))],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})
