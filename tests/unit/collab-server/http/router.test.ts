import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { MetricsEndpoint } from '../../../../collab-server/http/metrics'
import { createRequestListener } from '../../../../collab-server/http/router'
import { silentLogger } from '../../../../collab-server/logger'
import { MemoryStore } from '../support/memory-store'

describe('HTTP router failures', () => {
  let server: Server | null = null

  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve))
    server = null
  })

  async function serve(store: MemoryStore, metrics?: MetricsEndpoint): Promise<string> {
    const listener = createRequestListener({
      store,
      stats: () => ({ rooms: 2, connections: 3 }),
      logger: silentLogger,
      maxBodyBytes: 1024,
      metrics,
    })
    server = createServer(listener)
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  const get = async (url: string) => {
    const response = await fetch(url)
    return { status: response.status, body: await response.json() }
  }

  it('answers /healthz 200 with the counters when the store answers', async () => {
    const url = await serve(new MemoryStore())
    expect(await get(`${url}/healthz`)).toEqual({
      status: 200,
      body: { status: 'ok', store: 'ok', rooms: 2, connections: 3 },
    })
  })

  it('answers /healthz 503 with the reason while the store says its writes fail, 200 again once they work', async () => {
    const store = new MemoryStore()
    store.failAppends = true
    const url = await serve(store)
    expect(await get(`${url}/healthz`)).toEqual({
      status: 503,
      body: { status: 'error', store: 'error', reason: 'write failed: disk full', rooms: 2, connections: 3 },
    })
    store.failAppends = false
    expect((await get(`${url}/healthz`)).status).toBe(200)
  })

  it('answers 500 JSON when a handler fails, and keeps serving', async () => {
    const store = new MemoryStore()
    store.listDocuments = async () => {
      throw new Error('boom')
    }
    const url = await serve(store)
    expect(await get(`${url}/api/docs`)).toEqual({ status: 500, body: { error: 'internal error' } })
    expect((await get(`${url}/healthz`)).status).toBe(200)
  })

  it('answers /metrics with the endpoint text and content type, and 404 without an endpoint', async () => {
    const metrics = { contentType: 'text/plain; version=0.0.4; charset=utf-8', render: async () => 'spanwise_rooms 2\n' }
    const response = await fetch(`${await serve(new MemoryStore(), metrics)}/metrics`)
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8', 'spanwise_rooms 2\n'])
    await new Promise((resolve) => server?.close(resolve))
    expect((await get(`${await serve(new MemoryStore())}/metrics`)).status).toBe(404)
  })
})
