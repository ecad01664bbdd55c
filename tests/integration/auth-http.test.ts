import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { SERVER_KINDS, startServers, type TestServers } from './support/server-kinds'
import type { TestServer } from './support/test-server'

const SECRET = 'http-integration-secret-long-enough-0042'

// The document is created on instance A; every request after that goes to instance B.
describe.each(SERVER_KINDS)('collab server with AUTH=on, %s: HTTP API', (kind) => {
  let servers: TestServers
  let admin: string
  let viewerOfNotes: string

  const call = async (path: string, init: RequestInit & { token?: string; at?: TestServer } = {}) => {
    const headers = new Headers(init.headers)
    if (init.token) headers.set('authorization', `Bearer ${init.token}`)
    const response = await fetch(`${(init.at ?? servers.b).httpUrl}${path}`, { ...init, headers })
    const type = response.headers.get('content-type') ?? ''
    const body = type.startsWith('application/json') ? await response.json() : new Uint8Array(await response.arrayBuffer())
    return { status: response.status, body, authenticate: response.headers.get('www-authenticate') }
  }
  const create = (token: string | undefined, id: string, at?: TestServer) =>
    call('/api/docs', { method: 'POST', token, at, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, title: id, format: 'blank' }) })

  beforeAll(async () => {
    servers = await startServers(kind, { authSecret: SECRET })
    admin = await signAdminToken(SECRET)
    viewerOfNotes = await signShareToken(SECRET, { doc: 'notes', role: 'viewer' })
    expect((await create(admin, 'notes', servers.a)).status).toBe(201)
  })

  afterAll(async () => {
    await servers.stop()
  })

  it('keeps /healthz open', async () => {
    expect((await call('/healthz')).status).toBe(200)
  })

  it('lists and creates documents with an admin token only', async () => {
    const listed = await call('/api/docs', { token: admin })
    expect(listed.status).toBe(200)
    expect((listed.body as { documents: Array<{ id: string }> }).documents.map((doc) => doc.id)).toEqual(['notes'])
    expect((await call(`/api/docs?token=${admin}`)).status).toBe(200)
    expect((await create(admin, 'second')).status).toBe(201)

    expect(await call('/api/docs')).toEqual({ status: 401, body: { error: 'missing token', reason: 'missing' }, authenticate: 'Bearer' })
    expect(await create(undefined, 'third')).toEqual({ status: 401, body: { error: 'missing token', reason: 'missing' }, authenticate: 'Bearer' })
    expect(await call('/api/docs', { token: viewerOfNotes })).toEqual({
      status: 403,
      body: { error: 'admin token required', reason: 'forbidden' },
      authenticate: null,
    })
    expect((await create(await signShareToken(SECRET, { doc: 'third', role: 'editor' }), 'third')).status).toBe(403)
    expect((await call('/api/docs/third', { token: admin })).status).toBe(404)
  })

  it('serves a document and its state to a share token of that document, or an admin', async () => {
    const got = await call('/api/docs/notes', { token: viewerOfNotes })
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ id: 'notes', title: 'notes' })
    for (const token of [viewerOfNotes, admin]) {
      const state = await call(`/api/docs/notes/state?token=${token}`)
      expect(state.status).toBe(200)
      const doc = new Y.Doc()
      Y.applyUpdate(doc, state.body as Uint8Array)
      expect(doc.getMap('meta').get('title')).toBe('notes')
    }
  })

  it.each<[string, () => Promise<{ token?: string; query?: string }>, number, { error: string; reason: string }]>([
    ['no token', async () => ({}), 401, { error: 'missing token', reason: 'missing' }],
    ['a malformed token', async () => ({ query: 'garbage' }), 401, { error: 'malformed token', reason: 'malformed' }],
    [
      'an expired token',
      async () => ({ token: await signShareToken(SECRET, { doc: 'notes', role: 'editor', ttl: '1s', now: new Date(Date.now() - 10_000) }) }),
      401,
      { error: 'token expired', reason: 'expired' },
    ],
    ['a forged token', async () => ({ token: await signAdminToken('an-attacker-secret-that-is-long-enough-1') }), 401, { error: 'invalid token signature', reason: 'forged' }],
    [
      "another document's token",
      async () => ({ token: await signShareToken(SECRET, { doc: 'second', role: 'editor' }) }),
      403,
      { error: 'token is for another document', reason: 'wrong-document' },
    ],
  ])('answers GET /api/docs/notes/state with %s by %i', async (_name, tokenOf, status, body) => {
    const { token, query } = await tokenOf()
    const response = await call(`/api/docs/notes/state${query ? `?token=${query}` : ''}`, { token })
    expect({ status: response.status, body: response.body }).toEqual({ status, body })
    expect((await call(`/api/docs/notes${query ? `?token=${query}` : ''}`, { token })).status).toBe(status)
  })

  it('gives the creator of a document an editor token for it', async () => {
    const created = await create(admin, 'created-by-admin')
    expect(created.status).toBe(201)
    const token = (created.body as { token: string }).token
    const check = await call('/api/docs/created-by-admin', { token })
    expect(check.status).toBe(200)
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'))
    expect([payload.doc, payload.role]).toEqual(['created-by-admin', 'editor'])
  })

  it('makes share links per role for an admin or an editor of the document, not for others', async () => {
    const share = (token: string | undefined, body: unknown, id = 'notes') =>
      call(`/api/docs/${id}/share`, { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const byAdmin = await share(admin, {})
    expect(byAdmin.status).toBe(200)
    const links = (byAdmin.body as { auth: boolean; links: Array<{ role: string; token: string; expiresAt: string }> }).links
    expect(links.map((link) => link.role)).toEqual(['editor', 'annotator', 'viewer'])
    for (const link of links) {
      const payload = JSON.parse(Buffer.from(link.token.split('.')[1], 'base64url').toString('utf8'))
      expect([payload.doc, payload.role, payload.exp - payload.iat]).toEqual(['notes', link.role, 7 * 24 * 3600])
    }
    const editor = await signShareToken(SECRET, { doc: 'notes', role: 'editor' })
    const byEditor = await share(editor, { roles: ['viewer'], ttl: '2h' })
    expect((byEditor.body as { links: Array<{ role: string }> }).links.map((link) => link.role)).toEqual(['viewer'])
    expect(await share(viewerOfNotes, {})).toEqual({ status: 403, body: { error: 'editor token required', reason: 'forbidden' }, authenticate: null })
    expect((await share(undefined, {})).status).toBe(401)
    expect(await share(admin, { ttl: 'forever' })).toMatchObject({ status: 400, body: { error: 'ttl: ttl must look like 45s, 30m, 12h or 7d' } })
    expect(await share(admin, {}, 'no-such-doc')).toMatchObject({ status: 404 })
  })
})
