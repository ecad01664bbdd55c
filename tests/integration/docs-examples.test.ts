import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveAnnotations } from '../../editor/model/resolve-annotations'
import { readContent } from '../../editor/yjs/document-content'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { connectClient, waitForSynced } from './support/yjs-client'

const run = promisify(execFile)
const example = (name: string) => join(process.cwd(), 'docs', 'examples', name)
const WORDS = 'Putin continues to have positive relations with Erdogan'

// The scripts in docs/examples are what third-party client authors copy: prove they work
// against a real server and that the editor's own model reads what they write.
describe('docs/examples against a live collab server', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(await makeDataDir(), { contentDir: join(process.cwd(), 'content') })
  })

  afterAll(async () => {
    await server.server.stop()
    await removeDataDir(server.dataDir)
  })

  it('read-document.mjs prints the title and the blocks of the seed article', async () => {
    const { stdout } = await run('node', [example('read-document.mjs'), 'israel-russia-part-2', server.wsUrl], { timeout: 15_000 })
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^# Israel – Russia relations, Part II \(created \d{4}-\d\d-\d\dT.+, schema version 2\)$/)
    expect(lines[1]).toBe('[h1] Israel – Russia relations, Part II')
    expect(lines).toContain('[h2] Developments in the 2020s')
    expect(lines.at(-1)).toBe('annotations: 0')
  })

  it('add-annotation.mjs writes a claim that the editor model resolves to the exact words', async () => {
    const { stdout } = await run('node', [example('add-annotation.mjs'), 'israel-russia-part-2', server.wsUrl, WORDS], { timeout: 15_000 })
    const id = stdout.trim()
    expect(id).toMatch(/^script-[a-z0-9]+$/)

    const reader = connectClient(server.wsUrl, 'israel-russia-part-2')
    try {
      await waitForSynced(reader)
      await waitFor(() => reader.doc.getMap('annotations').has(id), 'the scripted annotation')
      const { annotations, invalid } = resolveAnnotations(reader.doc, readContent(reader.doc))
      expect(invalid).toEqual([])
      expect(annotations).toHaveLength(1)
      expect(annotations[0]).toMatchObject({ id, type: 'claim', status: 'attached', text: WORDS, changedSinceReview: false })
      expect(annotations[0].record.attrs).toEqual({ claimant: 'Ted Belman', verdict: 'unreviewed', summary: 'Putin and Erdoğan are on good terms' })
    } finally {
      reader.destroy()
    }
  })

  it('add-annotation.mjs refuses words that are not in the document', async () => {
    await expect(run('node', [example('add-annotation.mjs'), 'israel-russia-part-2', server.wsUrl, 'no such words anywhere'], { timeout: 15_000 })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('"no such words anywhere" is not in one text run of the document'),
    })
  })
})
