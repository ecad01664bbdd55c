import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAnnotations } from '../../editor/model/annotation-store'
import { createDoc, fetchStoredDoc, getJson, postJson } from './support/http-client'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, connectClient, waitForSynced } from './support/yjs-client'

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const CONTENT_DIR = resolve(import.meta.dirname, '../../content')
const MAX_BODY_BYTES = 4096

describe('collab server: HTTP API', () => {
  let dataDir: string
  let server: TestServer
  let docsUrl: string

  beforeAll(async () => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, { contentDir: CONTENT_DIR, maxBodyBytes: MAX_BODY_BYTES })
    docsUrl = `${server.httpUrl}/api/docs`
  })

  afterAll(async () => {
    await server.server.stop()
    await removeDataDir(dataDir)
  })

  it('lists the seeded article', async () => {
    const response = await getJson(docsUrl)
    expect(response.status).toBe(200)
    const { documents } = response.body as { documents: Array<{ id: string; createdAt: string }> }
    expect(documents).toEqual([
      {
        id: 'israel-russia-part-2',
        title: 'Israel – Russia relations, Part II',
        createdAt: expect.stringMatching(ISO_TIME),
        updatedAt: documents[0].createdAt,
      },
    ])
  })

  it('creates a document with a given id, gets it, and refuses the same id again (409)', async () => {
    const request = { id: 'notes_1', title: 'Notes', format: 'md', source: '# Notes\n\nBody' }
    const created = await postJson(docsUrl, request)
    expect(created.status).toBe(201)
    const { createdAt } = created.body as { createdAt: string }
    expect(created.body).toEqual({
      id: 'notes_1',
      title: 'Notes',
      createdAt: expect.stringMatching(ISO_TIME),
      updatedAt: createdAt,
    })
    expect(await getJson(`${docsUrl}/notes_1`)).toEqual({ status: 200, body: created.body })
    expect(await postJson(docsUrl, { id: 'notes_1', title: 'Other', format: 'blank' })).toEqual({
      status: 409,
      body: { error: 'document "notes_1" already exists' },
    })
  })

  it('generates a readable id from the title when none is given', async () => {
    const created = await createDoc(server.httpUrl, { title: 'Ünïcode Title: Part 2!', format: 'blank' })
    expect(created.id).toMatch(/^unicode-title-part-2-[a-z0-9]{6}$/)
    expect((await getJson(`${docsUrl}/${created.id}`)).status).toBe(200)
  })

  it('lists the most recently updated document first once an edit touched it', async () => {
    const older = await createDoc(server.httpUrl, { id: 'older', title: 'Older', format: 'blank' })
    await createDoc(server.httpUrl, { id: 'newer', title: 'Newer', format: 'blank' })
    const client = connectClient(server.wsUrl, older.id)
    try {
      await waitForSynced(client)
      appendParagraph(client.doc, 'an edit')
      const first = async () => ((await getJson(docsUrl)).body as { documents: Array<{ id: string }> }).documents[0]
      await waitFor(async () => (await first()).id === 'older', 'the edited document to come first')
      const touched = (await getJson(`${docsUrl}/older`)).body as { updatedAt: string; createdAt: string }
      expect(touched.updatedAt > touched.createdAt).toBe(true)
    } finally {
      client.destroy()
    }
  })

  it.each([
    ['a body that is not JSON', '{"title": ', 'request body is not valid JSON'],
    ['a body that is not an object', '[1]', 'body: Invalid input: expected object, received array'],
    ['a missing title', { format: 'blank' }, 'title: Invalid input: expected string, received undefined'],
    ['an empty title', { title: '  ', format: 'blank' }, 'title: title must not be empty'],
    ['an unknown format', { title: 'T', format: 'pdf' }, 'format: Invalid option: expected one of "blank"|"txt"|"md"|"html"|"json"|"w3c"|"brat"'],
    ['a bad id', { id: 'no spaces', title: 'T', format: 'blank' }, 'id: document id must be 1–64 characters of A–Z, a–z, 0–9, "_" or "-"'],
    ['a source that is not a string', { title: 'T', format: 'txt', source: 3 }, 'source: Invalid input: expected string, received number'],
  ])('answers 400 naming the field for %s', async (_name, body, error) => {
    expect(await postJson(docsUrl, body)).toEqual({ status: 400, body: { error } })
  })

  it('imports a brat pair with its .ids.tsv: annotations keep their ids and the attributes their notes carry', async () => {
    const brat = {
      title: 'brat with ids',
      format: 'brat',
      text: 'Putin met Erdoğan in Sochi.',
      source: 'T4\tEvent 0 17\tPutin met Erdoğan\n#1\tAnnotatorNotes T4\tmet twice ¦ date: 2019-02 ¦ place: Sochi\n',
    }
    const created = await postJson(docsUrl, { ...brat, id: 'brat-ids', ids: 'brat_id\tspanwise_id\nT4\tev-sochi\n' })
    expect(created).toMatchObject({ status: 201, body: { import: { imported: 1, skipped: [] } } })
    const { records } = readAnnotations(await fetchStoredDoc(server.httpUrl, 'brat-ids'))
    expect(records.map((record) => [record.id, record.attrs, record.note])).toEqual([['ev-sochi', { date: '2019-02', place: 'Sochi' }, 'met twice']])
    expect(await postJson(docsUrl, { ...brat, ids: 'T4 ev-sochi\n' })).toEqual({
      status: 400,
      body: { error: 'source: could not be imported (ids.tsv line 1: expected "T1<TAB>annotation id" or "R1<TAB>link id")' },
    })
  })

  it('answers 413 for a body over the limit', async () => {
    const response = await postJson(docsUrl, { title: 'Big', format: 'txt', source: 'x'.repeat(MAX_BODY_BYTES) })
    expect(response).toEqual({ status: 413, body: { error: 'request body is larger than 4096 bytes (4 KiB)' } })
  })

  it('answers 404 JSON for unknown documents and routes', async () => {
    const missing = await getJson(`${docsUrl}/missing`)
    expect(missing).toEqual({ status: 404, body: { error: 'document "missing" not found' } })
    expect(await getJson(`${server.httpUrl}/nope`)).toEqual({ status: 404, body: { error: 'not found' } })
    const wrongMethod = await fetch(`${server.httpUrl}/healthz`, { method: 'DELETE' })
    const wrongMethodBody = await wrongMethod.json()
    expect({ status: wrongMethod.status, body: wrongMethodBody }).toEqual({ status: 404, body: { error: 'not found' } })
  })

  it('answers /healthz', async () => {
    expect(await getJson(`${server.httpUrl}/healthz`)).toEqual({
      status: 200,
      body: { status: 'ok', store: 'ok', rooms: expect.any(Number), connections: 0 },
    })
  })

  it('has no share tokens to give with AUTH=off, and no creator token', async () => {
    const response = await fetch(`${server.httpUrl}/api/docs/israel-russia-part-2/share`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect([response.status, await response.json()]).toEqual([200, { auth: false, links: [] }])
    const created = await createDoc(server.httpUrl, { id: 'no-token-doc', title: 'No token', format: 'blank' })
    expect(created).not.toHaveProperty('token')
  })
})
