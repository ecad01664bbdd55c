import { decodeJwt } from 'jose'
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { CloseCode } from '../../editor/model/close-codes'
import { decodeMessage, encodeMessage } from '../../collab-server/protocol'
import { addComment, readAnnotation, readAnnotations, updateAnnotation } from '../../editor/model/annotation-store'
import { annotateInBlock } from './support/annotations'
import { fetchStoredDoc } from './support/http-client'
import { SERVER_KINDS, startServers, type TestServers } from './support/server-kinds'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor, within } from './support/wait'
import { appendParagraph, blockTexts, connectClient, contentFragment, contentXml } from './support/yjs-client'

const SECRET = 'integration-secret-that-is-long-enough-42'
const OTHER_SECRET = 'not-the-server-secret-but-long-enough-4242'
type Role = 'editor' | 'annotator' | 'viewer'

/** A y-websocket client that passes `token` as the `token` query parameter. */
interface Client {
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  readonly closes: Array<{ code: number; reason: string }>
}

/** A raw socket, for exact close codes and hand-made frames. */
interface Raw {
  readonly ws: WebSocket
  readonly frames: Uint8Array[]
  readonly closed: Promise<{ code: number; reason: string }>
}

// Victims on instance A, the attacker on instance B: refused there, never relayed to A.
describe.each(SERVER_KINDS)('collab server with AUTH=on, %s: websockets', (kind) => {
  let servers: TestServers
  const clients: Client[] = []
  const raws: Raw[] = []
  let adminToken: string

  const share = (doc: string, role: Role, ttl?: string) => signShareToken(SECRET, { doc, role, ttl })

  function connect(docId: string, token: string | null, at: TestServer = servers.a): Client {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(at.wsUrl, docId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: token === null ? {} : { token },
    })
    const closes: Client['closes'] = []
    provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason })
    })
    const client = { doc, provider, closes }
    clients.push(client)
    return client
  }

  async function openRaw(path: string, headers: Record<string, string> = {}): Promise<Raw> {
    const ws = new WebSocket(`${servers.b.wsUrl}${path}`, { headers })
    const frames: Uint8Array[] = []
    ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)))
    ws.on('error', () => {})
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
    await within(new Promise((resolve) => ws.once('open', resolve)), `${path} to open`)
    const raw = { ws, frames, closed }
    raws.push(raw)
    return raw
  }

  const closeOf = (raw: Raw) => within(raw.closed, 'the socket to close')
  const synced = (client: Client) => waitFor(() => client.provider.synced, 'the client to sync')
  const stopped = (client: Client) => waitFor(() => client.closes.length > 0 && !client.provider.shouldConnect, 'the provider to give up')

  async function createDoc(id: string, title: string): Promise<void> {
    const response = await fetch(`${servers.a.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ id, title, format: 'blank' }),
    })
    expect(response.status).toBe(201)
  }

  /** The stored document, read over HTTP with the admin token. */
  const storedDoc = (id: string) => fetchStoredDoc(servers.a.httpUrl, id, adminToken)

  beforeAll(async () => {
    servers = await startServers(kind, { authSecret: SECRET })
    adminToken = await signAdminToken(SECRET)
    await createDoc('shared', 'Shared')
    await createDoc('elsewhere', 'Elsewhere')
  })

  afterEach(() => {
    clients.splice(0).forEach((client) => {
      client.provider.destroy()
      client.doc.destroy()
    })
    raws.splice(0).forEach((raw) => raw.ws.terminate())
  })

  afterAll(async () => {
    await servers.stop()
  })

  it('syncs text between two editors', async () => {
    const [alice, bob] = [connect('shared', await share('shared', 'editor')), connect('shared', await share('shared', 'editor'), servers.b)]
    await Promise.all([synced(alice), synced(bob)])
    appendParagraph(alice.doc, 'typed by an editor')
    await waitFor(() => blockTexts(bob.doc).includes('typed by an editor'), 'the edit to reach bob')
    expect(blockTexts(await storedDoc('shared'))).toContain('typed by an editor')
  })

  it('lets a viewer read, and closes it with 4409 on its first change, storing nothing', async () => {
    const editor = connect('shared', await share('shared', 'editor'))
    const viewer = connect('shared', await share('shared', 'viewer'), servers.b)
    await Promise.all([synced(editor), synced(viewer)])
    expect(contentXml(viewer.doc)).toBe(contentXml(editor.doc))
    const storedBefore = contentXml(await storedDoc('shared'))

    appendParagraph(viewer.doc, 'a viewer wrote this')
    await stopped(viewer)
    expect(viewer.closes).toEqual([{ code: CloseCode.UpdateRefused, reason: 'update refused: viewers cannot change the document (this update changes prosemirror)' }])
    expect(contentXml(await storedDoc('shared'))).toBe(storedBefore)
    // The editor stays connected, never sees the viewer's text, and keeps editing.
    appendParagraph(editor.doc, 'editor still works')
    await waitFor(async () => blockTexts(await storedDoc('shared')).includes('editor still works'), 'the editor to be stored')
    expect(editor.closes).toEqual([])
    expect(blockTexts(editor.doc)).not.toContain('a viewer wrote this')
    expect(contentXml(await storedDoc('shared'))).toBe(contentXml(editor.doc))
    expect(servers.b.server.refusalCounts().updates['read-only']).toBeGreaterThanOrEqual(1)
  })

  it("syncs an annotator's annotation record, and a comment added later to it, to an editor", async () => {
    const editor = connect('shared', await share('shared', 'editor'))
    const annotator = connect('shared', await share('shared', 'annotator'), servers.b)
    await Promise.all([synced(editor), synced(annotator)])
    annotateInBlock(annotator.doc, 0, 'Shared', { id: 'ann-1', type: 'claim', attrs: { verdict: 'unreviewed' } })
    await waitFor(() => editor.doc.getMap('annotations').has('ann-1'), 'the annotation to reach the editor')
    // A later change writes new entries into the record that is already there.
    addComment(annotator.doc, 'ann-1', { id: 'annotator', name: 'Annotator' }, 'a comment')
    updateAnnotation(annotator.doc, 'ann-1', { attrs: { verdict: 'false' } })
    const readBy = (doc: Y.Doc) => {
      const read = readAnnotation(doc, 'ann-1')
      return read !== null && 'record' in read ? read.record : null
    }
    await waitFor(
      () => readBy(editor.doc)?.comments.length === 1 && (readBy(editor.doc)?.attrs as { verdict?: string } | undefined)?.verdict === 'false',
      'the comment and the verdict to reach the editor',
    )
    expect(annotator.closes).toEqual([])
    expect(readBy(editor.doc)).toMatchObject({ type: 'claim', exact: 'Shared', attrs: { verdict: 'false' }, comments: [{ text: 'a comment', author: { id: 'annotator' } }] })
    expect(readBy(editor.doc)).toEqual(readBy(annotator.doc))
    await waitFor(async () => readBy(await storedDoc('shared'))?.comments.length === 1, 'the comment to be stored')
    expect(readAnnotations(await storedDoc('shared'))).toEqual({ records: [readBy(annotator.doc)], invalid: [] })
  })

  it('refuses an annotator that types into the prosemirror fragment; the text is never stored', async () => {
    const annotator = connect('shared', await share('shared', 'annotator'), servers.b)
    await synced(annotator)
    const heading = contentFragment(annotator.doc).get(0) as Y.XmlElement
    ;(heading.get(0) as Y.XmlText).insert(0, 'INJECTED ')
    await stopped(annotator)
    expect(annotator.closes).toEqual([
      {
        code: 4409,
        reason: 'update refused: annotators can only change annotations (this update changes prosemirror)',
      },
    ])
    expect(contentXml(await storedDoc('shared'))).not.toContain('INJECTED')
    const fresh = connect('shared', await share('shared', 'editor'))
    await synced(fresh)
    expect(contentXml(fresh.doc)).not.toContain('INJECTED')
  })

  it('sends a permission-denied message before closing a refused update', async () => {
    const raw = await openRaw(`/shared?token=${await share('shared', 'annotator')}`)
    await waitFor(() => raw.frames.length > 0, 'the server greeting')
    const writer = new Y.Doc()
    writer.getMap('meta').set('title', 'Hijacked')
    raw.ws.send(encodeMessage({ type: 'sync-update', update: Y.encodeStateAsUpdate(writer) }))
    const reason = 'annotators can only change annotations (this update changes meta)'
    expect(await closeOf(raw)).toEqual({ code: 4409, reason: `update refused: ${reason}` })
    const messages = raw.frames.map((frame) => {
      const result = decodeMessage(frame)
      return result.ok ? result.message : null
    })
    expect(messages.at(-1)).toEqual({ type: 'auth-permission-denied', reason })
    // The wire format is y-protocols' auth message: type 2, permission denied 0, then the reason.
    const decoder = decoding.createDecoder(raw.frames.at(-1)!)
    expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder), decoding.readVarString(decoder)]).toEqual([2, 0, reason])
    expect((await storedDoc('shared')).getMap('meta').get('title')).toBe('Shared')
  })

  it.each<[string, () => Promise<string>, { code: number; reason: string }]>([
    ['no token', async () => '/shared', { code: 4401, reason: 'missing token' }],
    ['a malformed token', async () => '/shared?token=not-a-jwt', { code: 4401, reason: 'malformed token' }],
    [
      'an expired token',
      async () => `/shared?token=${await signShareToken(SECRET, { doc: 'shared', role: 'editor', ttl: '1s', now: new Date(Date.now() - 10_000) })}`,
      { code: 4401, reason: 'token expired' },
    ],
    ['a forged token', async () => `/shared?token=${await signShareToken(OTHER_SECRET, { doc: 'shared', role: 'editor' })}`, { code: 4401, reason: 'invalid token signature' }],
    [
      "another document's token",
      async () => `/shared?token=${await signShareToken(SECRET, { doc: 'elsewhere', role: 'editor' })}`,
      { code: 4403, reason: 'token is for another document' },
    ],
    [
      "another document's token, for a document that does not exist",
      async () => `/missing?token=${await signShareToken(SECRET, { doc: 'elsewhere', role: 'editor' })}`,
      { code: 4403, reason: 'token is for another document' },
    ],
  ])('closes a socket with %s', async (_name, path, close) => {
    const raw = await openRaw(await path())
    expect(await closeOf(raw)).toEqual(close)
    expect(raw.frames).toEqual([])
  })

  it('makes a y-websocket provider with a bad token stop reconnecting', async () => {
    const client = connect('shared', await signShareToken(OTHER_SECRET, { doc: 'shared', role: 'editor' }), servers.b)
    await stopped(client)
    expect(client.closes).toEqual([{ code: 4401, reason: 'invalid token signature' }])
  })

  it('refuses a browser page of another origin with 4403, before looking at the token', async () => {
    const token = await share('shared', 'editor')
    const foreign = await openRaw(`/shared?token=${token}`, { origin: 'http://evil.example' })
    expect(await closeOf(foreign)).toEqual({ code: 4403, reason: 'origin not allowed' })
    const sameHost = await openRaw(`/shared?token=${token}`, { origin: 'http://127.0.0.1:23100' })
    await waitFor(() => sameHost.frames.length > 0, 'the same-host page to be greeted')
    const counts = servers.b.server.refusalCounts()
    expect(counts.connections.origin).toBeGreaterThanOrEqual(1)
  })

  it('counts refusals by reason', async () => {
    const before = servers.b.server.refusalCounts()
    expect(await closeOf(await openRaw('/shared'))).toEqual({ code: 4401, reason: 'missing token' })
    expect(servers.b.server.refusalCounts().connections.missing).toBe(before.connections.missing + 1)
  })
})

describe('collab server with AUTH=on: a token that expires while its socket is open', () => {
  it('closes the socket with 4401 "token expired" at the first ping after, and the provider stops; a valid token stays', async () => {
    const dataDir = await makeDataDir()
    const server = await startTestServer(dataDir, { authSecret: SECRET, pingIntervalMs: 200 })
    const providers: WebsocketProvider[] = []
    try {
      const created = await fetch(`${server.httpUrl}/api/docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await signAdminToken(SECRET)}` },
        body: JSON.stringify({ id: 'expiring', title: 'Expiring', format: 'blank' }),
      })
      expect(created.status).toBe(201)
      const short = await signShareToken(SECRET, { doc: 'expiring', role: 'editor', ttl: '2s' }) // expires in 1–2 s
      const long = await signShareToken(SECRET, { doc: 'expiring', role: 'editor' })
      const closes: Array<Array<{ code: number; reason: string }>> = [[], []]
      for (const [index, token] of [short, long].entries()) {
        const provider = new WebsocketProvider(server.wsUrl, 'expiring', new Y.Doc(), {
          WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
          disableBc: true,
          params: { token },
        })
        provider.on('connection-close', (event) => event && closes[index].push({ code: event.code, reason: event.reason }))
        providers.push(provider)
      }
      await waitFor(() => providers.every((provider) => provider.synced), 'both to sync')
      await waitFor(() => closes[0].length > 0 && !providers[0].shouldConnect, 'the expired provider to give up', 5_000)
      expect(Date.now()).toBeGreaterThanOrEqual(decodeJwt(short).exp! * 1000)
      expect(closes[0]).toEqual([{ code: CloseCode.Unauthorized, reason: 'token expired' }])
      // A round trip through the other connection after the expiry: its next edit reaches a fresh
      // client, so the server still had it open (a close would have come first, and be recorded).
      appendParagraph(providers[1].doc, 'after the expiry')
      const checker = connectClient(server.wsUrl, 'expiring', { token: long })
      try {
        await waitFor(() => blockTexts(checker.doc).includes('after the expiry'), 'the edit of the long-lived connection to reach another client')
      } finally {
        checker.destroy()
      }
      expect(closes[1]).toEqual([])
      expect(providers[1].wsconnected).toBe(true)
    } finally {
      providers.forEach((provider) => provider.destroy())
      await server.server.stop()
      await removeDataDir(dataDir)
    }
  })
})

describe('collab server with AUTH=off', () => {
  it('lets every client edit without a token, and ignores one given', async () => {
    const dataDir = await makeDataDir()
    const server = await startTestServer(dataDir)
    try {
      const created = await fetch(`${server.httpUrl}/api/docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'open', title: 'Open', format: 'blank' }),
      })
      expect(created.status).toBe(201)
      expect((await fetch(`${server.httpUrl}/api/docs`)).status).toBe(200)
      expect((await fetch(`${server.httpUrl}/api/docs/open/state?token=garbage`)).status).toBe(200)
      const docs = [new Y.Doc(), new Y.Doc()]
      const providers = docs.map(
        (doc, index) =>
          new WebsocketProvider(server.wsUrl, 'open', doc, {
            WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
            disableBc: true,
            params: index === 0 ? {} : { token: 'garbage' },
          }),
      )
      await waitFor(() => providers.every((provider) => provider.synced), 'both to sync')
      appendParagraph(docs[1], 'no token needed')
      await waitFor(() => blockTexts(docs[0]).includes('no token needed'), 'the edit to sync')
      providers.forEach((provider) => provider.destroy())
      expect(server.server.refusalCounts().updates).toEqual({ 'read-only': 0, 'outside-annotations': 0, unresolvable: 0, 'foreign-client': 0, 'invalid-shape': 0, 'rate-limit': 0 })
    } finally {
      await server.server.stop()
      await removeDataDir(dataDir)
    }
  })
})
