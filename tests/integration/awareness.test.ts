import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { CloseCode } from '../../editor/model/close-codes'
import { closeOf, openRawSocket, type RawSocket } from './support/raw-socket'
import { SERVER_KINDS, startServers, type TestServers } from './support/server-kinds'
import type { TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { connectClient, waitForSynced, type YjsClient } from './support/yjs-client'
import { rawAwarenessFrame } from '../unit/collab-server/support/raw-awareness'

const SECRET = 'integration-secret-that-is-long-enough-42'
const ADA = { name: 'Ada', color: '#0072B2' }
const BOB = { name: 'Bob', color: '#D55E00' }
const MALLORY = { name: 'Mallory', color: '#CC79A7' }
const MALLORY_ID = 900

/** Every awareness client id a client has ever held a state for, and the states it saw. */
function watchAwareness(client: YjsClient) {
  const seen = new Set<number>()
  const record = () => client.provider.awareness.getStates().forEach((_state, id) => seen.add(id))
  client.provider.awareness.on('change', record)
  record()
  return seen
}

// Alice and Bob on instance A, Mallory on instance B: what B refuses never reaches A.
describe.each(SERVER_KINDS)('collab server, %s: awareness is checked (AUTH=on, a hostile viewer)', (kind) => {
  let servers: TestServers
  const clients: YjsClient[] = []
  const raws: RawSocket[] = []

  beforeAll(async () => {
    servers = await startServers(kind, { authSecret: SECRET })
    const response = await fetch(`${servers.a.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await signAdminToken(SECRET)}` },
      body: JSON.stringify({ id: 'presence', title: 'Presence', format: 'blank' }),
    })
    expect(response.status).toBe(201)
  })

  afterEach(() => {
    clients.splice(0).forEach((client) => client.destroy())
    raws.splice(0).forEach((raw) => raw.ws.terminate())
  })

  afterAll(async () => {
    await servers.stop()
  })

  async function editor(user: typeof ADA, at: TestServer = servers.a): Promise<YjsClient> {
    const client = connectClient(at.wsUrl, 'presence', { token: await signShareToken(SECRET, { doc: 'presence', role: 'editor' }) })
    clients.push(client)
    await waitForSynced(client)
    client.provider.awareness.setLocalStateField('user', user)
    return client
  }

  async function viewerSocket(): Promise<RawSocket> {
    const token = await signShareToken(SECRET, { doc: 'presence', role: 'viewer' })
    const raw = await openRawSocket(servers.b.wsUrl, `/presence?token=${token}`)
    raws.push(raw)
    return raw
  }

  it('lets a viewer publish its own presence, drops its forgeries, and closes it for fakes and bad states', async () => {
    const alice = await editor(ADA)
    const bob = await editor(BOB)
    const aliceId = alice.doc.clientID
    const seenByBob = watchAwareness(bob)
    await waitFor(() => bob.provider.awareness.getStates().has(aliceId), 'alice to appear at bob')

    const mallory = await viewerSocket()
    mallory.ws.send(rawAwarenessFrame([MALLORY_ID, 1, JSON.stringify({ user: MALLORY })]))
    // Forge Alice's presence, then remove it: both dropped, and Mallory stays connected.
    mallory.ws.send(rawAwarenessFrame([aliceId, 1000, JSON.stringify({ user: { name: 'Ada (forged)', color: '#000000' } })]))
    mallory.ws.send(rawAwarenessFrame([aliceId, 1001, 'null']))
    // Handled in order: once this arrives, the forgeries above were handled too.
    mallory.ws.send(rawAwarenessFrame([MALLORY_ID, 2, JSON.stringify({ user: { ...MALLORY, name: 'Mallory 2' } })]))
    await waitFor(
      () => (bob.provider.awareness.getStates().get(MALLORY_ID) as { user?: { name: string } } | undefined)?.user?.name === 'Mallory 2',
      'mallory’s own presence at bob',
    )
    expect(bob.provider.awareness.getStates().get(aliceId)).toEqual({ user: ADA })
    expect(alice.provider.awareness.getStates().get(MALLORY_ID)).toEqual({ user: { ...MALLORY, name: 'Mallory 2' } })
    expect(mallory.ws.readyState).toBe(mallory.ws.OPEN)

    // 300 fake users: closed, none of them applied.
    const fakeState = JSON.stringify({ user: { name: 'Fake', color: '#000000' } })
    mallory.ws.send(rawAwarenessFrame(...Array.from({ length: 300 }, (_, index): [number, number, string] => [5000 + index, 1, fakeState])))
    expect(await closeOf(mallory)).toEqual({ code: CloseCode.TooManyAwarenessClients, reason: 'too many awareness client ids (at most 4 per connection)' })
    await waitFor(() => !bob.provider.awareness.getStates().has(MALLORY_ID), 'mallory’s presence to go with her')

    // A name that is a number, and a 100 KB state: 4422, nothing relayed.
    const numberName = await viewerSocket()
    numberName.ws.send(rawAwarenessFrame([901, 1, '{"user":{"name":12345}}']))
    expect(await closeOf(numberName)).toEqual({
      code: CloseCode.MalformedMessage,
      reason: 'malformed message: awareness state user.name: Invalid input: expected string, received number',
    })
    const huge = await viewerSocket()
    huge.ws.send(rawAwarenessFrame([902, 1, JSON.stringify({ user: MALLORY, blob: 'x'.repeat(100_000) })]))
    expect(await closeOf(huge)).toEqual({ code: CloseCode.MalformedMessage, reason: 'malformed message: awareness state is 100055 bytes (at most 4096)' })

    // The well-behaved clients echoed everything they received and were never closed.
    const after = await editor({ name: 'Carol', color: '#009E73' }, servers.b)
    await waitFor(() => bob.provider.awareness.getStates().has(after.doc.clientID), 'carol to appear at bob')
    expect(alice.closes).toEqual([])
    expect(bob.closes).toEqual([])
    expect([...seenByBob].sort()).toEqual([aliceId, bob.doc.clientID, MALLORY_ID, after.doc.clientID].sort())
    expect(bob.provider.awareness.getStates().get(aliceId)).toEqual({ user: ADA })
    expect([...after.provider.awareness.getStates().keys()].sort()).toEqual([aliceId, bob.doc.clientID, after.doc.clientID].sort())
  })
})
