import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../editor/model/close-codes'
import { decodeMessage } from '../../collab-server/protocol'
import { DonorDoc, Random, fuzzFrame, type FrameKind } from './support/fuzz-frames'
import { announceSeed, fuzzSeed } from './support/fuzz-seed'
import { createDoc, fetchStoredDoc, getJson } from './support/http-client'
import { closeOf, openRawSocket, type RawSocket } from './support/raw-socket'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, connectClient, contentFragment, contentXml, waitForSynced, type YjsClient } from './support/yjs-client'

/** Replay a failure with `FUZZ_SEED=<printed seed>`: each socket then sends the same frames. */
const SEED = fuzzSeed()
const FUZZ_SOCKETS = 6
const FRAMES_PER_SOCKET = 1_700
const TARGET_FRAMES = FUZZ_SOCKETS * FRAMES_PER_SOCKET
const EDIT_INTERVAL_MS = 40
const DOC_A = 'fuzz-a'
const DOC_B = 'fuzz-b'

interface FuzzStats {
  sent: number
  connections: number
  byKind: Partial<Record<FrameKind, number>>
  closeCodes: Record<number, number>
}

/** Sorted `[client, clock]` pairs: comparable across docs whatever the encoding order. */
function stateVectorOf(doc: Y.Doc): Array<[number, number]> {
  return [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0])
}

/**
 * A data directory in memory when /dev/shm exists: durability is not what this test checks, and
 * an fsync per applied update would make the run time depend on the disk.
 */
async function makeMemoryDataDir(): Promise<string> {
  return existsSync('/dev/shm') ? mkdtemp(join('/dev/shm', 'spanwise-fuzz-')) : makeDataDir()
}

const storedDoc = fetchStoredDoc

/** The XmlText of the paragraph at `index`, which the good clients edit concurrently. */
function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  return (contentFragment(doc).get(index) as Y.XmlElement).get(0) as Y.XmlText
}

/** Each client inserts or deletes a few characters of `texts[i]` every few ms until stopped. */
function startEditing(texts: Y.XmlText[], random: Random): { stop: () => void; edits: () => number } {
  let edits = 0
  const timers = texts.map((text, index) =>
    setInterval(() => {
      edits += 1
      if (text.length > 4 && random.next() < 0.25) text.delete(random.int(0, text.length - 3), random.int(1, 2))
      else text.insert(random.int(0, text.length), `${'ab'[index]}${edits} `)
    }, EDIT_INTERVAL_MS),
  )
  return { stop: () => timers.forEach(clearInterval), edits: () => edits }
}

describe('collab server: fuzzed y-protocol frames', () => {
  let dataDir: string
  let server: TestServer
  const clients: YjsClient[] = []
  const sockets: RawSocket[] = []
  const processErrors: unknown[] = []
  const recordError = (error: unknown) => processErrors.push(error)

  beforeAll(async () => {
    process.on('uncaughtException', recordError)
    process.on('unhandledRejection', recordError)
    dataDir = await makeMemoryDataDir()
    server = await startTestServer(dataDir)
    await createDoc(server.httpUrl, { id: DOC_A, title: 'Fuzz A', format: 'blank' })
    await createDoc(server.httpUrl, { id: DOC_B, title: 'Fuzz B', format: 'blank' })
  })

  afterAll(async () => {
    clients.splice(0).forEach((client) => client.destroy())
    sockets.splice(0).forEach((socket) => socket.ws.terminate())
    await server.server.stop()
    await removeDataDir(dataDir)
    process.off('uncaughtException', recordError)
    process.off('unhandledRejection', recordError)
  })

  /**
   * Sends `count` fuzz frames on one socket, reconnecting whenever the server closed it. A frame the
   * server's decoder rejects is followed by waiting for the close, so every counted frame is one
   * the server really read (not one dropped because its socket was already closing).
   */
  async function fuzzSocket(random: Random, count: number): Promise<FuzzStats> {
    const donor = new DonorDoc(random)
    const stats: FuzzStats = { sent: 0, connections: 0, byKind: {}, closeCodes: {} }
    let socket: RawSocket | null = null
    const awaitClose = async (open: RawSocket) => {
      const { code } = await closeOf(open)
      stats.closeCodes[code] = (stats.closeCodes[code] ?? 0) + 1
    }
    while (stats.sent < count) {
      if (socket && socket.ws.readyState !== WebSocket.OPEN) {
        await awaitClose(socket)
        socket = null
      }
      if (!socket) {
        socket = await openRawSocket(server.wsUrl, `/${random.next() < 0.7 ? DOC_A : DOC_B}`)
        stats.connections += 1
      }
      const { kind, frame } = fuzzFrame(random, donor)
      stats.sent += 1
      stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1
      socket.ws.send(frame)
      if (!decodeMessage(frame).ok) {
        await awaitClose(socket)
        socket = null
      } else if (stats.sent % 10 === 0) {
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    if (socket) {
      socket.ws.close()
      await closeOf(socket)
    }
    donor.destroy()
    return stats
  }

  it(`keeps serving and converging through ${TARGET_FRAMES} hostile frames (seed ${SEED})`, async () => {
    announceSeed('fuzz', SEED)
    const alice = connectClient(server.wsUrl, DOC_A)
    const bob = connectClient(server.wsUrl, DOC_A)
    clients.push(alice, bob)
    await Promise.all([waitForSynced(alice), waitForSynced(bob)])
    appendParagraph(alice.doc, 'shared ')
    await waitFor(() => contentXml(bob.doc) === contentXml(alice.doc), 'bob to see the shared paragraph')
    const sharedIndex = contentFragment(alice.doc).length - 1
    // Keeps doc B loaded, so fuzz connections to it do not each load and unload the room.
    sockets.push(await openRawSocket(server.wsUrl, `/${DOC_B}`))

    // Held by reference: donor paragraphs that land before it shift its index.
    const shared = [paragraphText(alice.doc, sharedIndex), paragraphText(bob.doc, sharedIndex)]
    const editing = startEditing(shared, new Random(SEED ^ 0x5eed))
    const perSocket = await Promise.all(Array.from({ length: FUZZ_SOCKETS }, (_, index) => fuzzSocket(new Random(SEED + index * 7919), FRAMES_PER_SOCKET)))
    editing.stop()

    const sent = perSocket.reduce((sum, stats) => sum + stats.sent, 0)
    const closeCodes: Record<number, number> = {}
    for (const stats of perSocket) {
      for (const [code, count] of Object.entries(stats.closeCodes)) closeCodes[Number(code)] = (closeCodes[Number(code)] ?? 0) + count
    }
    console.log(JSON.stringify({ seed: SEED, sent, edits: editing.edits(), closeCodes, perSocket }))
    expect(sent, `seed ${SEED}`).toBe(TARGET_FRAMES)
    // Every hostile socket was closed as malformed: no handler threw (1011) and nothing else failed.
    expect(Object.keys(closeCodes), `seed ${SEED}`).toEqual([String(CloseCode.MalformedMessage)])
    expect(processErrors, `seed ${SEED}`).toEqual([])

    const health = await getJson(`${server.httpUrl}/healthz`)
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({ status: 'ok', store: 'ok' })

    await waitFor(
      () => contentXml(alice.doc) === contentXml(bob.doc) && JSON.stringify(stateVectorOf(alice.doc)) === JSON.stringify(stateVectorOf(bob.doc)),
      `the good clients to converge (seed ${SEED})`,
      10_000,
    )
    expect(stateVectorOf(bob.doc)).toEqual(stateVectorOf(alice.doc))
    expect(alice.closes, 'the good clients were never disconnected').toEqual([])
    expect(bob.closes).toEqual([])
    expect(shared[0].length).toBeGreaterThan(0)
    expect(shared[1].toString()).toBe(shared[0].toString())

    const stored = await storedDoc(server.httpUrl, DOC_A)
    expect(contentXml(stored), `seed ${SEED}`).toBe(contentXml(alice.doc))
    expect(stateVectorOf(stored)).toEqual(stateVectorOf(alice.doc))
    const fresh = connectClient(server.wsUrl, DOC_A)
    clients.push(fresh)
    await waitForSynced(fresh)
    expect(contentXml(fresh.doc), `seed ${SEED}`).toBe(contentXml(alice.doc))
    await storedDoc(server.httpUrl, DOC_B)
    expect(processErrors, `seed ${SEED}`).toEqual([])
  }, 150_000)
})
