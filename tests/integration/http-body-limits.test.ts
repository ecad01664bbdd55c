import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { dripUntilAnswered, openPost, type OpenRequest } from './support/raw-http'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'

const SECRET = 'body-limits-integration-secret-long-enough'
const MAX_BODY_BYTES = 4096
const FOUR_HUNDRED_MB = String(400 * 1024 * 1024)
// The start of a create request that is never finished: not JSON until its last byte.
const UNFINISHED_IMPORT = '{"title":"Big","format":"txt","source":"'

describe('collab server with AUTH=on: tokens before bodies, and body caps', () => {
  let dataDir: string
  let server: TestServer
  let admin: string
  let editorOfNotes: string
  let viewerOfNotes: string
  const open: OpenRequest[] = []

  const post = (path: string, headers: Record<string, string>) => {
    const request = openPost(`${server.httpUrl}${path}`, headers)
    open.push(request)
    return request
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
  const access = async (query: string, token?: string) => {
    const response = await fetch(`${server.httpUrl}/api/access?${query}`, { headers: token ? bearer(token) : {} })
    return { status: response.status, body: response.status === 204 ? null : await response.json() }
  }

  beforeAll(async () => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, { authSecret: SECRET, maxBodyBytes: MAX_BODY_BYTES })
    admin = await signAdminToken(SECRET)
    editorOfNotes = await signShareToken(SECRET, { doc: 'notes', role: 'editor' })
    viewerOfNotes = await signShareToken(SECRET, { doc: 'notes', role: 'viewer' })
    const created = await fetch(`${server.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'notes', title: 'Notes', format: 'blank' }),
    })
    expect(created.status).toBe(201)
  })

  afterEach(() => {
    for (const request of open.splice(0)) request.destroy()
  })

  afterAll(async () => {
    await server.server.stop()
    await removeDataDir(dataDir)
  })

  it('answers a create without a token 401 before any of its 400 MB arrives, and closes the connection instead of draining it', async () => {
    const request = post('/api/docs', { 'content-length': FOUR_HUNDRED_MB })
    const answer = await request.answer
    expect(request.bytesWritten).toBe(0)
    expect([answer.status, answer.body, answer.headers.connection]).toEqual([401, { error: 'missing token', reason: 'missing' }, 'close'])
    await request.closed
  })

  it('answers a slowly streamed, never finished create without a token 401 while it is still streaming', async () => {
    const request = post('/api/docs', {})
    await request.write(UNFINISHED_IMPORT)
    const answer = await dripUntilAnswered(request, 'x'.repeat(64), 20)
    expect(request.ended).toBe(false)
    expect([answer.status, answer.body, answer.headers.connection]).toEqual([401, { error: 'missing token', reason: 'missing' }, 'close'])
    await request.closed
  })

  it('answers a share request with a viewer token 403 without reading its body', async () => {
    const request = post('/api/docs/notes/share', { ...bearer(viewerOfNotes), 'content-length': FOUR_HUNDRED_MB })
    const answer = await request.answer
    expect([answer.status, answer.body, answer.headers.connection]).toEqual([403, { error: 'editor token required', reason: 'forbidden' }, 'close'])
    await request.closed
  })

  it('answers an admin create declaring 400 MB 413 at once, without reading it', async () => {
    const request = post('/api/docs', { ...bearer(admin), 'content-length': FOUR_HUNDRED_MB })
    const answer = await request.answer
    expect(request.bytesWritten).toBe(0)
    expect([answer.status, answer.body, answer.headers.connection]).toEqual([413, { error: 'request body is larger than 4096 bytes (4 KiB)' }, 'close'])
    await request.closed
  })

  it('cuts a chunked admin create at the cap with 413 and closes the connection', async () => {
    const request = post('/api/docs', bearer(admin))
    await request.write(UNFINISHED_IMPORT)
    const answer = await dripUntilAnswered(request, 'x'.repeat(1024), 5)
    expect(request.bytesWritten).toBeGreaterThan(MAX_BODY_BYTES)
    expect(request.ended).toBe(false)
    expect([answer.status, answer.body, answer.headers.connection]).toEqual([413, { error: 'request body is larger than 4096 bytes (4 KiB)' }, 'close'])
    await request.closed
  })

  it('cuts a chunked share request from its editor at the cap with 413', async () => {
    const request = post('/api/docs/notes/share', bearer(editorOfNotes))
    await request.write('{"ttl":"7d","padding":"')
    const answer = await dripUntilAnswered(request, 'x'.repeat(1024), 5)
    expect([answer.status, answer.body, answer.headers.connection]).toEqual([413, { error: 'request body is larger than 4096 bytes (4 KiB)' }, 'close'])
    await request.closed
  })

  it('still takes a create of exactly the cap', async () => {
    const head = '{"title":"At the cap","format":"txt","source":"'
    const body = `${head}${'y'.repeat(MAX_BODY_BYTES - head.length - 2)}"}`
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES)
    const request = post('/api/docs', { ...bearer(admin), 'content-length': String(MAX_BODY_BYTES) })
    request.end(body)
    const answer = await request.answer
    expect([answer.status, (answer.body as { title: string }).title]).toEqual([201, 'At the cap'])
  })

  it('answers GET /api/access with what the call would get', async () => {
    const createDocs = 'method=POST&path=%2Fapi%2Fdocs'
    const shareNotes = 'method=POST&path=%2Fapi%2Fdocs%2Fnotes%2Fshare'
    expect(await access(createDocs, admin)).toEqual({ status: 204, body: null })
    expect(await access(createDocs)).toEqual({ status: 401, body: { error: 'missing token', reason: 'missing' } })
    expect(await access(createDocs, editorOfNotes)).toEqual({ status: 403, body: { error: 'admin token required', reason: 'forbidden' } })
    expect(await access(shareNotes, editorOfNotes)).toEqual({ status: 204, body: null })
    expect(await access(shareNotes, viewerOfNotes)).toEqual({ status: 403, body: { error: 'editor token required', reason: 'forbidden' } })
    expect(await access('method=POST&path=%2Fapi%2Fdocs%2Fother%2Fshare', editorOfNotes)).toEqual({
      status: 403,
      body: { error: 'token is for another document', reason: 'wrong-document' },
    })
    expect(await access('method=GET&path=%2Fhealthz')).toEqual({ status: 204, body: null })
    expect(await access('method=DELETE&path=%2Fapi%2Fdocs', admin)).toEqual({ status: 404, body: { error: 'no route for DELETE /api/docs' } })
    expect(await access('method=POST', admin)).toEqual({ status: 400, body: { error: 'the method and path query parameters are required' } })
  })
})

describe('collab server with AUTH=off: GET /api/access', () => {
  it('lets every call through', async () => {
    const dataDir = await makeDataDir()
    const server = await startTestServer(dataDir)
    try {
      const response = await fetch(`${server.httpUrl}/api/access?method=POST&path=%2Fapi%2Fdocs`)
      expect(response.status).toBe(204)
    } finally {
      await server.server.stop()
      await removeDataDir(dataDir)
    }
  })
})
