import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { exportFromState, parseExportOptions } from '../../editor/export/export-request'
import { META_MAP } from '../../editor/model/doc-layout'
import { readDocumentDetailsOf, updateDocumentDetails } from '../../editor/yjs/document-details'
import { annotateInBlock } from './support/annotations'
import { fetchStoredDoc } from './support/http-client'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

const run = promisify(execFile)
const SECRET = 'integration-secret-for-document-sources-42'
const SOURCE = {
  url: 'https://www.israpundit.example/israel-russia-part-2',
  publisher: 'Israpundit',
  authors: ['Ted Belman', 'Alexander Maistrovoy'],
  published: '2020-03',
  language: 'en',
}

describe('document sources over HTTP, the websocket and the CLIs (AUTH=on)', () => {
  let dataDir: string
  let server: TestServer
  let adminToken: string
  const clients: YjsClient[] = []
  const outDir = mkdtempSync(join(tmpdir(), 'spanwise-sources-'))

  const post = (body: unknown) =>
    fetch(`${server.httpUrl}/api/docs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify(body) })
  const stored = (id: string) => fetchStoredDoc(server.httpUrl, id, adminToken)
  const connect = async (id: string, role: 'editor' | 'annotator') => {
    const client = connectClient(server.wsUrl, id, { token: await signShareToken(SECRET, { doc: id, role }) })
    clients.push(client)
    await waitForSynced(client)
    return client
  }
  const refusal = (client: YjsClient) => waitFor(() => client.closes.length > 0, 'the server to close the socket').then(() => client.closes[0])

  beforeAll(async () => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, { authSecret: SECRET })
    adminToken = await signAdminToken(SECRET)
  })

  afterEach(() => clients.splice(0).forEach((client) => client.destroy()))

  afterAll(async () => {
    await server.server.stop()
    await removeDataDir(dataDir)
    rmSync(outDir, { recursive: true, force: true })
  })

  it('POST /api/docs stores `sourceMetadata` in meta with the document; bad input is 400 naming the field, and creates nothing', async () => {
    const created = await post({ id: 'sourced', title: 'Sourced', format: 'txt', source: 'Putin was elected in 2001.', sourceMetadata: SOURCE })
    expect(created.status).toBe(201)
    expect(readDocumentDetailsOf(await stored('sourced'))).toEqual({ source: SOURCE, factcheck: {}, problems: [] })

    for (const [sourceMetadata, error] of [
      [{ url: 'javascript:alert(1)' }, 'sourceMetadata.url: must be an absolute http:// or https:// URL'],
      [{ authors: [{ name: 'Ted Belman' }] }, 'sourceMetadata.authors.0: Invalid input: expected string, received object'],
      [{ published: 'yesterday' }, 'sourceMetadata.published: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD'],
    ] as const) {
      const refused = await post({ id: 'refused', title: 'Refused', format: 'blank', sourceMetadata })
      expect([refused.status, await refused.json()]).toEqual([400, { error }])
    }
    expect((await fetch(`${server.httpUrl}/api/docs/refused`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(404)
  })

  it('an editor’s change of one field reaches the others; an annotator’s is refused with 4409', async () => {
    const [alice, bob] = [await connect('sourced', 'editor'), await connect('sourced', 'editor')]
    updateDocumentDetails(alice.doc, { source: { ...SOURCE, published: '2020-03-05' }, factcheck: {} }, { source: SOURCE, factcheck: {} })
    await waitFor(() => readDocumentDetailsOf(bob.doc).source.published === '2020-03-05', 'the date to reach bob')
    await waitFor(async () => readDocumentDetailsOf(await stored('sourced')).source.published === '2020-03-05', 'the date to be stored')

    const annotator = await connect('sourced', 'annotator')
    annotator.doc.getMap(META_MAP).set('source.url', 'https://evil.example/')
    expect(await refusal(annotator)).toEqual({ code: 4409, reason: 'update refused: annotators can only change annotations (this update changes meta)' })
    expect(readDocumentDetailsOf(await stored('sourced')).source.url).toBe(SOURCE.url)
  })

  it('refuses a nested shared type or a megabyte value in meta from an editor; a hostile plain value is stored but never read, rendered or exported', async () => {
    const nested = await connect('sourced', 'editor')
    nested.doc.getMap(META_MAP).set('source.authors', new Y.Map([['evil', 'x']]))
    expect(await refusal(nested)).toEqual({ code: 4409, reason: 'update refused: meta: meta holds plain values only' })

    const huge = await connect('sourced', 'editor')
    huge.doc.getMap(META_MAP).set('source.publisher', 'x'.repeat(1_000_000))
    expect(await refusal(huge)).toEqual({ code: 4409, reason: 'update refused: meta: a value is longer than 100000 characters as JSON' })

    const hostile = await connect('sourced', 'editor')
    hostile.doc.transact(() => {
      hostile.doc.getMap(META_MAP).set('source.url', 'javascript:alert(document.cookie)')
      hostile.doc.getMap(META_MAP).set('source.authors', { nested: { names: ['<img src=x onerror=alert(1)>'] } })
      hostile.doc.getMap(META_MAP).set('factcheck.baseUrl', 'javascript:alert(2)//')
    })
    await waitFor(async () => (await stored('sourced')).getMap(META_MAP).get('source.url') === 'javascript:alert(document.cookie)', 'the value to be stored')
    const state = Y.encodeStateAsUpdate(await stored('sourced'))
    const details = readDocumentDetailsOf(await stored('sourced'))
    expect(details.source).toEqual({ publisher: 'Israpundit', published: '2020-03-05', language: 'en' })
    expect(details.problems.map((problem) => problem.key)).toEqual(['source.url', 'source.authors', 'factcheck.baseUrl'])
    for (const format of ['json', 'w3c', 'jsonl', 'csv', 'claimreview'] as const) {
      const { body } = exportFromState('sourced', state, parseExportOptions({ format }))
      expect(String(body), format).not.toMatch(/javascript:|onerror/)
    }
  })

  it('npm run import takes the source as flags (each naming its field when bad); npm run export --base-url and --organization set ClaimReview’s publisher', async () => {
    const text = join(outDir, 'article.txt')
    writeFileSync(text, 'Vladimir Putin was elected in 2001.\n')
    const importArgs = ['collab-server/cli/import.ts', text, '--data-dir', dataDir, '--id', 'from-cli', '--source-url', SOURCE.url, '--publisher', 'Israpundit']
    const { stdout } = await run('node_modules/.bin/tsx', [
      ...importArgs,
      '--author',
      'Ted Belman',
      '--author',
      'Alexander Maistrovoy',
      '--published',
      '2020-03',
      '--language',
      'en',
    ])
    expect(stdout.trim()).toBe('from-cli')
    expect(readDocumentDetailsOf(await stored('from-cli')).source).toEqual(SOURCE)
    await expect(run('node_modules/.bin/tsx', ['collab-server/cli/import.ts', text, '--data-dir', dataDir, '--source-url', 'javascript:alert(1)'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('import: --source-url: must be an absolute http:// or https:// URL'),
    })
    await expect(run('node_modules/.bin/tsx', ['collab-server/cli/import.ts', text, '--data-dir', dataDir, '--published', '5 March 2020'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('import: --published: must be an ISO 8601 date'),
    })

    // A reviewed claim, so the ClaimReview export has something to say.
    const editor = await connect('from-cli', 'editor')
    annotateInBlock(editor.doc, 0, 'Vladimir Putin was elected in 2001', {
      id: 'cl-putin',
      type: 'claim',
      attrs: { verdict: 'false', reviewedBy: { id: 'u', name: 'Reviewer' }, reviewedAt: '2026-12-05T10:00:00.000Z' },
    })
    await waitFor(async () => (await stored('from-cli')).getMap('annotations').size === 1, 'the claim to be stored')
    const target = join(outDir, 'from-cli.claimreview.jsonld')
    const exportArgs = ['collab-server/cli/export.ts', '--doc', 'from-cli', '--format', 'claimreview', '--out', target, '--data-dir', dataDir]
    await run('node_modules/.bin/tsx', [...exportArgs, '--base-url', 'https://factcheck.example/from-cli', '--organization', 'Example Fact Check'])
    const [review] = JSON.parse(readFileSync(target, 'utf8'))
    expect(review).toMatchObject({
      url: 'https://factcheck.example/from-cli',
      author: { '@type': 'Organization', name: 'Example Fact Check' },
      itemReviewed: { appearance: { url: SOURCE.url, publisher: { name: 'Israpundit' } } },
    })
    expect(review.sameAs).toMatch(/^https:\/\/factcheck\.example\/from-cli#claim-/)
    await expect(run('node_modules/.bin/tsx', [...exportArgs, '--base-url', 'https://factcheck.example/#x'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('export: baseUrl must be an absolute http:// or https:// URL without a #fragment'),
    })
  })
})
