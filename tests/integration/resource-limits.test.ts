import { resolve } from 'node:path'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { CloseCode } from '../../editor/model/close-codes'
import { encodeMessage } from '../../collab-server/protocol'
import { createDoc } from './support/http-client'
import { spawnMainDirect, type ServerProcess } from './support/process'
import { closeOf, openRawSocket, type RawSocket } from './support/raw-socket'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor, within } from './support/wait'
import { appendParagraph, blockTexts, connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

const MiB = 1024 * 1024
const CONTENT_DIR = resolve(import.meta.dirname, '../../content')
const READY_LINE = /listening on http:\/\/127\.0\.0\.1:(\d+) /
const SECRET = 'resource-limits-test-secret-0123456789abcdef'

/** `count` sync-update frames of one client typing into one paragraph, each `chars` characters. */
function typingFrames(count: number, chars = 1): Uint8Array[] {
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

/** A metric's value in a Prometheus text answer (the first sample whose labels contain `labels`). */
function metric(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((entry) => entry.startsWith(name) && entry.includes(labels) && !entry.startsWith('#'))
  return Number(line?.split(' ').at(-1) ?? Number.NaN)
}

async function storedBytes(httpUrl: string, docId: string, token?: string): Promise<number> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  const response = await fetch(`${httpUrl}/api/docs/${docId}/state`, { headers })
  expect(response.status).toBe(200)
  return (await response.arrayBuffer()).byteLength
}

describe('collab server resource limits', () => {
  let dataDir: string | null = null
  let server: TestServer | null = null
  let child: ServerProcess | null = null
  const clients: YjsClient[] = []
  const sockets: RawSocket[] = []

  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy())
    sockets.splice(0).forEach((socket) => socket.ws.terminate())
    if (child && child.child.exitCode === null) child.child.kill('SIGKILL')
    await server?.server.stop()
    if (dataDir) await removeDataDir(dataDir)
    ;[dataDir, server, child] = [null, null, null]
  })

  it('survives 100 connections bursting tiny updates within their own limit, closing the offenders, not the room', { timeout: 180_000 }, async () => {
    dataDir = await makeDataDir()
    const heapLimitMiB = 192
    child = spawnMainDirect({
      COLLAB_PORT: '0',
      COLLAB_HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CONTENT_DIR,
      AUTH: 'off',
      LOG_LEVEL: 'error',
      NODE_OPTIONS: `--max-old-space-size=${heapLimitMiB}`,
    })
    const running = child
    await waitFor(() => READY_LINE.test(running.stdout), 'the ready line', 15_000)
    const port = READY_LINE.exec(running.stdout)?.[1]
    const [httpUrl, wsUrl] = [`http://127.0.0.1:${port}`, `ws://127.0.0.1:${port}`]
    await createDoc(httpUrl, { id: 'flood', title: 'Flood', format: 'blank' })
    const [bystander, watcher] = [connectClient(wsUrl, 'flood'), connectClient(wsUrl, 'flood')]
    clients.push(bystander, watcher)
    await Promise.all([waitForSynced(bystander, 15_000), waitForSynced(watcher, 15_000)])

    // 100 annotator-sized connections that never read, each sending 400 tiny updates at once (its own
    // burst allows 500): 40,000 updates, each relayed to 101 peers.
    const attackers: RawSocket[] = []
    for (let i = 0; i < 100; i++) attackers.push(await openRawSocket(wsUrl, '/flood'))
    sockets.push(...attackers)
    for (const attacker of attackers) (attacker.ws as unknown as { _socket: { pause(): void } })._socket.pause()
    for (const attacker of attackers) for (const frame of typingFrames(400)) attacker.ws.send(frame)

    appendParagraph(bystander.doc, 'the bystander still gets through')
    await waitFor(() => blockTexts(watcher.doc).includes('the bystander still gets through'), "the bystander's edit to arrive", 60_000)
    expect(running.child.exitCode).toBeNull()
    const metrics = await (await fetch(`${httpUrl}/metrics`)).text()
    expect(metric(metrics, 'nodejs_heap_size_used_bytes')).toBeLessThan((heapLimitMiB / 2) * MiB)
    expect(metric(metrics, 'spanwise_limited_connections_total', 'reason="shared-rate-limit"')).toBeGreaterThan(0)

    // Read again: every attacker the server closed (the ones that used more than their share) sees how.
    const seen: Array<{ code: number; reason: string }> = []
    for (const attacker of attackers) void attacker.closed.then((close) => seen.push(close))
    for (const attacker of attackers) (attacker.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    const openOnServer = async () => metric(await (await fetch(`${httpUrl}/metrics`)).text(), 'spanwise_connections') - 2
    await waitFor(async () => seen.length === attackers.length - (await openOnServer()), 'the closed attackers to see their close', 30_000)
    const closes = seen
    const documented = [
      JSON.stringify({ code: CloseCode.RateLimited, reason: 'rate limit exceeded' }),
      JSON.stringify({ code: CloseCode.SlowConsumer, reason: 'slow consumer' }),
      JSON.stringify({ code: CloseCode.ServerBusy, reason: 'server busy' }),
      JSON.stringify({ code: CloseCode.Backlogged, reason: 'too many messages waiting to be applied' }),
      JSON.stringify({ code: 1006, reason: '' }), // a shed socket that did not read its close frame in time is dropped
    ]
    const closedByLimit = closes.filter((close) => close.code !== 1006).length
    expect(closes.map((close) => JSON.stringify(close)).filter((close) => !documented.includes(close))).toEqual([])
    expect(closedByLimit).toBeGreaterThan(0)
    expect([bystander.closes, watcher.closes]).toEqual([[], []])
    running.child.kill('SIGTERM')
    expect(await within(running.exited, 'the server to stop', 15_000)).toBe(0)
  })

  it('closes a connection sending 40 frames of 7.5 MiB by its byte rate, having stored at most its burst', async () => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, { maxMessageBytes: 8 * MiB, maxQueuedIncomingBytes: 64 * MiB })
    await createDoc(server.httpUrl, { id: 'bulk', title: 'Bulk', format: 'blank' })
    const bulk = await openRawSocket(server.wsUrl, '/bulk')
    sockets.push(bulk)
    const doc = new Y.Doc()
    doc.on('update', (update: Uint8Array) => {
      if (bulk.ws.readyState === bulk.ws.OPEN) bulk.ws.send(encodeMessage({ type: 'sync-update', update }))
    })
    const text = new Y.XmlText()
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [text])
    doc.getXmlFragment('prosemirror').push([paragraph])
    for (let i = 0; i < 40 && bulk.ws.readyState === bulk.ws.OPEN; i++) {
      text.insert(text.length, 'y'.repeat(7.5 * MiB - 64))
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(await closeOf(bulk, 30_000)).toEqual({ code: CloseCode.RateLimited, reason: 'rate limit exceeded' })
    // The 16 MiB burst lets two 7.5 MiB frames through, not a third.
    await waitFor(async () => (await storedBytes(server!.httpUrl, 'bulk')) > 15 * MiB - 1024, 'the admitted frames to be stored')
    expect(await storedBytes(server.httpUrl, 'bulk')).toBeLessThan(16 * MiB)
    expect(server.server.refusalCounts().updates['rate-limit']).toBe(1)
  })

  it('refuses an update past the document size quota with 4413, still serving and shrinking the full document', async () => {
    dataDir = await makeDataDir()
    const quota = 20_000
    server = await startTestServer(dataDir, { maxDocumentBytes: quota })
    await createDoc(server.httpUrl, { id: 'full', title: 'Full', format: 'blank' })
    const filler = await openRawSocket(server.wsUrl, '/full')
    sockets.push(filler)
    await waitFor(() => filler.received.length > 0, 'the greeting')
    for (const frame of typingFrames(100, 500)) filler.ws.send(frame)
    expect(await closeOf(filler)).toEqual({ code: CloseCode.DocumentTooLarge, reason: 'document size quota exceeded' })
    const stored = await storedBytes(server.httpUrl, 'full')
    expect(stored).toBeLessThanOrEqual(quota)

    // A client that adds nothing syncs; deleting text is taken; adding more is refused.
    const reader = connectClient(server.wsUrl, 'full')
    clients.push(reader)
    await waitForSynced(reader)
    const paragraph = reader.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement
    reader.doc.transact(() => (paragraph.get(0) as Y.XmlText).delete(0, 1000))
    const shortened = (paragraph.get(0) as Y.XmlText).length
    const other = connectClient(server.wsUrl, 'full')
    clients.push(other)
    await waitFor(
      () => ((other.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement | undefined)?.get(0) as Y.XmlText | undefined)?.length === shortened,
      'the deletion to arrive',
    )
    expect(reader.closes).toEqual([])
    appendParagraph(reader.doc, 'z'.repeat(quota))
    await waitFor(() => reader.closes.length > 0, 'the reader to be refused')
    expect(reader.closes[0]).toEqual({ code: CloseCode.DocumentTooLarge, reason: 'document size quota exceeded' })
  })

  it('refuses connections past the caps per address and per document with 1013 and a reason', async () => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, { maxConnectionsPerAddress: 3, maxConnectionsPerDocument: 2 })
    for (const id of ['a', 'b']) await createDoc(server.httpUrl, { id, title: id, format: 'blank' })
    const open = [await openRawSocket(server.wsUrl, '/a'), await openRawSocket(server.wsUrl, '/a')]
    sockets.push(...open)
    const third = await openRawSocket(server.wsUrl, '/a')
    expect(await closeOf(third)).toEqual({ code: CloseCode.TooManyConnections, reason: 'too many connections to this document' })
    open.push(await openRawSocket(server.wsUrl, '/b'))
    sockets.push(open[2])
    const fourth = await openRawSocket(server.wsUrl, '/b')
    expect(await closeOf(fourth)).toEqual({ code: CloseCode.TooManyConnections, reason: 'too many connections from this address' })
    open[0].ws.close()
    await closeOf(open[0])
    const again = await openRawSocket(server.wsUrl, '/a')
    sockets.push(again)
    await waitFor(() => again.received.length > 0, 'the greeting of a connection admitted again')
  })

  it("closes neither an editor typing fast nor a viewer token's 100 connections sending sync requests: no budget is shared by a document", { timeout: 30_000 }, async () => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, { authSecret: SECRET })
    const admin = await signAdminToken(SECRET)
    const created = await fetch(`${server.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ id: 'crowd', title: 'Crowd', format: 'blank' }),
    })
    expect(created.status).toBe(201)
    const [viewerLink, editorLink] = [await signShareToken(SECRET, { doc: 'crowd', role: 'viewer' }), await signShareToken(SECRET, { doc: 'crowd', role: 'editor' })]
    const [editor, watcher] = [connectClient(server.wsUrl, 'crowd', { token: editorLink }), connectClient(server.wsUrl, 'crowd', { token: editorLink })]
    clients.push(editor, watcher)
    await Promise.all([waitForSynced(editor), waitForSynced(watcher)])
    const viewers: RawSocket[] = []
    for (let i = 0; i < 100; i++) viewers.push(await openRawSocket(server.wsUrl, `/crowd?token=${viewerLink}`))
    sockets.push(...viewers)
    const viewerCloses: Array<{ code: number; reason: string }> = []
    for (const viewer of viewers) void viewer.closed.then((close) => viewerCloses.push(close))

    // For 4 s: each viewer asks for the document 5 times a second (500/s, within its token's budget
    // of 1000/s), and the editor types 10 keys a second (within its own 100/s).
    const step1 = encodeMessage({ type: 'sync-step-1', stateVector: Y.encodeStateVector(new Y.Doc()) })
    const typed: string[] = []
    for (let tick = 0; tick < 40; tick++) {
      if (tick % 2 === 0) for (const viewer of viewers) viewer.ws.send(step1)
      typed.push(`key ${tick}`)
      appendParagraph(editor.doc, typed.at(-1)!)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await waitFor(() => typed.every((text) => blockTexts(watcher.doc).includes(text)), 'every keystroke to reach the watcher', 10_000)
    expect([editor.closes, watcher.closes, viewerCloses]).toEqual([[], [], []])
  })

  it('refuses connections past the cap per token while another token still connects', async () => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, { authSecret: SECRET, maxConnectionsPerToken: 2 })
    const admin = await signAdminToken(SECRET)
    const created = await fetch(`${server.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ id: 'shared', title: 'Shared', format: 'blank' }),
    })
    expect(created.status).toBe(201)
    const [link, otherLink] = [await signShareToken(SECRET, { doc: 'shared', role: 'annotator' }), await signShareToken(SECRET, { doc: 'shared', role: 'viewer' })]
    sockets.push(await openRawSocket(server.wsUrl, `/shared?token=${link}`), await openRawSocket(server.wsUrl, `/shared?token=${link}`))
    const third = await openRawSocket(server.wsUrl, `/shared?token=${link}`)
    expect(await closeOf(third)).toEqual({ code: CloseCode.TooManyConnections, reason: 'too many connections with this token' })
    const other = await openRawSocket(server.wsUrl, `/shared?token=${otherLink}`)
    sockets.push(other)
    await waitFor(() => other.received.length > 0, 'the greeting of another token')
  })
})
