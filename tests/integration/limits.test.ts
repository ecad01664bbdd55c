import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CloseCode } from '../../editor/model/close-codes'
import { encodeMessage } from '../../collab-server/protocol'
import { Room } from '../../collab-server/rooms/room'
import { createDoc, getJson } from './support/http-client'
import { closeOf, openRawSocket, type RawSocket } from './support/raw-socket'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

/** The sync-update frames of `count` paragraphs `${prefix} 0`, `${prefix} 1`, … typed one after another. */
function paragraphFrames(prefix: string, count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const frames: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => frames.push(encodeMessage({ type: 'sync-update', update })))
  for (let i = 0; i < count; i++) appendParagraph(doc, `${prefix} ${i}`)
  return frames
}

/** Opens a raw socket and waits for the server's greeting, i.e. until the document's room is loaded. */
async function openJoined(server: TestServer, docId: string): Promise<RawSocket> {
  const socket = await openRawSocket(server.wsUrl, `/${docId}`)
  await waitFor(() => socket.received.length > 0, `the greeting of ${docId}`)
  return socket
}

/**
 * Follows the rooms of this process as they finish loading and closing (as the registry counts
 * them), keeping the most that were ever in memory at once. Undo with `vi.restoreAllMocks()`.
 */
function watchRoomsInMemory(): { readonly most: number } {
  const live = new Set<Room>()
  let most = 0
  const load = Room.load.bind(Room)
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the spy calls it with .call(this)
  const close = Room.prototype.close
  vi.spyOn(Room, 'load').mockImplementation(async (id, deps) => {
    const room = await load(id, deps)
    if (room) live.add(room)
    most = Math.max(most, live.size)
    return room
  })
  vi.spyOn(Room.prototype, 'close').mockImplementation(async function (this: Room) {
    await close.call(this)
    live.delete(this)
  })
  return {
    get most() {
      return most
    },
  }
}

async function roomsOf(server: TestServer): Promise<number> {
  return ((await getJson(`${server.httpUrl}/healthz`)).body as { rooms: number }).rooms
}

describe('collab server limits', () => {
  let dataDir: string
  let server: TestServer
  const clients: YjsClient[] = []
  const sockets: RawSocket[] = []

  const connect = (docId: string) => {
    const client = connectClient(server.wsUrl, docId)
    clients.push(client)
    return client
  }

  const start = async (options: Parameters<typeof startTestServer>[1]) => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, options)
  }

  afterEach(async () => {
    vi.restoreAllMocks()
    clients.splice(0).forEach((client) => client.destroy())
    sockets.splice(0).forEach((socket) => socket.ws.terminate())
    await server.server.stop()
    await removeDataDir(dataDir)
  })

  describe('update rate limit', () => {
    const BURST = 20
    const FLOOD = 300

    it('closes a flooding client with 1013, keeps what it sent before the limit, and the room usable', async () => {
      await start({ updateRateLimit: 5, updateBurst: BURST })
      await createDoc(server.httpUrl, { id: 'flooded', title: 'Flooded', format: 'blank' })
      const [writer, reader] = [connect('flooded'), connect('flooded')]
      await Promise.all([waitForSynced(writer), waitForSynced(reader)])

      const flood = await openJoined(server, 'flooded')
      sockets.push(flood)
      for (const frame of paragraphFrames('flood', FLOOD)) flood.ws.send(frame)
      expect(await closeOf(flood)).toEqual({ code: CloseCode.RateLimited, reason: 'rate limit exceeded' })
      expect(server.server.refusalCounts().updates['rate-limit']).toBe(1)

      // Messages are handled in order: once this edit arrives, every flood update applied before it has too.
      appendParagraph(writer.doc, 'after the flood')
      await waitFor(() => blockTexts(reader.doc).includes('after the flood'), 'the reader to keep syncing')
      const floodTexts = blockTexts(reader.doc).filter((text) => text.startsWith('flood '))
      expect(floodTexts.length).toBeGreaterThanOrEqual(BURST)
      expect(floodTexts.length).toBeLessThan(FLOOD)
      expect(floodTexts).toEqual(floodTexts.map((_, index) => `flood ${index}`))
      const seen = blockTexts(reader.doc)

      // What was applied was stored: a restarted server serves exactly the same document.
      clients.splice(0).forEach((client) => client.destroy())
      await server.server.stop()
      server = await startTestServer(dataDir)
      const late = connect('flooded')
      await waitForSynced(late)
      expect(blockTexts(late.doc)).toEqual(seen)
    })
  })

  describe('maxRooms', () => {
    it('unloads the least recently used document to load one more, losing nothing', async () => {
      await start({ maxRooms: 2 })
      for (const id of ['lru-a', 'lru-b', 'lru-c']) await createDoc(server.httpUrl, { id, title: id, format: 'blank' })
      const rooms = watchRoomsInMemory()

      const [writer, reader] = [connect('lru-a'), connect('lru-a')]
      await Promise.all([waitForSynced(writer), waitForSynced(reader)])
      appendParagraph(writer.doc, 'kept in A')
      // Relayed only once stored.
      await waitFor(() => blockTexts(reader.doc).includes('kept in A'), 'the edit of A to be stored')
      const holdA = await openJoined(server, 'lru-a')
      sockets.push(holdA)
      clients.splice(0).forEach((client) => client.destroy())

      const holdB = await openJoined(server, 'lru-b')
      const holdC = await openJoined(server, 'lru-c')
      sockets.push(holdB, holdC)
      expect(await closeOf(holdA)).toEqual({ code: CloseCode.ServerAtCapacity, reason: 'document unloaded: server at capacity' })
      expect([holdB.ws.readyState, holdC.ws.readyState]).toEqual([WebSocket.OPEN, WebSocket.OPEN])
      expect(await roomsOf(server)).toBe(2)

      // Reopening A unloads B, now the least recently used; A's content is intact.
      const again = connect('lru-a')
      await waitForSynced(again)
      expect(blockTexts(again.doc)).toContain('kept in A')
      expect((await closeOf(holdB)).code).toBe(CloseCode.ServerAtCapacity)
      expect(holdC.ws.readyState).toBe(WebSocket.OPEN)

      expect(rooms.most).toBe(2)
    })
  })

  describe('pending content', () => {
    it('closes a client whose updates leave more than maxPendingBytes of content the server never got, and drops that content', async () => {
      await start({ maxPendingBytes: 16 })
      await createDoc(server.httpUrl, { id: 'gap', title: 'Gap', format: 'blank' })
      const [writer, reader] = [connect('gap'), connect('gap')]
      await Promise.all([waitForSynced(writer), waitForSynced(reader)])

      // A Y.Doc whose first update is never sent: its second one has a clock gap.
      const gapDoc = new Y.Doc()
      appendParagraph(gapDoc, 'never sent')
      const sent = Y.encodeStateVector(gapDoc)
      appendParagraph(gapDoc, 'refers to the gap')
      const raw = await openJoined(server, 'gap')
      sockets.push(raw)
      raw.ws.send(encodeMessage({ type: 'sync-update', update: Y.encodeStateAsUpdate(gapDoc, sent) }))
      expect(await closeOf(raw)).toEqual({ code: CloseCode.UnknownContent, reason: 'update refers to unknown content' })
      expect(server.server.refusalCounts().updates.unresolvable).toBe(1)

      appendParagraph(writer.doc, 'still syncing')
      await waitFor(() => blockTexts(reader.doc).includes('still syncing'), 'the reader to keep syncing')
      // A joining client gets the room's whole state, pending content included: none is left.
      const late = connect('gap')
      await waitForSynced(late)
      expect(late.doc.store.pendingStructs).toBeNull()
      expect(late.doc.store.pendingDs).toBeNull()
      expect(blockTexts(late.doc)).toEqual(blockTexts(reader.doc))
      expect(blockTexts(late.doc)).not.toContain('refers to the gap')
      expect(blockTexts(late.doc)).toContain('still syncing')
    })
  })
})
