import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { startTestCluster, type TestCluster } from './support/cluster'
import { createDoc, getJson } from './support/http-client'
import { DEPLOY_CONFIG_PATH, renderDeployConfig, startDeployNginx, type TestNginx } from './support/nginx'
import type { TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, contentXml, waitForSynced, type YjsClient } from './support/yjs-client'

/** Open websocket connections of an instance, as its own /healthz reports them. */
async function connectionsOf(instance: TestServer): Promise<number> {
  const { body } = await getJson(`${instance.httpUrl}/healthz`)
  return (body as { connections: number }).connections
}

describe('nginx with docs/nginx/spanwise.conf in front of three instances', () => {
  let cluster: TestCluster
  let nginx: TestNginx
  const clients: YjsClient[] = []

  beforeAll(async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 3)
    nginx = await startDeployNginx(cluster.instances.map((instance) => instance.port))
  }, 60_000)
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
  })
  afterAll(async () => {
    await nginx?.stop()
    await cluster?.dispose()
  })

  function connectThroughNginx(docId: string): YjsClient {
    const client = connectClient(nginx.wsUrl, docId)
    clients.push(client)
    return client
  }

  async function everyoneHas(texts: readonly string[], among: readonly YjsClient[]) {
    await waitFor(() => among.every((client) => texts.every((text) => blockTexts(client.doc).includes(text))), `every client to have ${texts.length} paragraphs`, 15_000)
    const first = contentXml(among[0].doc)
    for (const client of among) expect(contentXml(client.doc)).toBe(first)
  }

  it('runs the documented file only: a config without its instance or listen lines is refused', () => {
    const documented = readFileSync(DEPLOY_CONFIG_PATH, 'utf8')
    expect(renderDeployConfig(documented, 8080, [1, 2, 3])).toContain('listen 127.0.0.1:8080;')
    expect(() => renderDeployConfig(documented.replace('listen 80;', 'listen 8000;'), 8080, [1, 2, 3])).toThrow('expected "listen 80;" once, found it 0 times')
    expect(() => renderDeployConfig(documented.replace('server 127.0.0.1:1236 ', 'server 127.0.0.1:1235 '), 8080, [1, 2, 3])).toThrow(
      'expected "server 127.0.0.1:1235 " once, found it 2 times',
    )
  })

  it('passes the HTTP API through and keeps /metrics private', async () => {
    const health = await getJson(`${nginx.httpUrl}/healthz`)
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', store: 'ok', cluster: 'connected' } })
    const created = await createDoc(nginx.httpUrl, { title: 'Through nginx', format: 'txt', source: 'Hello through the proxy.' })
    expect(await getJson(`${nginx.httpUrl}/api/docs/${created.id}`)).toMatchObject({ status: 200, body: { id: created.id, title: 'Through nginx' } })
    // Whichever instance nginx picks, the document is there: they share the database.
    for (const instance of cluster.instances) expect((await getJson(`${instance.httpUrl}/api/docs/${created.id}`)).status).toBe(200)
    expect((await fetch(`${nginx.httpUrl}/metrics`)).status).toBe(404)
    expect((await fetch(`${cluster.instances[0].httpUrl}/metrics`)).status).toBe(200)
  })

  it('spreads websocket clients over the instances, and their edits converge', async () => {
    const { id } = await createDoc(nginx.httpUrl, { title: 'Spread', format: 'blank' })
    const people = Array.from({ length: 6 }, () => connectThroughNginx(id))
    await Promise.all(people.map((client) => waitForSynced(client)))
    const perInstance = await Promise.all(cluster.instances.map(connectionsOf))
    expect(perInstance.reduce((sum, count) => sum + count, 0)).toBe(6)
    for (const count of perInstance) expect(count, `connections per instance: ${perInstance.join(', ')}`).toBeGreaterThan(0)
    const texts = people.map((client, index) => `paragraph ${index} through nginx`)
    people.forEach((client, index) => appendParagraph(client.doc, texts[index]))
    await everyoneHas(texts, people)
  })

  it('passes the server’s close codes through: an unknown document is refused (4404), not dropped', async () => {
    const client = connectThroughNginx('no-such-document')
    await waitFor(() => client.closes.length > 0, 'the refusal')
    expect(client.closes[0]).toMatchObject({ code: 4404 })
    expect(client.provider.shouldConnect).toBe(false)
  })

  it('keeps taking connections when an instance stops; its clients reconnect through nginx', async () => {
    const { id } = await createDoc(nginx.httpUrl, { title: 'Failover', format: 'blank' })
    const before = Array.from({ length: 6 }, () => connectThroughNginx(id))
    await Promise.all(before.map((client) => waitForSynced(client)))
    const [stopped, ...alive] = cluster.instances as [TestServer, ...TestServer[]]
    const onStopped = await connectionsOf(stopped)
    expect(onStopped).toBeGreaterThan(0)
    appendParagraph(before[0].doc, 'typed before the stop')
    await everyoneHas(['typed before the stop'], before)

    await stopped.server.stop()
    const after = Array.from({ length: 6 }, () => connectThroughNginx(id))
    await Promise.all([...before, ...after].map((client) => waitForSynced(client, 15_000)))
    // nginx tried the stopped instance, was refused and passed the handshake on: no client saw a failure.
    for (const client of after) expect(client.closes).toEqual([])
    expect(nginx.errorLog()).toContain(`connect() failed (111: Connection refused) while connecting to upstream`)
    const counts = await Promise.all(alive.map(connectionsOf))
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(12)
    const texts = [...before, ...after].map((_, index) => `typed after the stop by client ${index}`)
    ;[...before, ...after].forEach((client, index) => appendParagraph(client.doc, texts[index]))
    await everyoneHas(['typed before the stop', ...texts], [...before, ...after])
  })
})
