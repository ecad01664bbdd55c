import { afterEach, describe, expect, inject, it } from 'vitest'
import { startTestCluster, type TestCluster } from './support/cluster'
import { createDoc } from './support/http-client'
import { appendParagraph, connectClient, contentXml, waitForSynced, type YjsClient } from './support/yjs-client'
import { waitFor } from './support/wait'

describe('several collab-server instances on PostgreSQL and Redis', () => {
  let cluster: TestCluster | null = null
  const clients: YjsClient[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await cluster?.dispose()
    cluster = null
  })

  it('relays an edit made on one instance to a client of another', async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 2)
    const [a, b] = cluster.instances as [NonNullable<TestCluster['instances'][0]>, NonNullable<TestCluster['instances'][0]>]
    const { id } = await createDoc(a.httpUrl, { title: 'Cluster', format: 'blank' })
    const ada = connectClient(a.wsUrl, id)
    const bea = connectClient(b.wsUrl, id)
    clients.push(ada, bea)
    await Promise.all([waitForSynced(ada), waitForSynced(bea)])
    appendParagraph(ada.doc, 'from Ada on instance A')
    await waitFor(() => contentXml(bea.doc).includes('from Ada'), 'Bea to see Ada’s paragraph')
    appendParagraph(bea.doc, 'from Bea on instance B')
    await waitFor(() => contentXml(ada.doc).includes('from Bea'), 'Ada to see Bea’s paragraph')
    expect(contentXml(ada.doc)).toBe(contentXml(bea.doc))
  })

  it('reports the cluster in /healthz and /metrics: connected, updates published and received', async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 2)
    const [a, b] = cluster.instances as [NonNullable<TestCluster['instances'][0]>, NonNullable<TestCluster['instances'][0]>]
    const { id } = await createDoc(a.httpUrl, { title: 'Metrics', format: 'blank' })
    const ada = connectClient(a.wsUrl, id)
    const bea = connectClient(b.wsUrl, id)
    clients.push(ada, bea)
    await Promise.all([waitForSynced(ada), waitForSynced(bea)])
    appendParagraph(ada.doc, 'counted')
    await waitFor(() => contentXml(bea.doc).includes('counted'), 'Bea to see the paragraph')
    const health = (await (await fetch(`${b.httpUrl}/healthz`)).json()) as Record<string, unknown>
    expect(health).toMatchObject({ status: 'ok', cluster: 'connected' })
    const metricsOf = async (url: string) => await (await fetch(`${url}/metrics`)).text()
    expect(await metricsOf(a.httpUrl)).toMatch(/^spanwise_cluster_published_total [1-9]/m)
    const metricsB = await metricsOf(b.httpUrl)
    expect(metricsB).toMatch(/^spanwise_cluster_redis_up 1$/m)
    expect(metricsB).toMatch(/^spanwise_cluster_received_total [1-9]/m)
    expect(metricsB).toMatch(/^spanwise_cluster_fanout_seconds_count [1-9]/m)
    await cluster.redis.stop(true)
    await waitFor(async () => ((await (await fetch(`${b.httpUrl}/healthz`)).json()) as Record<string, unknown>).cluster === 'disconnected', 'B to report Redis gone')
    expect((await fetch(`${b.httpUrl}/healthz`)).status).toBe(200)
    expect(await metricsOf(b.httpUrl)).toMatch(/^spanwise_cluster_redis_up 0$/m)
  })
})
