import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCollabServer } from './support/collab-process'
import { E2E } from './support/e2e-env'

/** Starts a collab server on a fresh data directory for the whole run. */
export default async function globalSetup() {
  rmSync(E2E.artifactsDir, { recursive: true, force: true })
  mkdirSync(E2E.screenshotsDir, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'spanwise-e2e-'))
  await startCollabServer(E2E.collabPort, dataDir)
}
