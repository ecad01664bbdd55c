import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { toBratFiles } from '../../../../../editor/export/brat'
import type { DocumentSnapshot } from '../../../../../editor/export/snapshot'

const CHECK_BRAT = fileURLToPath(new URL('./check_brat.py', import.meta.url))

/** Runs check_brat.py on the .txt and .ann of an export (and its .ids.tsv with `withIds`). */
export function checkWithPython(snapshot: DocumentSnapshot, withIds = false): { status: number | null; output: string } {
  const directory = mkdtempSync(join(tmpdir(), 'spanwise-brat-'))
  try {
    const files = toBratFiles(snapshot, {})
    for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text, 'utf8')
    const paths = ['txt', 'ann', ...(withIds ? ['ids.tsv'] : [])].map((extension) => join(directory, `${snapshot.id}.${extension}`))
    const result = spawnSync('python3', [CHECK_BRAT, ...paths], { encoding: 'utf8' })
    return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() }
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}
