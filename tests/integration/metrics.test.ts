import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { createDoc } from './support/http-client'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, contentFragment, waitForSynced, type YjsClient } from './support/yjs-client'

const SECRET = 'metrics-integration-secret-long-enough-42'

/** `GET /metrics`: the content type and the sample lines (comments dropped). */
async function scrape(server: TestServer): Promise<{ contentType: string | null; lines: string[] }> {
  const response = await fetch(`${server.httpUrl}/metrics`)
  expect(response.status).toBe(200)
  const lines = (await response.text()).split('\n').filter((line) => line !== '' && !line.startsWith('#'))
  return { contentType: response.headers.get('content-type'), lines }
}

/** The value of the sample named exactly `name` (with its labels), NaN when absent. */
function valueOf(lines: string[], name: string): number {
  const line = lines.find((candidate) => candidate.startsWith(`${name} `))
  return line === undefined ? Number.NaN : Number(line.slice(name.length + 1))
}

describe('GET /metrics', () => {
  const cleanups: Array<() => Promise<void> | void> = []

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function start(authSecret?: string): Promise<TestServer> {
    const dataDir = await makeDataDir()
    const server = await startTestServer(dataDir, { authSecret })
    cleanups.push(
      () => removeDataDir(dataDir),
      () => server.server.stop(),
    )
    return server
  }

  it('counts a client, its room, its applied updates and their store appends', async () => {
    const server = await start()
    await createDoc(server.httpUrl, { id: 'doc', title: 'Doc', format: 'blank' })
    const client: YjsClient = connectClient(server.wsUrl, 'doc')
    cleanups.push(() => client.destroy())
    await waitForSynced(client)
    const edits = ['one', 'two', 'three']
    for (const text of edits) appendParagraph(client.doc, text)
    await waitFor(async () => {
      const state = await fetch(`${server.httpUrl}/api/docs/doc/state`)
      const stored = new Y.Doc()
      Y.applyUpdate(stored, new Uint8Array(await state.arrayBuffer()))
      return edits.every((text) => blockTexts(stored).includes(text))
    }, 'the edits to be stored')

    const { contentType, lines } = await scrape(server)
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(lines).toContain('spanwise_connections 1')
    expect(lines).toContain('spanwise_rooms 1')
    const updates = valueOf(lines, 'spanwise_updates_total')
    expect(updates).toBeGreaterThanOrEqual(edits.length)
    expect(valueOf(lines, 'spanwise_update_bytes_total')).toBeGreaterThan(updates)
    expect(valueOf(lines, 'spanwise_persistence_seconds_count')).toBe(updates)
    expect(valueOf(lines, 'spanwise_persistence_seconds_sum')).toBeGreaterThan(0)
    expect(lines).toContain('spanwise_refused_updates_total{reason="outside-annotations"} 0')

    client.destroy()
    await waitFor(async () => (await scrape(server)).lines.includes('spanwise_connections 0'), 'the connection to be gone')
  })

  it('is open with AUTH=on and counts a refused annotator edit and a refused connection', async () => {
    const server = await start(SECRET)
    const adminToken = await signAdminToken(SECRET)
    const created = await fetch(`${server.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ id: 'shared', title: 'Shared', format: 'blank' }),
    })
    expect(created.status).toBe(201)
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(server.wsUrl, 'shared', doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { token: await signShareToken(SECRET, { doc: 'shared', role: 'annotator' }) },
    })
    cleanups.push(() => provider.destroy())
    await waitFor(() => provider.synced, 'the annotator to sync')
    ;((contentFragment(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'INJECTED ')
    await waitFor(() => !provider.shouldConnect, 'the annotator to be refused')
    const anonymous = new WebSocket(`${server.wsUrl}/shared`)
    await new Promise((resolve) => anonymous.on('close', resolve))

    const { lines } = await scrape(server)
    expect(lines.filter((line) => line.startsWith('spanwise_refused_'))).toEqual([
      'spanwise_refused_updates_total{reason="read-only"} 0',
      'spanwise_refused_updates_total{reason="outside-annotations"} 1',
      'spanwise_refused_updates_total{reason="unresolvable"} 0',
      'spanwise_refused_updates_total{reason="foreign-client"} 0',
      'spanwise_refused_updates_total{reason="invalid-shape"} 0',
      'spanwise_refused_updates_total{reason="rate-limit"} 0',
      'spanwise_refused_connections_total{reason="missing"} 1',
      'spanwise_refused_connections_total{reason="malformed"} 0',
      'spanwise_refused_connections_total{reason="expired"} 0',
      'spanwise_refused_connections_total{reason="forged"} 0',
      'spanwise_refused_connections_total{reason="wrong-document"} 0',
      'spanwise_refused_connections_total{reason="revoked"} 0',
      'spanwise_refused_connections_total{reason="origin"} 0',
    ])
    expect(valueOf(lines, 'spanwise_updates_total')).toBe(0)
  })
})
