import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../editor/model/close-codes'
import { createDoc, getJson } from './support/http-client'
import { closeOf, openRawSocket } from './support/raw-socket'
import { SERVER_KINDS, startServers, type TestServers } from './support/server-kinds'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

const MAX_MESSAGE_BYTES = 64 * 1024

const MALFORMED_FRAMES: Array<[string, Uint8Array | string]> = [
  ['a truncated varUint', Uint8Array.of(0x80)],
  ['an unknown message type', Uint8Array.of(0x09, 0x00)],
  ['an unknown sync message type', Uint8Array.of(0x00, 0x07, 0x00)],
  ['a payload longer than the frame', Uint8Array.of(0x00, 0x02, 0x10, 0x01)],
  ['an update that is not a Yjs update', Uint8Array.of(0x00, 0x02, 0x03, 0xff, 0xff, 0xff)],
  ['an awareness update that is not JSON', Uint8Array.of(0x01, 0x05, 0x01, 0x01, 0x01, 0x01, 0x7b)],
  ['trailing bytes', Uint8Array.of(0x03, 0x00)],
  ['a text frame', 'hello'],
]

// The bad sockets on instance B; the writer on instance A, the reader on B.
describe.each(SERVER_KINDS)('collab server, %s: one bad client never hurts the others', (kind) => {
  let servers: TestServers
  const clients: YjsClient[] = []

  beforeAll(async () => {
    servers = await startServers(kind, { maxMessageBytes: MAX_MESSAGE_BYTES })
    await createDoc(servers.a.httpUrl, { id: 'victim', title: 'Victim', format: 'blank' })
    await createDoc(servers.a.httpUrl, { id: 'bystander', title: 'Bystander', format: 'blank' })
  })

  afterEach(() => {
    clients.splice(0).forEach((client) => client.destroy())
  })

  afterAll(async () => {
    await servers.stop()
  })

  it.each(MALFORMED_FRAMES)('closes only the socket that sent %s (4422)', async (_name, frame) => {
    const writer = connectClient(servers.a.wsUrl, 'bystander')
    const reader = connectClient(servers.b.wsUrl, 'bystander')
    // A client of the same document as the bad socket, on the bad socket's instance.
    const neighbour = connectClient(servers.b.wsUrl, 'victim')
    clients.push(writer, reader, neighbour)
    await Promise.all([waitForSynced(writer), waitForSynced(reader), waitForSynced(neighbour)])

    const bad = await openRawSocket(servers.b.wsUrl, '/victim')
    bad.ws.send(frame)
    const close = await closeOf(bad)
    expect(close.code).toBe(CloseCode.MalformedMessage)
    expect(close.reason).toMatch(/^malformed message: /)

    const before = blockTexts(reader.doc).length
    appendParagraph(writer.doc, 'still syncing')
    await waitFor(() => blockTexts(reader.doc).length === before + 1, 'the bystander room to keep syncing')
    expect(blockTexts(reader.doc).at(-1)).toBe('still syncing')
    expect(neighbour.closes).toEqual([])
    const health = await getJson(`${servers.b.httpUrl}/healthz`)
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({ status: 'ok', store: 'ok' })
  })

  it('closes a socket whose frame exceeds maxMessageBytes with 1009', async () => {
    const big = await openRawSocket(servers.b.wsUrl, '/victim')
    big.ws.send(new Uint8Array(MAX_MESSAGE_BYTES + 1))
    expect((await closeOf(big)).code).toBe(CloseCode.MessageTooLarge)
    expect((await getJson(`${servers.b.httpUrl}/healthz`)).status).toBe(200)
  })

  it('closes with 4404 for a document that does not exist, and the client stops reconnecting', async () => {
    const raw = await openRawSocket(servers.b.wsUrl, '/no-such-doc?token=abc')
    expect(await closeOf(raw)).toEqual({ code: 4404, reason: 'document not found' })

    const client = connectClient(servers.b.wsUrl, 'no-such-doc')
    clients.push(client)
    await waitFor(() => client.closes.length > 0 && !client.provider.shouldConnect, 'the provider to give up')
    expect(client.closes).toEqual([{ code: 4404, reason: 'document not found' }])
  })

  it.each([
    ['an id with a space', '/bad%20id'],
    ['an id of 65 characters', `/${'a'.repeat(65)}`],
    ['two path segments', '/victim/extra'],
    ['no id', '/'],
  ])('closes with 4400 for %s', async (_name, path) => {
    const raw = await openRawSocket(servers.b.wsUrl, path)
    expect(await closeOf(raw)).toEqual({ code: 4400, reason: 'bad document id' })
  })

  it('reports rooms and connections in /healthz', async () => {
    const client = connectClient(servers.b.wsUrl, 'victim')
    clients.push(client)
    await waitForSynced(client)
    const health = () => getJson(`${servers.b.httpUrl}/healthz`)
    // Rooms of earlier tests unload asynchronously once their last socket has closed.
    await waitFor(async () => ((await health()).body as { rooms: number }).rooms === 1, 'earlier rooms to unload')
    const cluster = kind === 'two instances' ? { cluster: 'connected' } : {}
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', store: 'ok', rooms: 1, connections: 1, ...cluster } })
  })
})
