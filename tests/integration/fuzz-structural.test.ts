import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { CloseCode } from '../../editor/model/close-codes'
import { readAnnotations } from '../../editor/model/annotation-store'
import { Random } from './support/fuzz-frames'
import { fetchStoredDoc } from './support/http-client'
import { closeOf, openRawSocket, type RawSocket } from './support/raw-socket'
import { structuralFrame, type AttackKind, type DocView } from './support/structural-attacks'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, connectClient, contentFragment, contentXml, waitForSynced, type YjsClient } from './support/yjs-client'

/** Replay a failure with `FUZZ_SEED=<printed seed>`. */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 32)
const SECRET = 'structural-fuzz-secret-that-is-long-enough'
const TARGET_FRAMES = Number(process.env.STRUCT_FRAMES ?? 1_500)
const ATTACKERS = 4
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

  async function attack(random: Random, token: string, view: () => DocView, budget: { remaining: number }) {
    const closeCodes: Record<number, number> = {}
    const byKind: Partial<Record<AttackKind, number>> = {}
    const own = random.int(1_000_000, 2 ** 31)
    let socket: RawSocket | null = null
    while (budget.remaining > 0) {
      if (socket && socket.ws.readyState !== WebSocket.OPEN) {
        const { code } = await closeOf(socket)
        closeCodes[code] = (closeCodes[code] ?? 0) + 1
        socket = null
      }
      socket ??= await openRawSocket(server.wsUrl, `/${DOC}?token=${token}`)
      const { kind, frame } = structuralFrame(random, view(), own)
      budget.remaining -= 1
      byKind[kind] = (byKind[kind] ?? 0) + 1
      socket.ws.send(frame)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    if (socket) {
      socket.ws.close()
      await closeOf(socket)
    }
    return { closeCodes, byKind }
  }

  it(`keeps the text, the presence and the readers intact through ${TARGET_FRAMES} structural attacks (seed ${SEED})`, async () => {
    console.log(`structural fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED})`)
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
    const random = new Random(SEED)
    const typing = setInterval(() => appendParagraph(random.next() < 0.5 ? alice.doc : bob.doc, `typed ${random.int(0, 999)} words`), 30)
    const budget = { remaining: TARGET_FRAMES }
    const results = await Promise.all(Array.from({ length: ATTACKERS }, (_, index) => attack(new Random(SEED + index * 7919), annotatorToken, view, budget)))
    clearInterval(typing)

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
    expect(contentFragment(stored).length).toBeGreaterThan(1)
    for (const block of contentFragment(stored).toArray().slice(1)) expect(block.toString()).toMatch(/^<paragraph>typed \d+ words<\/paragraph>$/)
    // Readers read every record without recursing into anything: only the attackers' own valid records are there.
    const { records, invalid } = readAnnotations(stored)
    expect(records).toEqual([])
    expect(invalid.filter((entry) => !entry.id.startsWith('own-'))).toEqual([])
    // Alice's presence was neither forged nor removed, and no attacker's fake crowd reached bob.
    await waitFor(() => (bob.provider.awareness.getStates().get(alice.doc.clientID) as { user?: { name?: string } } | undefined)?.user?.name === 'Alice', 'bob to see Alice')
    expect([...bob.provider.awareness.getStates().values()].filter((state) => (state as { user?: { name?: string } }).user?.name?.startsWith('fake')).length).toBeLessThanOrEqual(4 * ATTACKERS)
  }, 120_000)
})
