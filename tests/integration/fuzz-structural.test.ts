import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { CloseCode } from '../../editor/model/close-codes'
import { readAnnotations } from '../../editor/model/annotation-store'
import { Random } from './support/fuzz-frames'
import { announceSeed, fuzzSeed } from './support/fuzz-seed'
import { fetchStoredDoc } from './support/http-client'
import { closeOf, openRawSocket, type RawSocket } from './support/raw-socket'
import { structuralFrame, type AttackKind, type DocView } from './support/structural-attacks'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, connectClient, contentFragment, contentXml, waitForSynced, type YjsClient } from './support/yjs-client'

/** Replay a failure with `FUZZ_SEED=<printed seed>`: the attackers then send the same frames. */
const SEED = fuzzSeed()
const SECRET = 'structural-fuzz-secret-that-is-long-enough'
const ATTACKERS = 4
const FRAMES_PER_ATTACKER = Math.ceil(Number(process.env.STRUCT_FRAMES ?? 1_500) / ATTACKERS)
const TARGET_FRAMES = ATTACKERS * FRAMES_PER_ATTACKER
/** The editors type a paragraph after every this many attack frames (of all attackers together). */
const FRAMES_PER_TYPED_PARAGRAPH = 15
const DOC = 'structural'

describe('collab server with AUTH=on: structural attacks by annotators', () => {
  let dataDir: string
  let server: TestServer
  let adminToken: string
  const clients: YjsClient[] = []
  const processErrors: unknown[] = []
  const recordError = (error: unknown) => processErrors.push(error)

  beforeAll(async () => {
    process.on('uncaughtException', recordError)
    process.on('unhandledRejection', recordError)
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, { authSecret: SECRET, ...(process.env.STRUCT_LOG ? { logger: (await import('../../collab-server/logger')).createJsonLogger() } : {}) })
    adminToken = await signAdminToken(SECRET)
    const response = await fetch(`${server.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ id: DOC, title: 'Structural', format: 'txt', source: 'Shared paragraph.' }),
    })
    expect(response.status).toBe(201)
  })

  afterAll(async () => {
    clients.splice(0).forEach((client) => client.destroy())
    await server.server.stop()
    await removeDataDir(dataDir)
    process.off('uncaughtException', recordError)
    process.off('unhandledRejection', recordError)
  })

  /**
   * Sends `count` attack frames over annotator sockets, reconnecting whenever the server closed one;
   * `onSent` runs after each frame.
   */
  async function attack(random: Random, token: string, view: () => DocView, count: number, onSent: () => void) {
    const closeCodes: Record<number, number> = {}
    const byKind: Partial<Record<AttackKind, number>> = {}
    const own = random.int(1_000_000, 2 ** 31)
    let socket: RawSocket | null = null
    for (let sent = 0; sent < count; sent++) {
      if (socket && socket.ws.readyState !== WebSocket.OPEN) {
        const { code } = await closeOf(socket)
        closeCodes[code] = (closeCodes[code] ?? 0) + 1
        socket = null
      }
      socket ??= await openRawSocket(server.wsUrl, `/${DOC}?token=${token}`)
      const { kind, frame } = structuralFrame(random, view(), own)
      byKind[kind] = (byKind[kind] ?? 0) + 1
      socket.ws.send(frame)
      onSent()
      // One turn of the event loop: the editors' clients take in what the server relayed, so the
      // next frame aims at their current clocks.
      await new Promise((resolve) => setImmediate(resolve))
    }
    if (socket) {
      socket.ws.close()
      await closeOf(socket)
    }
    return { closeCodes, byKind }
  }

  it(`keeps the text, the presence and the readers intact through ${TARGET_FRAMES} structural attacks (seed ${SEED})`, async () => {
    announceSeed('structural fuzz', SEED)
    const editorToken = await signShareToken(SECRET, { doc: DOC, role: 'editor' })
    const annotatorToken = await signShareToken(SECRET, { doc: DOC, role: 'annotator' })
    const alice = connectClient(server.wsUrl, DOC, { token: editorToken })
    const bob = connectClient(server.wsUrl, DOC, { token: editorToken })
    clients.push(alice, bob)
    await Promise.all([waitForSynced(alice), waitForSynced(bob)])
    // As the app does: publishing presence makes each person's Yjs client id theirs before they type.
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#0072b2' })
    bob.provider.awareness.setLocalStateField('user', { name: 'Bob', color: '#d55e00' })
    await waitFor(() => alice.provider.awareness.getStates().has(bob.doc.clientID) && bob.provider.awareness.getStates().has(alice.doc.clientID), 'the editors to see each other')
    const view = (): DocView => ({
      victims: [alice, bob].map(({ doc }) => ({ client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) })),
    })
    const typing = new Random(SEED ^ 0x5eed)
    let framesSent = 0
    const typeNow = () => {
      if (++framesSent % FRAMES_PER_TYPED_PARAGRAPH === 0) appendParagraph(typing.next() < 0.5 ? alice.doc : bob.doc, `typed ${typing.int(0, 999)} words`)
    }
    const results = await Promise.all(
      Array.from({ length: ATTACKERS }, (_, index) => attack(new Random(SEED + (index + 1) * 7919), annotatorToken, view, FRAMES_PER_ATTACKER, typeNow)),
    )

    const closeCodes = new Set(results.flatMap((result) => Object.keys(result.closeCodes).map(Number)))
    console.log(JSON.stringify({ seed: SEED, results }))
    expect(processErrors, `seed ${SEED}`).toEqual([])
    for (const code of closeCodes) expect([CloseCode.UpdateRefused, CloseCode.MalformedMessage, CloseCode.RateLimited], `seed ${SEED}`).toContain(code)
    expect(closeCodes.has(CloseCode.UpdateRefused)).toBe(true)

    await waitFor(() => contentXml(alice.doc) === contentXml(bob.doc), `the editors to converge (seed ${SEED})`, 10_000)
    expect(alice.closes, 'the editors were never disconnected').toEqual([])
    expect(bob.closes).toEqual([])
    const stored = await fetchStoredDoc(server.httpUrl, DOC, adminToken)
    // Nothing an attacker sent reached the text, and every paragraph typed is whole.
    expect(contentXml(stored), `seed ${SEED}`).toBe(contentXml(alice.doc))
    expect(contentFragment(stored).length).toBe(1 + Math.floor(TARGET_FRAMES / FRAMES_PER_TYPED_PARAGRAPH))
    for (const block of contentFragment(stored).toArray().slice(1)) expect((block as Y.XmlElement).toString()).toMatch(/^<paragraph>typed \d+ words<\/paragraph>$/)
    // Readers read every record without recursing into anything: only the attackers' own valid records are there.
    const { records, invalid } = readAnnotations(stored)
    expect(records).toEqual([])
    expect(invalid.filter((entry) => !entry.id.startsWith('own-'))).toEqual([])
    // Alice's presence was neither forged nor removed, and no attacker's fake crowd reached bob.
    await waitFor(() => (bob.provider.awareness.getStates().get(alice.doc.clientID) as { user?: { name?: string } } | undefined)?.user?.name === 'Alice', 'bob to see Alice')
    expect([...bob.provider.awareness.getStates().values()].filter((state) => (state as { user?: { name?: string } }).user?.name?.startsWith('fake')).length).toBeLessThanOrEqual(
      4 * ATTACKERS,
    )
  }, 120_000)
})
