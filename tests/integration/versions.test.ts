import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { META_MAP } from '../../editor/model/doc-layout'
import { readAnnotations } from '../../editor/model/annotation-store'
import { compareVersions } from '../../editor/versions/compare-versions'
import { annotateInBlock } from './support/annotations'
import { createDoc, fetchStoredDoc, postJson } from './support/http-client'
import { SERVER_KINDS, startServers, type TestServers } from './support/server-kinds'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

const SOURCE = 'Israel and Russia met in Sochi.\n\nThe talks lasted “three hours” — officials said.'

interface Version {
  number: number
  name: string
  kind: string
  createdBy: { id: string; name: string } | null
  createdAt: string
  bytes: number
}

async function versionsOf(httpUrl: string, id: string): Promise<Version[]> {
  const response = await fetch(`${httpUrl}/api/docs/${id}/versions`)
  expect(response.status).toBe(200)
  return ((await response.json()) as { versions: Version[] }).versions
}

async function versionDoc(httpUrl: string, id: string, number: number): Promise<Y.Doc> {
  const response = await fetch(`${httpUrl}/api/docs/${id}/versions/${number}/state`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('application/octet-stream')
  const doc = new Y.Doc()
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()))
  return doc
}

/** Waits until the server has stored what `client` wrote (the state it serves has the text). */
async function stored(server: TestServer, id: string, text: string): Promise<void> {
  await waitFor(async () => blockTexts(await fetchStoredDoc(server.httpUrl, id)).includes(text), `"${text}" to be stored`)
}

describe('versions over HTTP (AUTH=off)', () => {
  let dataDir: string
  let server: TestServer
  const clients: YjsClient[] = []
  const connect = (id: string) => {
    const client = connectClient(server.wsUrl, id)
    clients.push(client)
    return client
  }

  beforeAll(async () => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, { autoVersionIntervalMs: 0, manualVersionIntervalMs: 0 })
  })
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
  })
  afterAll(async () => {
    await server.server.stop()
    await removeDataDir(dataDir)
  })

  it('saves a named version, lists it without its state, and serves its state as it was', async () => {
    const { id } = await createDoc(server.httpUrl, { title: 'Sochi talks', format: 'txt', source: SOURCE })
    expect(await versionsOf(server.httpUrl, id)).toEqual([])
    const ada = connect(id)
    await waitForSynced(ada)
    annotateInBlock(ada.doc, 1, 'three hours', { id: 'q1', type: 'quote', attrs: { speaker: 'officials' } })
    await waitFor(async () => readAnnotations(await fetchStoredDoc(server.httpUrl, id)).records.length === 1, 'the annotation to be stored')

    const created = await postJson(`${server.httpUrl}/api/docs/${id}/versions`, { name: '  Version 1 — before review  ', createdBy: { id: 'ada', name: 'Ada' } })
    expect(created.status).toBe(201)
    const version = created.body as Version & { pruned: number[] }
    expect(version).toMatchObject({ number: 1, name: 'Version 1 — before review', kind: 'manual', createdBy: { id: 'ada', name: 'Ada' }, pruned: [] })
    expect(version.bytes).toBeGreaterThan(0)

    appendParagraph(ada.doc, 'Added after the version.')
    ada.doc.getMap('annotations').delete('q1')
    await stored(server, id, 'Added after the version.')

    const listed = await versionsOf(server.httpUrl, id)
    expect(listed).toEqual([
      { number: 1, name: 'Version 1 — before review', kind: 'manual', createdBy: { id: 'ada', name: 'Ada' }, createdAt: version.createdAt, bytes: version.bytes },
    ])
    expect(listed[0]).not.toHaveProperty('state')
    const one = await fetch(`${server.httpUrl}/api/docs/${id}/versions/1`)
    expect(await one.json()).toEqual(listed[0])

    const old = await versionDoc(server.httpUrl, id, 1)
    expect(blockTexts(old)).toEqual(['Israel and Russia met in Sochi.', 'The talks lasted “three hours” — officials said.'])
    expect(readAnnotations(old).records.map((record) => record.id)).toEqual(['q1'])

    const comparison = compareVersions(id, old, await fetchStoredDoc(server.httpUrl, id))
    expect(comparison.text.insertedWords).toBe(4)
    expect(comparison.annotations.removed.map((annotation) => annotation.id)).toEqual(['q1'])
  })

  it('numbers versions 1, 2, 3 per document, newest first', async () => {
    const first = await createDoc(server.httpUrl, { title: 'First', format: 'txt', source: 'One.' })
    const second = await createDoc(server.httpUrl, { title: 'Second', format: 'txt', source: 'Two.' })
    const client = connect(first.id)
    await waitForSynced(client)
    for (const name of ['a', 'b', 'c']) {
      appendParagraph(client.doc, `Paragraph ${name}.`)
      await stored(server, first.id, `Paragraph ${name}.`)
      expect((await postJson(`${server.httpUrl}/api/docs/${first.id}/versions`, { name })).status).toBe(201)
    }
    // Nothing changed since "c": a manual save of the same state is refused, not stored twice.
    expect(await postJson(`${server.httpUrl}/api/docs/${first.id}/versions`, { name: 'd' })).toEqual({ status: 409, body: { error: 'nothing changed since version 3 ("c")' } })
    expect((await postJson(`${server.httpUrl}/api/docs/${second.id}/versions`, { name: 'only' })).status).toBe(201)
    expect((await versionsOf(server.httpUrl, first.id)).map((version) => [version.number, version.name, version.createdBy])).toEqual([
      [3, 'c', null],
      [2, 'b', null],
      [1, 'a', null],
    ])
    expect((await versionsOf(server.httpUrl, second.id)).map((version) => version.number)).toEqual([1])
    // Another document's version number is not this document's.
    const other = await fetch(`${server.httpUrl}/api/docs/${second.id}/versions/2`)
    expect(other.status).toBe(404)
    expect(await other.json()).toEqual({ error: `version 2 of document "${second.id}" not found` })
  })

  it('restores a version as a new document with its text and annotations; the original is untouched', async () => {
    const { id, title } = await createDoc(server.httpUrl, { title: 'Restore me', format: 'txt', source: SOURCE })
    const ada = connect(id)
    await waitForSynced(ada)
    annotateInBlock(ada.doc, 0, 'Sochi', { id: 'e1', type: 'event', attrs: { place: 'Sochi' } })
    await waitFor(async () => readAnnotations(await fetchStoredDoc(server.httpUrl, id)).records.length === 1, 'the annotation to be stored')
    expect((await postJson(`${server.httpUrl}/api/docs/${id}/versions`, { name: 'with the event' })).status).toBe(201)
    appendParagraph(ada.doc, 'Later text.')
    await stored(server, id, 'Later text.')

    const restored = await postJson(`${server.httpUrl}/api/docs/${id}/versions/1/restore`, {})
    expect(restored.status).toBe(201)
    const document = restored.body as { id: string; title: string; createdAt: string; restoredFrom: { id: string; version: number } }
    expect(document.id).not.toBe(id)
    expect(document.title).toBe(`${title} (version 1)`)
    expect(document.restoredFrom).toEqual({ id, version: 1 })

    const copy = connect(document.id)
    await waitForSynced(copy)
    expect(blockTexts(copy.doc)).toEqual(['Israel and Russia met in Sochi.', 'The talks lasted “three hours” — officials said.'])
    expect(readAnnotations(copy.doc).records.map((record) => [record.id, record.exact])).toEqual([['e1', 'Sochi']])
    expect(copy.doc.getMap(META_MAP).get('title')).toBe(document.title)
    expect(copy.doc.getMap(META_MAP).get('createdAt')).toBe(document.createdAt)
    // The new document starts with no versions; the original keeps its own, and its text.
    expect(await versionsOf(server.httpUrl, document.id)).toEqual([])
    expect((await versionsOf(server.httpUrl, id)).length).toBe(1)
    expect(blockTexts(await fetchStoredDoc(server.httpUrl, id))).toContain('Later text.')

    const named = await postJson(`${server.httpUrl}/api/docs/${id}/versions/1/restore`, { title: 'Sochi, as it was' })
    expect(named.status).toBe(201)
    expect((named.body as { title: string }).title).toBe('Sochi, as it was')
  })

  it('refuses hostile input with a clear message and keeps serving', async () => {
    const { id } = await createDoc(server.httpUrl, { title: 'Hostile', format: 'txt', source: 'Text.' })
    const post = (body: unknown) => postJson(`${server.httpUrl}/api/docs/${id}/versions`, body)
    expect(await post({ name: 'x'.repeat(10_000) })).toEqual({ status: 400, body: { error: 'name: must be at most 120 characters' } })
    expect(await post({ name: 'before\u0000review' })).toEqual({ status: 400, body: { error: 'name: must not contain control characters, line breaks or bidi controls' } })
    expect(await post({ name: 'evil \u202Eweiver' })).toEqual({ status: 400, body: { error: 'name: must not contain control characters, line breaks or bidi controls' } })
    expect(await post({ name: '   ' })).toEqual({ status: 400, body: { error: 'name: must not be empty' } })
    expect(await post({ name: 42 })).toEqual({ status: 400, body: { error: 'name: must be a string' } })
    // Control and bidi characters are dropped from an author's name (not refused); nothing left: 400.
    expect(await post({ name: 'ok', createdBy: { id: 'x', name: '\u200E\n\u202E' } })).toEqual({ status: 400, body: { error: 'createdBy.name: must not be empty' } })
    expect((await post({ name: 'ok', state: 'AAAA' })).status).toBe(400)
    expect(await post('not json')).toEqual({ status: 400, body: { error: 'request body is not valid JSON' } })
    const huge = await postJson(`${server.httpUrl}/api/docs/${id}/versions`, { name: 'y'.repeat(40_000) })
    expect(huge.status).toBe(413)

    const get = async (path: string) => {
      const response = await fetch(`${server.httpUrl}${path}`)
      return { status: response.status, body: (await response.json()) as unknown }
    }
    expect(await get(`/api/docs/${id}/versions/..%2Fx`)).toEqual({ status: 400, body: { error: 'version number must be a whole number from 1 to 999999999, got "../x"' } })
    expect((await get(`/api/docs/${id}/versions/0`)).status).toBe(400)
    expect((await get(`/api/docs/${id}/versions/1e3`)).status).toBe(400)
    expect((await get(`/api/docs/${id}/versions/99999999999/state`)).status).toBe(400)
    expect(await get(`/api/docs/${id}/versions/99999`)).toEqual({ status: 404, body: { error: `version 99999 of document "${id}" not found` } })
    expect((await get(`/api/docs/${id}/versions/99999/state`)).status).toBe(404)
    expect((await postJson(`${server.httpUrl}/api/docs/${id}/versions/abc/restore`, {})).status).toBe(400)
    expect((await postJson(`${server.httpUrl}/api/docs/${id}/versions/7/restore`, {})).status).toBe(404)
    expect((await postJson(`${server.httpUrl}/api/docs/${id}/versions/1/restore`, { title: 'x'.repeat(301) })).status).toBe(400)
    expect((await get('/api/docs/nope/versions')).status).toBe(404)
    expect((await postJson(`${server.httpUrl}/api/docs/nope/versions`, { name: 'a' })).status).toBe(404)
    expect((await get('/api/docs/bad%20id/versions')).status).toBe(404)

    expect(await versionsOf(server.httpUrl, id)).toEqual([])
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200)
  })
})

describe('automatic versions', () => {
  let dataDir: string
  let server: TestServer
  let client: YjsClient | null = null

  beforeAll(async () => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, { autoVersionIntervalMs: 300 })
  })
  afterAll(async () => {
    client?.destroy()
    await server.server.stop()
    await removeDataDir(dataDir)
  })

  it('saves one after an interval of editing, none while nobody edits, none when the edits cancel out', async () => {
    const { id } = await createDoc(server.httpUrl, { title: 'Auto', format: 'txt', source: 'Start.' })
    client = connectClient(server.wsUrl, id)
    await waitForSynced(client)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await versionsOf(server.httpUrl, id)).toEqual([]) // nobody edited

    appendParagraph(client.doc, 'First edit.')
    await waitFor(async () => (await versionsOf(server.httpUrl, id)).length === 1, 'the first automatic version', 3_000)
    const [auto] = await versionsOf(server.httpUrl, id)
    expect(auto).toMatchObject({ number: 1, kind: 'auto', name: 'Saved automatically', createdBy: null })
    expect(blockTexts(await versionDoc(server.httpUrl, id, 1))).toEqual(['Start.', 'First edit.'])

    await new Promise((resolve) => setTimeout(resolve, 700))
    expect((await versionsOf(server.httpUrl, id)).length).toBe(1) // no edit since: no version

    // Text typed and deleted again: the content is what version 1 holds.
    const fragment = client.doc.getXmlFragment('prosemirror')
    appendParagraph(client.doc, 'Typed and deleted.')
    client.doc.transact(() => fragment.delete(fragment.length - 1, 1))
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect((await versionsOf(server.httpUrl, id)).length).toBe(1)

    appendParagraph(client.doc, 'Second edit.')
    await waitFor(async () => (await versionsOf(server.httpUrl, id)).length === 2, 'the second automatic version', 3_000)
    expect(blockTexts(await versionDoc(server.httpUrl, id, 2))).toEqual(['Start.', 'First edit.', 'Second edit.'])
  })
})

// The documents are created on instance A; every request after that goes to instance B.
describe.each(SERVER_KINDS)('versions with AUTH=on, %s', (kind) => {
  const SECRET = 'versions-integration-secret-long-enough-01'
  let servers: TestServers
  let admin: string

  const call = async (path: string, token: string | null, init: RequestInit = {}, at: TestServer = servers.b) => {
    const headers = new Headers(init.headers)
    if (token) headers.set('authorization', `Bearer ${token}`)
    if (init.body) headers.set('content-type', 'application/json')
    const response = await fetch(`${at.httpUrl}${path}`, { ...init, headers })
    const type = response.headers.get('content-type') ?? ''
    return { status: response.status, body: type.startsWith('application/json') ? ((await response.json()) as Record<string, unknown>) : null }
  }

  beforeAll(async () => {
    servers = await startServers(kind, { authSecret: SECRET, autoVersionIntervalMs: 0, manualVersionIntervalMs: 0 })
    admin = await signAdminToken(SECRET)
    for (const id of ['guarded', 'other']) {
      expect((await call('/api/docs', admin, { method: 'POST', body: JSON.stringify({ id, title: id, format: 'txt', source: 'Guarded text.' }) }, servers.a)).status).toBe(201)
    }
  })
  afterAll(async () => {
    await servers.stop()
  })

  it('lets every role list and read versions, only editors save them, and only admins restore them (restoring creates a document)', async () => {
    const [editor, annotator, viewer, otherEditor] = await Promise.all([
      signShareToken(SECRET, { doc: 'guarded', role: 'editor' }),
      signShareToken(SECRET, { doc: 'guarded', role: 'annotator' }),
      signShareToken(SECRET, { doc: 'guarded', role: 'viewer' }),
      signShareToken(SECRET, { doc: 'other', role: 'editor' }),
    ])
    const save = (token: string | null) => call('/api/docs/guarded/versions', token, { method: 'POST', body: JSON.stringify({ name: 'checkpoint' }) })
    expect(await save(null)).toEqual({ status: 401, body: { error: 'missing token', reason: 'missing' } })
    expect(await save(viewer)).toEqual({ status: 403, body: { error: 'editor token required', reason: 'forbidden' } })
    expect(await save(annotator)).toEqual({ status: 403, body: { error: 'editor token required', reason: 'forbidden' } })
    expect(await save(otherEditor)).toEqual({ status: 403, body: { error: 'token is for another document', reason: 'wrong-document' } })
    expect((await save(editor)).status).toBe(201)
    // An admin passes the token check too (nothing changed since, so the save itself is refused).
    expect((await save(admin)).status).toBe(409)

    for (const token of [viewer, annotator, editor, admin]) {
      expect((await call('/api/docs/guarded/versions', token)).status).toBe(200)
      expect((await call('/api/docs/guarded/versions/1', token)).status).toBe(200)
      expect((await call('/api/docs/guarded/versions/1/state', token)).status).toBe(200)
    }
    expect((await call('/api/docs/guarded/versions', null)).status).toBe(401)
    expect((await call('/api/docs/guarded/versions/1/state', otherEditor)).status).toBe(403)

    const restore = (token: string) => call('/api/docs/guarded/versions/1/restore', token, { method: 'POST', body: '{}' })
    expect((await restore(viewer)).status).toBe(403)
    expect((await restore(annotator)).status).toBe(403)
    expect((await restore(otherEditor)).status).toBe(403)
    // An editor link may not create documents (as with POST /api/docs), however many times it asks.
    const before = ((await call('/api/docs', admin)).body!.documents as unknown[]).length
    for (let i = 0; i < 3; i++) expect(await restore(editor)).toEqual({ status: 403, body: { error: 'admin token required', reason: 'forbidden' } })
    expect(((await call('/api/docs', admin)).body!.documents as unknown[]).length).toBe(before)
    const restored = await restore(admin)
    expect(restored.status).toBe(201)
    // The answer is POST /api/docs's: the document, and the creator's editor token.
    expect(Object.keys(restored.body!).sort()).toEqual(['createdAt', 'id', 'restoredFrom', 'title', 'token', 'updatedAt'])
    const newId = restored.body!.id as string
    expect((await call(`/api/docs/${newId}`, restored.body!.token as string)).status).toBe(200)
    expect((await call(`/api/docs/${newId}`, editor)).status).toBe(403)

    const access = await call(`/api/access?method=POST&path=${encodeURIComponent('/api/docs/guarded/versions')}`, viewer)
    expect(access.status).toBe(403)
    expect((await call(`/api/access?method=POST&path=${encodeURIComponent('/api/docs/guarded/versions')}`, editor)).status).toBe(204)
  })
})

describe('manual saves are rate-limited per document', () => {
  let dataDir: string
  let server: TestServer

  beforeAll(async () => {
    dataDir = await makeDataDir()
    // The default interval: one manual version per document every 5 seconds.
    server = await startTestServer(dataDir, { autoVersionIntervalMs: 0 })
  })
  afterAll(async () => {
    await server.server.stop()
    await removeDataDir(dataDir)
  })

  it('answers 429 with Retry-After to a loop of saves, storing one version, and lets other documents save', async () => {
    const { id } = await createDoc(server.httpUrl, { title: 'Looped', format: 'txt', source: 'Text.' })
    const other = await createDoc(server.httpUrl, { title: 'Other', format: 'txt', source: 'Other text.' })
    const save = (doc: string, name: string) =>
      fetch(`${server.httpUrl}/api/docs/${doc}/versions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) })
    expect((await save(id, 'first')).status).toBe(201)
    for (let i = 0; i < 20; i++) {
      const response = await save(id, `junk ${i}`)
      expect(response.status).toBe(429)
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(5)
      expect(((await response.json()) as { error: string }).error).toMatch(/^a version of this document was saved moments ago: try again in [1-5] s$/)
    }
    expect((await save(other.id, 'elsewhere')).status).toBe(201)
    expect((await versionsOf(server.httpUrl, id)).map((version) => version.name)).toEqual(['first'])
  })
})
