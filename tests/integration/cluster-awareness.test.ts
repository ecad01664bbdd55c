import { afterEach, describe, expect, inject, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { startTestCluster, type TestCluster } from './support/cluster'
import { moveClient } from './support/cluster-edits'
import { openRawSocket, type RawSocket } from './support/raw-socket'
import { waitFor } from './support/wait'
import { connectClient, waitForSynced, type YjsClient } from './support/yjs-client'
import { rawAwarenessFrame } from '../unit/collab-server/support/raw-awareness'

const SECRET = 'cluster-awareness-secret-long-enough-42'
const ADA = { name: 'Ada', color: '#0072B2' }
const BOB = { name: 'Bob', color: '#D55E00' }
const FORGED = { name: 'Ada (forged)', color: '#000000' }
const MALLORY_ID = 424242

type Instance = TestCluster['instances'][number]

describe('presence across instances (AUTH=on)', () => {
  let cluster: TestCluster | null = null
  const clients: YjsClient[] = []
  const raws: RawSocket[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    for (const raw of raws.splice(0)) raw.ws.terminate()
    await cluster?.dispose()
    cluster = null
  })

  async function person(instance: Instance, docId: string, token: string, user: typeof ADA): Promise<YjsClient> {
    const client = connectClient(instance.wsUrl, docId, { token })
    clients.push(client)
    await waitForSynced(client, 10_000)
    client.provider.awareness.setLocalStateField('user', user)
    return client
  }

  const userAt = (observer: YjsClient, clientId: number) => (observer.provider.awareness.getStates().get(clientId) as { user?: { name: string } } | undefined)?.user?.name

  it('shows a presence on every instance, removes it when the person leaves, keeps it when they move, and refuses forgeries', async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 3, { authSecret: SECRET })
    const [a, b, c] = cluster.instances as [Instance, Instance, Instance]
    const admin = await signAdminToken(SECRET)
    const docId = 'presence-cluster'
    const created = await fetch(`${a.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ id: docId, title: 'Presence', format: 'blank' }),
    })
    expect(created.status).toBe(201)
    // Distinct lifetimes: distinct tokens, so distinct principals.
    const adaToken = await signShareToken(SECRET, { doc: docId, role: 'editor', ttl: '1h' })
    const bobToken = await signShareToken(SECRET, { doc: docId, role: 'editor', ttl: '2h' })
    const malloryToken = await signShareToken(SECRET, { doc: docId, role: 'editor', ttl: '3h' })

    const ada = await person(a, docId, adaToken, ADA)
    const bobOnB = await person(b, docId, bobToken, BOB)
    const bobOnC = await person(c, docId, bobToken, BOB)
    const adaId = ada.doc.clientID
    for (const observer of [bobOnB, bobOnC]) await waitFor(() => userAt(observer, adaId) === 'Ada', 'Ada’s presence on another instance', 10_000)
    await waitFor(() => userAt(ada, bobOnB.doc.clientID) === 'Bob' && userAt(ada, bobOnC.doc.clientID) === 'Bob', 'B’s and C’s people on A', 10_000)

    // A client of another principal on B forges Ada's presence (newer clock), then removes it.
    const mallory = await openRawSocket(b.wsUrl, `/${docId}?token=${malloryToken}`)
    raws.push(mallory)
    mallory.ws.send(rawAwarenessFrame([adaId, 1000, JSON.stringify({ user: FORGED })]))
    mallory.ws.send(rawAwarenessFrame([adaId, 1001, 'null']))
    mallory.ws.send(rawAwarenessFrame([MALLORY_ID, 1, JSON.stringify({ user: { name: 'Mallory', color: '#000000' } })]))
    // Handled in order on B: once Mallory's own state is on C and A, the forgeries were handled.
    for (const observer of [ada, bobOnC]) await waitFor(() => userAt(observer, MALLORY_ID) === 'Mallory', 'Mallory’s own presence elsewhere', 10_000)
    for (const observer of [bobOnB, bobOnC]) expect(userAt(observer, adaId), 'Ada’s presence after the forgery').toBe('Ada')

    // Ada moves from A to B (same token, same page): her presence stays everywhere.
    await moveClient(ada, b.wsUrl)
    await waitFor(() => ada.provider.wsconnected, 'Ada to reach B', 10_000)
    // Once a later presence change of B's has reached C, A's removal of Ada has too (published before B saw her).
    bobOnB.provider.awareness.setLocalStateField('user', { ...BOB, name: 'Bob 2' })
    await waitFor(() => userAt(bobOnC, bobOnB.doc.clientID) === 'Bob 2' && userAt(ada, bobOnB.doc.clientID) === 'Bob 2', 'Bob’s change on C and at Ada', 10_000)
    // A removed her state at her current clock; B has her announce it again with a newer one.
    for (const observer of [bobOnB, bobOnC]) await waitFor(() => userAt(observer, adaId) === 'Ada', 'Ada’s presence back after her move, with no change of hers', 10_000)
    ada.provider.awareness.setLocalStateField('user', { ...ADA, name: 'Ada on B' })
    for (const observer of [bobOnB, bobOnC]) await waitFor(() => userAt(observer, adaId) === 'Ada on B', 'Ada’s later change after her move', 10_000)
    expect(ada.closes.filter((close) => close.code !== 1000 && close.code !== 1005)).toEqual([])

    // Ada leaves: her presence goes on every instance.
    ada.destroy()
    for (const observer of [bobOnB, bobOnC]) await waitFor(() => !observer.provider.awareness.getStates().has(adaId), 'Ada’s presence to go', 10_000)
    expect(bobOnB.closes).toEqual([])
    expect(bobOnC.closes).toEqual([])
  }, 40_000)

  it('removes a presence on the other instances when its client disconnects from A', async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 2, { authSecret: SECRET })
    const [a, b] = cluster.instances as [Instance, Instance]
    const admin = await signAdminToken(SECRET)
    const docId = 'presence-leave'
    await fetch(`${a.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ id: docId, title: 'Leave', format: 'blank' }),
    })
    const token = await signShareToken(SECRET, { doc: docId, role: 'editor' })
    const ada = await person(a, docId, token, ADA)
    const bob = await person(b, docId, token, BOB)
    await waitFor(() => userAt(bob, ada.doc.clientID) === 'Ada', 'Ada on B', 10_000)
    // The socket goes without the client removing its own state (a tab that lost its network).
    ada.provider.disconnect()
    await waitFor(() => !bob.provider.awareness.getStates().has(ada.doc.clientID), 'Ada’s presence to leave B', 10_000)
  }, 30_000)
})
