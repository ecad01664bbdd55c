import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../collab-server/logger'
import { createCollabServer, type CollabServer } from '../../../../collab-server/server'
import { CONTENT_FRAGMENT } from '../../../../editor/model/doc-layout'
import { openCollabSession, type CollabSession } from '../../../../editor/session/collab-session'
import type { ConnectionState } from '../../../../editor/session/connection-state'
import { createDoc } from '../../../integration/support/http-client'
import { makeDataDir, removeDataDir } from '../../../integration/support/test-server'
import { waitFor } from '../../../integration/support/wait'

const user = { id: 'u1', name: 'Ada', color: '#0072B2' }
const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket

describe('openCollabSession connection states', () => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  function open(serverUrl: string | string[], docId: string): { session: CollabSession; states: ConnectionState[] } {
    const states: ConnectionState[] = []
    const random = () => 0
    const session = openCollabSession({ serverUrl, docId, user, random, WebSocketImpl: NodeWebSocket, onStateChange: (state) => states.push(state) })
    cleanups.push(() => session.destroy())
    return { session, states }
  }

  it('syncs with other tabs only through the server, never over a BroadcastChannel', async () => {
    // Nothing listens on this port: whatever reaches the second session came another way.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await once(wss, 'listening')
    const { port } = wss.address() as AddressInfo
    await new Promise<void>((resolve) => wss.close(() => resolve()))
    const first = open(`ws://127.0.0.1:${port}`, 'tabs').session
    const second = open(`ws://127.0.0.1:${port}`, 'tabs').session
    // y-websocket hands BroadcastChannel messages to the other sessions of this process
    // synchronously (lib0's publish calls their subscribers), so nothing needs waiting for.
    first.ydoc.getText('probe').insert(0, 'typed in the first tab')
    expect(first.ydoc.getText('probe').toString()).toBe('typed in the first tab')
    expect(second.ydoc.getText('probe').toString()).toBe('')
  })

  it('shows "server restarting" on a graceful stop (1012) and is connected again after the restart', async () => {
    const dataDir = await makeDataDir()
    cleanups.push(() => removeDataDir(dataDir))
    const first: CollabServer = createCollabServer({ logger: silentLogger, port: 0, host: '127.0.0.1', dataDir })
    const { port } = await first.start()
    const doc = await createDoc(`http://127.0.0.1:${port}`, { title: 'Restart notice', format: 'txt', source: 'Hello there.' })

    const { session, states } = open(`ws://127.0.0.1:${port}`, doc.id)
    expect(session.localCache).toBeNull()
    await waitFor(() => session.getState().status === 'connected', 'the first sync')

    await first.stop()
    await waitFor(() => session.getState().code === 1012, 'the restarting notice')
    expect(session.getState()).toMatchObject({ status: 'reconnecting', code: 1012 })
    expect(session.getState().reason).toMatch(/restarting/)

    const second = createCollabServer({ logger: silentLogger, port, host: '127.0.0.1', dataDir })
    await second.start()
    cleanups.push(() => second.stop())
    await waitFor(() => session.getState().status === 'connected', 'the sync after the restart', 15_000)
    // Failed attempts while the server was down (1006) did not replace the notice.
    const afterStop = states.slice(states.findIndex((state) => state.code === 1012))
    expect(afterStop.map((state) => state.status)).toEqual(['reconnecting', 'connected'])
  })

  it('shows "server busy" when the server closes with 1013 and keeps retrying', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await once(wss, 'listening')
    cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())))
    let attempts = 0
    wss.on('connection', (socket) => {
      attempts++
      socket.close(1013, 'try again later')
    })
    const { session } = open(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, 'busy-doc')
    await waitFor(() => session.getState().code === 1013, 'the busy notice')
    expect(session.getState()).toMatchObject({ status: 'reconnecting', code: 1013 })
    await waitFor(() => attempts >= 2, 'a second attempt')
    expect(session.getState().code).toBe(1013)
  })

  /** A websocket server on a free loopback port that does `onConnection` with each socket; counts them. */
  async function fakeInstance(onConnection: (socket: WebSocket) => void) {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await once(wss, 'listening')
    cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())))
    const record = { connections: 0, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` }
    wss.on('connection', (socket) => {
      record.connections++
      onConnection(socket)
    })
    return record
  }

  async function liveInstance() {
    const dataDir = await makeDataDir()
    cleanups.push(() => removeDataDir(dataDir))
    const server = createCollabServer({ logger: silentLogger, port: 0, host: '127.0.0.1', dataDir })
    const { port } = await server.start()
    cleanups.push(() => server.stop())
    const doc = await createDoc(`http://127.0.0.1:${port}`, { title: 'Failover', format: 'txt', source: 'Hello there.' })
    return { url: `ws://127.0.0.1:${port}`, docId: doc.id }
  }

  it('moves to the next URL of its list when a connection drops before syncing, and syncs there', async () => {
    const dropping = await fakeInstance((socket) => socket.terminate())
    const live = await liveInstance()
    const { session } = open([dropping.url, live.url], live.docId)
    await waitFor(() => session.getState().status === 'connected', 'the sync on the second instance')
    expect(dropping.connections).toBe(1)
    expect(session.provider.serverUrl).toBe(live.url)
    expect(session.ydoc.getXmlFragment(CONTENT_FRAGMENT).toString()).toContain('Hello there.')
  })

  it('moves to the next URL when an instance is gone (connection refused), wrapping round the list', async () => {
    const live = await liveInstance()
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await once(wss, 'listening')
    const deadUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`
    await new Promise<void>((resolve) => wss.close(() => resolve()))
    const { session } = openStartingAt([live.url, deadUrl], live.docId, 0.9)
    await waitFor(() => session.getState().status === 'connected', 'the sync on the live instance')
    expect(session.provider.serverUrl).toBe(live.url)
  })

  it('does not try another instance after a deliberate refusal (4401)', async () => {
    const refusing = await fakeInstance((socket) => socket.close(4401, 'token expired'))
    const other = await fakeInstance(() => {})
    const { session } = open([refusing.url, other.url], 'refused-doc')
    await waitFor(() => session.getState().status === 'refused', 'the refusal')
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(session.getState()).toMatchObject({ status: 'refused', code: 4401, reason: 'token expired' })
    expect(refusing.connections).toBe(1)
    expect(other.connections).toBe(0)
    expect(session.provider.serverUrl).toBe(refusing.url)
  })

  it('shows an idle person again right after a reconnect, without waiting for their presence to be renewed', async () => {
    const dataDir = await makeDataDir()
    cleanups.push(() => removeDataDir(dataDir))
    const first = createCollabServer({ logger: silentLogger, port: 0, host: '127.0.0.1', dataDir })
    const { port } = await first.start()
    const doc = await createDoc(`http://127.0.0.1:${port}`, { title: 'Presence', format: 'txt', source: 'Hello.' })
    const ada = open(`ws://127.0.0.1:${port}`, doc.id).session
    const bea = openCollabSession({ serverUrl: `ws://127.0.0.1:${port}`, docId: doc.id, user: { id: 'u2', name: 'Bea', color: '#D55E00' }, WebSocketImpl: NodeWebSocket })
    cleanups.push(() => bea.destroy())
    await waitFor(() => ada.awareness.getStates().has(bea.ydoc.clientID), 'Ada to see Bea')
    await first.stop()
    await waitFor(() => !ada.awareness.getStates().has(bea.ydoc.clientID), 'Bea’s presence to be dropped with the connection')
    const second = createCollabServer({ logger: silentLogger, port, host: '127.0.0.1', dataDir })
    await second.start()
    cleanups.push(() => second.stop())
    // Bea does nothing: her state is the one she had, at the same clock (renewed only every 15 s).
    await waitFor(() => ada.getState().status === 'connected' && bea.getState().status === 'connected', 'both to reconnect', 10_000)
    await waitFor(() => ada.awareness.getStates().get(bea.ydoc.clientID)?.user?.name === 'Bea', 'Ada to see Bea again', 3000)
  })

  function openStartingAt(serverUrl: string[], docId: string, random: number): { session: CollabSession } {
    const session = openCollabSession({ serverUrl, docId, user, random: () => random, WebSocketImpl: NodeWebSocket })
    cleanups.push(() => session.destroy())
    return { session }
  }
})
