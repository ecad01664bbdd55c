import { decodeJwt } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { CloseCode } from '../../editor/model/close-codes'
import { closeOf, openRawSocket, type RawSocket } from './support/raw-socket'
import { SERVER_KINDS, startServers, type TestServers } from './support/server-kinds'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'

const SECRET = 'revocation-integration-secret-long-enough-7'
const DAY = 86_400

// Links are revoked on instance A; the sockets and the later requests are on instance B.
describe.each(SERVER_KINDS)('collab server with AUTH=on, %s: token lifetimes and revocation', (kind) => {
  let servers: TestServers
  let admin: string
  const sockets: RawSocket[] = []

  const call = async (path: string, token: string | null, init: RequestInit = {}, at: TestServer = servers.a) => {
    const headers = new Headers(init.headers)
    if (token) headers.set('authorization', `Bearer ${token}`)
    const response = await fetch(`${at.httpUrl}${path}`, { ...init, headers })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }
  const post = (path: string, token: string | null, body?: unknown, at?: TestServer) =>
    call(path, token, body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, at)
  const shareLinks = async (token: string, ttl: string) => {
    const answer = await post('/api/docs/notes/share', token, { ttl })
    expect(answer.status).toBe(200)
    return answer.body.links as Array<{ role: string; token: string; expiresAt: string }>
  }
  const open = async (token: string) => {
    const socket = await openRawSocket(servers.b.wsUrl, `/notes?token=${token}`)
    sockets.push(socket)
    return socket
  }
  /** Open and still open once the server has answered with its first sync message. */
  const admitted = async (socket: RawSocket) => {
    await waitFor(() => socket.received.length > 0 || socket.ws.readyState !== socket.ws.OPEN, 'the server to answer the socket')
    return socket.ws.readyState === socket.ws.OPEN
  }

  beforeAll(async () => {
    servers = await startServers(kind, { authSecret: SECRET })
    admin = await signAdminToken(SECRET)
    const created = await post('/api/docs', admin, { id: 'notes', title: 'Notes', format: 'blank' })
    expect(created.status).toBe(201)
    expect(decodeJwt(created.body.token as string)).toMatchObject({ doc: 'notes', role: 'editor', gen: 0 })
  })

  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.ws.terminate())
  })

  afterAll(async () => {
    await servers.stop()
  })

  it('a link made with a 7-day editor token never outlives it, even when asked for 365d', async () => {
    const editor = await signShareToken(SECRET, { doc: 'notes', role: 'editor', ttl: '7d' })
    const { exp } = decodeJwt(editor)
    const links = await shareLinks(editor, '365d')
    expect(links.map((link) => decodeJwt(link.token).exp)).toEqual([exp, exp, exp])
    expect(links.map((link) => link.expiresAt)).toEqual(Array(3).fill(new Date(exp! * 1000).toISOString()))
    // A link made with such a link cannot go further either.
    const grandchild = await shareLinks(links[0].token, '365d')
    expect(decodeJwt(grandchild[0].token).exp).toBe(exp)
    // A shorter ttl stays shorter.
    const hour = await shareLinks(editor, '1h')
    expect(decodeJwt(hour[0].token).exp! - decodeJwt(hour[0].token).iat!).toBe(3600)
  })

  it('an admin token makes links of up to 365 days', async () => {
    const [link] = await shareLinks(admin, '365d')
    const claims = decodeJwt(link.token)
    expect(claims.exp! - claims.iat!).toBe(365 * DAY)
    expect((await post('/api/docs/notes/share', admin, { ttl: '366d' })).status).toBe(400)
  })

  it('revoke: old links are refused over HTTP and websocket, open sockets closed with 4401, the fresh token works', async () => {
    const editor = await signShareToken(SECRET, { doc: 'notes', role: 'editor', ttl: '2d' })
    const [, annotatorLink, viewerLink] = await shareLinks(editor, '7d')
    const editorSocket = await open(editor)
    const viewerSocket = await open(viewerLink.token)
    const adminSocket = await open(admin)
    expect(await Promise.all([admitted(editorSocket), admitted(viewerSocket), admitted(adminSocket)])).toEqual([true, true, true])

    const revoked = await post('/api/docs/notes/revoke', editor)
    expect(revoked.status).toBe(200)
    expect(revoked.body).toEqual({ auth: true, generation: 1, token: expect.any(String), expiresAt: new Date(decodeJwt(editor).exp! * 1000).toISOString() })
    const fresh = revoked.body.token as string
    expect(decodeJwt(fresh)).toMatchObject({ doc: 'notes', role: 'editor', gen: 1, exp: decodeJwt(editor).exp })

    const revokedClose = { code: CloseCode.Unauthorized, reason: 'token revoked' }
    expect(await closeOf(editorSocket)).toEqual(revokedClose)
    expect(await closeOf(viewerSocket)).toEqual(revokedClose)
    expect(adminSocket.ws.readyState).toBe(adminSocket.ws.OPEN)

    for (const old of [editor, annotatorLink.token, viewerLink.token]) {
      expect(await call('/api/docs/notes', old, {}, servers.b)).toEqual({ status: 401, body: { error: 'token revoked', reason: 'revoked' } })
      expect(await closeOf(await open(old))).toEqual(revokedClose)
    }
    expect(await post('/api/docs/notes/revoke', editor, undefined, servers.b)).toEqual({ status: 401, body: { error: 'token revoked', reason: 'revoked' } })

    expect((await call('/api/docs/notes', fresh, {}, servers.b)).status).toBe(200)
    expect(await admitted(await open(fresh))).toBe(true)
    const [, , newViewer] = await shareLinks(fresh, '7d')
    expect(decodeJwt(newViewer.token).gen).toBe(1)
    expect(await admitted(await open(newViewer.token))).toBe(true)
    // A viewer of the current generation may not revoke.
    expect((await post('/api/docs/notes/revoke', newViewer.token)).status).toBe(403)
  })

  it('an admin revokes too and gets an editor token of 7 days; unknown documents answer 404', async () => {
    const before = await signShareToken(SECRET, { doc: 'notes', role: 'viewer', gen: 1 })
    const revoked = await post('/api/docs/notes/revoke', admin)
    expect(revoked.status).toBe(200)
    const claims = decodeJwt(revoked.body.token as string)
    expect([revoked.body.generation, claims.gen, claims.role, claims.exp! - claims.iat!]).toEqual([2, 2, 'editor', 7 * DAY])
    expect((await call('/api/docs/notes', before, {}, servers.b)).status).toBe(401)
    expect(await post('/api/docs/missing/revoke', admin)).toEqual({ status: 404, body: { error: 'document "missing" not found' } })
  })

  it('keeps the generation across a restart: revoked tokens stay revoked', async () => {
    const old = await signShareToken(SECRET, { doc: 'notes', role: 'editor', gen: 1 })
    const current = await signShareToken(SECRET, { doc: 'notes', role: 'editor', gen: 2 })
    await servers.restart()
    expect((await call('/api/docs/notes', old)).status).toBe(401)
    expect(await closeOf(await open(old))).toEqual({ code: CloseCode.Unauthorized, reason: 'token revoked' })
    expect((await call('/api/docs/notes', current, {}, servers.b)).status).toBe(200)
    expect(await admitted(await open(current))).toBe(true)
  })
})

describe('collab server with AUTH=off: revoke', () => {
  it('has nothing to revoke and says so', async () => {
    const dataDir = await makeDataDir()
    const server = await startTestServer(dataDir)
    try {
      await fetch(`${server.httpUrl}/api/docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'open', title: 'Open', format: 'blank' }),
      })
      const response = await fetch(`${server.httpUrl}/api/docs/open/revoke`, { method: 'POST' })
      expect([response.status, await response.json()]).toEqual([200, { auth: false }])
    } finally {
      await server.server.stop()
      await removeDataDir(dataDir)
    }
  })
})
