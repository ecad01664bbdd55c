import { defineConfig, devices } from '@playwright/test'
import { join } from 'node:path'
import { CHROMIUM_ARGS, resolveChromium } from './support/find-chromium'
import { E2E, PROJECT_ROOT } from './support/e2e-env'

// End-to-end tests drive the built app (`next start`) and a real collab server that global setup
// starts on its own port and data directory. One worker: tests restart the shared collab server.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Under E2E_ARTIFACTS_DIR too, so runs on other ports never delete each other's traces.
  outputDir: join(E2E.artifactsDir, 'results'),
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  use: {
    ...devices['Desktop Chrome'],
    baseURL: E2E.appUrl,
    viewport: { width: 1360, height: 900 },
    launchOptions: { executablePath: resolveChromium(), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    cwd: PROJECT_ROOT,
    command: `node_modules/.bin/next start --port ${E2E.appPort} --hostname 127.0.0.1`,
    url: `${E2E.appUrl}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      COLLAB_PORT: String(E2E.collabPort),
      COLLAB_HTTP_URL: E2E.collabHttpUrl,
      COLLAB_URL: `ws://127.0.0.1:${E2E.collabPort}`,
    },
  },
})
