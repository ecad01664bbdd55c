import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../collab-server/logger'
import { createCollabServer, type CollabServer } from '../../../../collab-server/server'
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

  function open(serverUrl: string, docId: string): { session: CollabSession; states: ConnectionState[] } {
    const states: ConnectionState[] = []
    const session = openCollabSession({ serverUrl, docId, user, WebSocketImpl: NodeWebSocket, onStateChange: (state) => states.push(state) })
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
})
