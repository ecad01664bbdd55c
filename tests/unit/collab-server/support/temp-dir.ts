import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh temporary directory; remove it with {@link removeTempDir}. */
export function makeTempDir(prefix = 'spanwise-unit-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

/** Removes a temporary directory and everything in it. */
export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true })
}
