import { rmSync, readFileSync } from 'node:fs'
import { stopCollabServer } from './support/collab-process'
import { E2E } from './support/e2e-env'

/** Stops the collab server started by global setup and removes its data directory. */
export default async function globalTeardown() {
  const { dataDir } = JSON.parse(readFileSync(E2E.stateFile, 'utf8')) as { dataDir: string }
  await stopCollabServer()
  rmSync(dataDir, { recursive: true, force: true })
}
