import type { IncomingMessage } from 'node:http'
import { Redis } from 'ioredis'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { tokenPrincipal } from '../../collab-server/auth/principal'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { clusterKeys, compareStreamIds, decodeAwarenessMessage, parseStreamFields, type AwarenessMessage, type StreamEntry } from '../../collab-server/cluster/cluster-messages'
import { encodeMessage } from '../../collab-server/protocol'
import { CloseCode } from '../../editor/model/close-codes'
import { readAnnotation, updateAnnotation } from '../../editor/model/annotation-store'
import { rawAwarenessFrame } from '../unit/collab-server/support/raw-awareness'
import { annotateInBlock } from './support/annotations'
import { createDoc, fetchStoredDoc } from './support/http-client'
import { closeOf, openRawSocket, type RawSocket } from './support/raw-socket'
import { startServers, type TestServers } from './support/server-kinds'
import type { TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

const SECRET = 'cluster-security-secret-that-is-long-enough'
const QUOTA = 20_000

/** `count` sync-update frames of one client typing into one paragraph, `chars` characters each. */
function typingFrames(count: number, chars: number): Uint8Array[] {
  const doc = new Y.Doc()
  const frames: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => frames.push(encodeMessage({ type: 'sync-update', update })))
  const text = new Y.XmlText()
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [text])
  doc.getXmlFragment('prosemirror').push([paragraph])
  for (let i = 1; i < count; i++) text.insert(text.length, 'x'.repeat(chars))
  return frames
}

/** The principal the server derives from a websocket's `token` parameter. */
const principalOf = (token: string) => tokenPrincipal({ url: `/doc?token=${token}` } as IncomingMessage)

/** The text {@link typingFrames} types (its paragraph may come before or after the title's). */
function typedText(doc: Y.Doc): Y.XmlText | null {
  for (const block of doc.getXmlFragment('prosemirror').toArray()) {
    const text = block instanceof Y.XmlElement ? block.get(0) : null
    if (text instanceof Y.XmlText && text.toString().startsWith('x')) return text
  }
  return null
}

const typedLength = (doc: Y.Doc) => typedText(doc)?.length ?? 0

/** Stream entries of a document from now on, and awareness messages of its channel, read from Redis directly. */
async function watchRedis(redisUrl: string, docId: string) {
  const commands = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
  const subscriber = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await Promise.all([commands.connect(), subscriber.connect()])
  const key = clusterKeys.updates(docId)
  const [last] = await commands.xrevrange(key, '+', '-', 'COUNT', 1)
  let after = last?.[0] ?? '0-0'
  const entries: StreamEntry[] = []
  const awareness: AwarenessMessage[] = []
  subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
    const decoded = decodeAwarenessMessage(message)
    if (decoded) awareness.push(decoded)
  })
  await subscriber.subscribe(clusterKeys.awareness(docId))
  /** Reads the entries appended since the last call (before the instances trim them). */
  const poll = async (): Promise<StreamEntry[]> => {
    const read = await commands.xrangeBuffer(key, `(${after}`, '+')
    for (const [id, fields] of read) {
      if (compareStreamIds(id.toString(), after) > 0) after = id.toString()
      const parsed = parseStreamFields(fields)
      if (!parsed.ok) throw new Error(`stream entry ${id.toString()}: ${parsed.error}`)
      entries.push(parsed.entry)
    }
    return entries
  }
  return { entries, awareness, poll, close: () => Promise.all([commands.quit(), subscriber.quit()]) }
}

/** The client ids an update writes under. */
const writers = (update: Uint8Array) => [...Y.parseUpdateMeta(update).from.keys()]

describe('two instances with AUTH=on: what one instance must learn from the other', () => {
  let servers: TestServers
  let admin: string
  const clients: YjsClient[] = []
  const sockets: RawSocket[] = []

  const share = (doc: string, role: 'editor' | 'annotator' | 'viewer') => signShareToken(SECRET, { doc, role })
  const connect = async (at: TestServer, docId: string, token: string) => {
    const client = connectClient(at.wsUrl, docId, { token })
    clients.push(client)
    await waitForSynced(client)
    return client
  }
  const open = async (at: TestServer, path: string) => {
    const socket = await openRawSocket(at.wsUrl, path)
    sockets.push(socket)
    return socket
  }
  const newDoc = async (id: string) => {
    const response = await fetch(`${servers.a.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ id, title: id, format: 'blank' }),
    })
    expect(response.status).toBe(201)
  }
  const httpStatus = async (at: TestServer, path: string, token: string, method = 'GET') =>
    (await fetch(`${at.httpUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } })).status

  beforeAll(async () => {
    servers = await startServers('two instances', { authSecret: SECRET, maxDocumentBytes: QUOTA, maxConnectionsPerToken: 2 })
    admin = await signAdminToken(SECRET)
  })

  afterEach(() => {
    clients.splice(0).forEach((client) => client.destroy())
    sockets.splice(0).forEach((socket) => socket.ws.terminate())
  })

  afterAll(async () => {
    await servers.stop()
  })

  it('counts what instance A stored against the document size quota on instance B', async () => {
    await newDoc('full')
    const editorLink = await share('full', 'editor')
    // B holds the document before A fills it: only A's updates, relayed, tell B how large it is.
    const onB = await connect(servers.b, 'full', editorLink)
    const filler = await open(servers.a, `/full?token=${editorLink}`)
    const frames = typingFrames(30, 500)
    for (const frame of frames) filler.ws.send(frame)
    await waitFor(() => typedLength(onB.doc) === 29 * 500, 'A’s text to reach B')
    expect(filler.ws.readyState).toBe(filler.ws.OPEN)

    const onA = await connect(servers.a, 'full', editorLink)
    appendParagraph(onB.doc, 'z'.repeat(QUOTA / 2))
    await waitFor(() => onB.closes.length > 0, 'B to refuse the update past the quota')
    expect(onB.closes[0]).toEqual({ code: CloseCode.DocumentTooLarge, reason: 'document size quota exceeded' })
    // Nothing of it reached A or the store; A still takes a deletion.
    const stored = await fetchStoredDoc(servers.a.httpUrl, 'full', admin)
    expect(blockTexts(stored).some((text) => text.includes('zzz'))).toBe(false)
    typedText(onA.doc)?.delete(0, 1000)
    await waitFor(async () => typedLength(await fetchStoredDoc(servers.a.httpUrl, 'full', admin)) === 29 * 500 - 1000, 'the deletion to be stored')
    expect(blockTexts(onA.doc).some((text) => text.includes('zzz'))).toBe(false)
    expect(onA.closes).toEqual([])
  })

  it('caps connections per token on each instance, not across them', async () => {
    await newDoc('capped')
    const link = await share('capped', 'viewer')
    const greeted = (socket: RawSocket) => waitFor(() => socket.received.length > 0, 'the greeting')
    const onA = [await open(servers.a, `/capped?token=${link}`), await open(servers.a, `/capped?token=${link}`)]
    await Promise.all(onA.map(greeted))
    expect(await closeOf(await open(servers.a, `/capped?token=${link}`))).toEqual({ code: CloseCode.TooManyConnections, reason: 'too many connections with this token' })
    // The cap is per instance (documented in docs/deploy.md): B admits two more with the same token.
    const onB = [await open(servers.b, `/capped?token=${link}`), await open(servers.b, `/capped?token=${link}`)]
    await Promise.all(onB.map(greeted))
    expect(await closeOf(await open(servers.b, `/capped?token=${link}`))).toEqual({ code: CloseCode.TooManyConnections, reason: 'too many connections with this token' })
  })

  it('never lets a token of document X on instance B read document Y, loaded on B or not', async () => {
    await Promise.all([newDoc('doc-x'), newDoc('doc-y')])
    const [xEditor, yEditor] = [await share('doc-x', 'editor'), await share('doc-y', 'editor')]
    const xOnB = await connect(servers.b, 'doc-x', xEditor)
    const yOnA = await connect(servers.a, 'doc-y', yEditor)
    appendParagraph(yOnA.doc, 'secret of Y')
    const yOnB = await connect(servers.b, 'doc-y', yEditor)
    await waitFor(() => blockTexts(yOnB.doc).includes('secret of Y'), 'Y’s text to reach B')

    for (const at of [servers.b, servers.a]) {
      const socket = await open(at, `/doc-y?token=${xEditor}`)
      expect(await closeOf(socket)).toEqual({ code: CloseCode.Forbidden, reason: 'token is for another document' })
      expect(socket.received).toEqual([])
    }
    for (const path of ['/api/docs/doc-y', '/api/docs/doc-y/state']) expect(await httpStatus(servers.b, path, xEditor)).toBe(403)
    expect(await httpStatus(servers.b, '/api/docs/doc-y/revoke', xEditor, 'POST')).toBe(403)
    expect(await httpStatus(servers.b, '/api/docs/doc-y/share', xEditor, 'POST')).toBe(403)
    expect(await httpStatus(servers.b, '/api/docs', xEditor)).toBe(403)
    appendParagraph(xOnB.doc, 'X still syncs')
    await waitFor(async () => blockTexts(await fetchStoredDoc(servers.a.httpUrl, 'doc-x', admin)).includes('X still syncs'), 'X’s text to be stored')
    expect(blockTexts(xOnB.doc)).not.toContain('secret of Y')
    expect(blockTexts(await fetchStoredDoc(servers.a.httpUrl, 'doc-x', admin))).not.toContain('secret of Y')
  })

  it('publishes the principal the server derived from the token, whatever the client sends, and instance A holds B’s writer to it', async () => {
    await newDoc('owned')
    const [annotatorLink, otherAnnotatorLink, editorLink] = [
      await share('owned', 'annotator'),
      // Another link (its own expiry, so its own token): another principal.
      await signShareToken(SECRET, { doc: 'owned', role: 'annotator', ttl: '2d' }),
      await share('owned', 'editor'),
    ]
    const redis = await watchRedis(servers.cluster!.redis.url, 'owned')
    let moved: WebsocketProvider | null = null
    try {
      const editor = await connect(servers.a, 'owned', editorLink)
      const editorPrincipal = principalOf(editorLink)
      // Everything a client could try to name a principal with: ignored.
      const forged = { token: annotatorLink, principal: editorPrincipal ?? '', p: editorPrincipal ?? '', o: 'instance-a' }
      const annotator = connectClient(servers.b.wsUrl, 'owned', forged)
      clients.push(annotator)
      await waitForSynced(annotator)
      annotator.provider.awareness.setLocalStateField('user', { name: 'Annotator', color: '#CC79A7' })
      annotateInBlock(annotator.doc, 0, 'owned', { id: 'mine', type: 'event' })
      await waitFor(() => editor.doc.getMap('annotations').has('mine'), 'the record to reach A')

      const entries = await redis.poll()
      const annotatorEntries = entries.filter((entry) => writers(entry.update).includes(annotator.doc.clientID))
      expect(annotatorEntries.length).toBeGreaterThan(0)
      expect(new Set(annotatorEntries.map((entry) => entry.principal))).toEqual(new Set([principalOf(annotatorLink)]))
      await waitFor(
        () => redis.awareness.some((message) => message.kind === 'update' && message.principal === principalOf(annotatorLink)),
        'the annotator’s presence on the channel',
      )
      expect(redis.awareness.filter((message) => message.kind === 'update').map((message) => message.principal)).not.toContain(editorPrincipal)

      // On A, another annotator link cannot write under the annotator's client id; the same link can.
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(annotator.doc))
      doc.clientID = annotator.doc.clientID
      const before = Y.encodeStateVector(doc)
      doc.getMap('annotations').set('shadow', new Y.Map())
      const other = await open(servers.a, `/owned?token=${otherAnnotatorLink}`)
      other.ws.send(encodeMessage({ type: 'sync-update', update: Y.encodeStateAsUpdate(doc, before) }))
      expect(await closeOf(other)).toEqual({ code: CloseCode.UpdateRefused, reason: 'update refused: it writes under another writer’s client id' })
      // The annotator's page moves to A (a reconnect through the load balancer) and keeps its id.
      annotator.provider.destroy()
      moved = new WebsocketProvider(servers.a.wsUrl, 'owned', annotator.doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        params: { token: annotatorLink },
      })
      const closes: unknown[] = []
      moved.on('connection-close', (event) => closes.push(event))
      await waitFor(() => moved?.synced === true, 'the annotator to sync with A')
      updateAnnotation(annotator.doc, 'mine', { note: 'from A now' })
      const note = (read: ReturnType<typeof readAnnotation>) => (read !== null && 'record' in read ? read.record.note : null)
      await waitFor(async () => note(readAnnotation(await fetchStoredDoc(servers.a.httpUrl, 'owned', admin), 'mine')) === 'from A now', 'the moved annotator’s change to be stored')
      expect(closes).toEqual([])
      expect([...(await fetchStoredDoc(servers.a.httpUrl, 'owned', admin)).getMap('annotations').keys()]).toEqual(['mine'])
    } finally {
      moved?.destroy()
      await redis.close()
    }
  })

  it('drops a viewer’s forged presence of a person on the other instance, and never relays it', async () => {
    await newDoc('presence')
    const editorLink = await share('presence', 'editor')
    const ada = await connect(servers.a, 'presence', editorLink)
    ada.provider.awareness.setLocalStateField('user', { name: 'Ada', color: '#0072B2' })
    const watcherOnB = await connect(servers.b, 'presence', editorLink)
    await waitFor(() => watcherOnB.provider.awareness.getStates().has(ada.doc.clientID), 'Ada’s presence to reach B')
    const mallory = await open(servers.b, `/presence?token=${await share('presence', 'viewer')}`)
    mallory.ws.send(rawAwarenessFrame([ada.doc.clientID, 1000, JSON.stringify({ user: { name: 'Ada (forged)', color: '#000000' } })]))
    mallory.ws.send(rawAwarenessFrame([ada.doc.clientID, 1001, 'null']))
    mallory.ws.send(rawAwarenessFrame([777, 1, JSON.stringify({ user: { name: 'Mallory', color: '#CC79A7' } })]))
    await waitFor(() => ada.provider.awareness.getStates().has(777), 'Mallory’s own presence to reach A')
    expect(ada.provider.awareness.getStates().get(ada.doc.clientID)).toEqual({ user: { name: 'Ada', color: '#0072B2' } })
    expect(watcherOnB.provider.awareness.getStates().get(ada.doc.clientID)).toEqual({ user: { name: 'Ada', color: '#0072B2' } })
    expect(mallory.ws.readyState).toBe(mallory.ws.OPEN)
  })
})

describe('two instances: update rates and connection caps are per instance', () => {
  let servers: TestServers
  const clients: YjsClient[] = []
  const sockets: RawSocket[] = []

  beforeAll(async () => {
    servers = await startServers('two instances', { updateRateLimit: 5, updateBurst: 20, maxConnectionsPerDocument: 2 })
  })

  afterEach(() => {
    clients.splice(0).forEach((client) => client.destroy())
    sockets.splice(0).forEach((socket) => socket.ws.terminate())
  })

  afterAll(async () => {
    await servers.stop()
  })

  it('closes a flooding client on B with 1013; A relays what B applied before, in order, and keeps syncing', async () => {
    await createDoc(servers.a.httpUrl, { id: 'flooded', title: 'Flooded', format: 'blank' })
    const [writer, reader] = [connectClient(servers.a.wsUrl, 'flooded'), connectClient(servers.a.wsUrl, 'flooded')]
    clients.push(writer, reader)
    await Promise.all([waitForSynced(writer), waitForSynced(reader)])
    const flood = await openRawSocket(servers.b.wsUrl, '/flooded')
    sockets.push(flood)
    await waitFor(() => flood.received.length > 0, 'the greeting on B')
    const doc = new Y.Doc()
    const frames: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => frames.push(encodeMessage({ type: 'sync-update', update })))
    for (let i = 0; i < 300; i++) appendParagraph(doc, `flood ${i}`)
    for (const frame of frames) flood.ws.send(frame)
    expect(await closeOf(flood)).toEqual({ code: CloseCode.RateLimited, reason: 'rate limit exceeded' })
    expect(servers.b.server.refusalCounts().updates['rate-limit']).toBe(1)
    expect(servers.a.server.refusalCounts().updates['rate-limit']).toBe(0)

    const floodTexts = () => blockTexts(reader.doc).filter((text) => text.startsWith('flood '))
    await waitFor(() => floodTexts().length >= 20, 'the flood B applied to reach A')
    appendParagraph(writer.doc, 'after the flood')
    await waitFor(() => blockTexts(reader.doc).includes('after the flood'), 'A to keep syncing')
    const stored = blockTexts(await fetchStoredDoc(servers.a.httpUrl, 'flooded')).filter((text) => text.startsWith('flood '))
    await waitFor(() => floodTexts().length === stored.length, 'A to have what B stored')
    expect(floodTexts().length).toBeLessThan(300)
    expect(floodTexts()).toEqual(floodTexts().map((_, index) => `flood ${index}`))
    expect([writer.closes, reader.closes]).toEqual([[], []])
  })

  it('relays to A the last edit of the last client on B, who leaves at once (B unloads the document)', async () => {
    await createDoc(servers.a.httpUrl, { id: 'last-word', title: 'Last word', format: 'blank' })
    const reader = connectClient(servers.a.wsUrl, 'last-word')
    const leaver = connectClient(servers.b.wsUrl, 'last-word')
    clients.push(reader)
    await Promise.all([waitForSynced(reader), waitForSynced(leaver)])
    appendParagraph(leaver.doc, 'the last word')
    leaver.destroy()
    await waitFor(async () => blockTexts(await fetchStoredDoc(servers.a.httpUrl, 'last-word')).includes('the last word'), 'the last word to be stored')
    await waitFor(() => blockTexts(reader.doc).includes('the last word'), 'the last word to reach A')
  })

  it('caps connections per document on each instance: A full does not refuse B', async () => {
    await createDoc(servers.a.httpUrl, { id: 'crowded', title: 'Crowded', format: 'blank' })
    const open = async (at: TestServer) => {
      const socket = await openRawSocket(at.wsUrl, '/crowded')
      sockets.push(socket)
      return socket
    }
    const greeted = (socket: RawSocket) => waitFor(() => socket.received.length > 0, 'the greeting')
    await Promise.all([await open(servers.a), await open(servers.a)].map(greeted))
    expect(await closeOf(await open(servers.a))).toEqual({ code: CloseCode.TooManyConnections, reason: 'too many connections to this document' })
    await Promise.all([await open(servers.b), await open(servers.b)].map(greeted))
    expect(await closeOf(await open(servers.b))).toEqual({ code: CloseCode.TooManyConnections, reason: 'too many connections to this document' })
  })
})
