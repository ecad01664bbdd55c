import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (this file is tests/e2e/support/e2e-env.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/** Ports and paths shared by the Playwright config, global setup and tests. */
export const E2E = {
  appPort: Number(process.env.E2E_APP_PORT ?? 23100),
  collabPort: Number(process.env.E2E_COLLAB_PORT ?? 23101),
  /** `E2E_ARTIFACTS_DIR` keeps two runs on other ports from sharing (and deleting) each other's state file. */
  artifactsDir: process.env.E2E_ARTIFACTS_DIR ?? join(PROJECT_ROOT, 'tests', 'e2e', '.artifacts'),
  get stateFile() {
    return join(this.artifactsDir, 'collab-server.json')
  },
  get screenshotsDir() {
    return join(this.artifactsDir, 'screenshots')
  },
  get appUrl() {
    return `http://127.0.0.1:${this.appPort}`
  },
  get collabHttpUrl() {
    return `http://127.0.0.1:${this.collabPort}`
  },
}
