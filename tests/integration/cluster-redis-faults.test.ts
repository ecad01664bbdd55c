import { Redis } from 'ioredis'
import * as Y from 'yjs'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { clusterKeys, encodeAwarenessMessage } from '../../collab-server/cluster/cluster-messages'
import type { ChannelHandlers } from '../../collab-server/cluster/document-channel'
import { RedisCluster } from '../../collab-server/cluster/redis-cluster'
import { silentLogger } from '../../collab-server/logger'
import { PostgresStore } from '../../collab-server/persistence/postgres-store'
import { startTestCluster, type TestCluster } from './support/cluster'
import { createDoc } from './support/http-client'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, contentXml, waitForSynced, type YjsClient } from './support/yjs-client'

type Instance = TestCluster['instances'][number]

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const metricOf = async (instance: Instance, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await (await fetch(`${instance.httpUrl}/metrics`)).text())?.[1] ?? NaN)

/** Makes Redis refuse every command that needs memory (XADD, HSET, SET…) with an OOM error, until `release()`. */
async function exhaustMemory(redis: Redis): Promise<{ release(): Promise<void> }> {
  await redis.config('SET', 'maxmemory-policy', 'noeviction')
  await redis.config('SET', 'maxmemory', '1')
  return { release: async () => void (await redis.config('SET', 'maxmemory', '0')) }
}

/** Cuts one of an instance's connections (CLIENT KILL); ioredis reconnects it. */
async function killConnection(redis: Redis, instanceId: string, connection: 'commands' | 'reader' | 'subscriber'): Promise<void> {
  const list = (await redis.client('LIST')) as string
  const line = list.split('\n').find((candidate) => candidate.includes(`name=spanwise-${instanceId}-${connection}`))
  const address = line === undefined ? undefined : /addr=(\S+)/.exec(line)?.[1]
  if (address === undefined) throw new Error(`no ${connection} connection of instance ${instanceId}`)
  await redis.client('KILL', 'ADDR', address)
}

describe('a cluster whose Redis refuses commands or is out of reach', () => {
  let cluster: TestCluster | null = null
  let redis: Redis | null = null
  const clients: YjsClient[] = []
  const cleanups: Array<() => Promise<unknown>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
    for (const client of clients.splice(0)) client.destroy()
    redis?.disconnect()
    redis = null
    await cluster?.dispose()
    cluster = null
  })

  async function start(count: number): Promise<Instance[]> {
    cluster = await startTestCluster(inject('postgresUrl'), count)
    redis = new Redis(cluster.redis.url, { lazyConnect: true })
    // Redis is stopped in one test: this client retries quietly meanwhile.
    redis.on('error', () => undefined)
    await redis.connect()
    return cluster.instances
  }

  function connect(instance: Instance, id: string): YjsClient {
    const client = connectClient(instance.wsUrl, id)
    clients.push(client)
    return client
  }

  it('delivers an update whose XADD Redis refused, once Redis takes commands again, and counts the failure', async () => {
    const [a, b] = (await start(2)) as [Instance, Instance]
    const { id } = await createDoc(a.httpUrl, { title: 'Refused', format: 'blank' })
    const bea = connect(b, id)
    await waitForSynced(bea)
    const ada = connect(a, id)
    await waitForSynced(ada)
    appendParagraph(ada.doc, 'published')
    await waitFor(() => contentXml(bea.doc).includes('published'), 'the first paragraph to reach B')
    await waitFor(async () => (await metricOf(a, 'spanwise_cluster_published_total')) >= 1, 'A to count its publication')
    const published = await metricOf(a, 'spanwise_cluster_published_total')
    const resyncsOnB = await metricOf(b, 'spanwise_cluster_resyncs_total')

    const memory = await exhaustMemory(redis!)
    appendParagraph(ada.doc, 'stored while Redis refused it')
    await waitFor(async () => (await redis!.set('probe', '1').catch(() => 'refused')) === 'refused', 'Redis to refuse writes')
    await sleep(1_000)
    expect(contentXml(bea.doc)).not.toContain('stored while Redis refused it')
    await memory.release()
    await waitFor(() => contentXml(bea.doc).includes('stored while Redis refused it'), 'the refused update to reach B from the store', 10_000)
    expect(blockTexts(bea.doc)).toEqual(blockTexts(ada.doc))
    // Counted as a failure, not as a publication; B counts its resync.
    expect(await metricOf(a, 'spanwise_cluster_publish_failures_total')).toBeGreaterThanOrEqual(1)
    expect(await metricOf(a, 'spanwise_cluster_published_total')).toBe(published)
    expect(await metricOf(b, 'spanwise_cluster_resyncs_total')).toBeGreaterThan(resyncsOnB)
  }, 30_000)

  it('fails a load Redis refuses with 1011 (transient), and loads the document once Redis takes commands again', async () => {
    const [a] = (await start(1)) as [Instance]
    const { id } = await createDoc(a.httpUrl, { title: 'Refused load', format: 'blank' })
    const memory = await exhaustMemory(redis!)
    const first = connect(a, id)
    await waitFor(() => first.closes.length > 0, 'the first client to be closed', 8_000)
    expect(first.closes[0]).toEqual({ code: 1011, reason: 'document unavailable' })
    first.destroy()
    await memory.release()
    // A failed follow() leaves nothing behind: the document is followed afresh.
    const second = connect(a, id)
    await waitForSynced(second, 8_000)
    appendParagraph(second.doc, 'after the refused load')
    await waitFor(async () => (await redis!.xlen(clusterKeys.updates(id))) > 0, 'the paragraph to be published')
  }, 30_000)

  it('closes a client of a document not loaded yet with 1011 at once while Redis is down, serves loaded ones, and loads once Redis is back', async () => {
    const [a, b] = (await start(2)) as [Instance, Instance]
    const { id: loaded } = await createDoc(a.httpUrl, { title: 'Loaded', format: 'blank' })
    const { id: other } = await createDoc(a.httpUrl, { title: 'Not loaded', format: 'blank' })
    const ada = connect(b, loaded)
    await waitForSynced(ada)
    await cluster!.redis.stop(true)
    await waitFor(async () => ((await (await fetch(`${b.httpUrl}/healthz`)).json()) as { cluster?: string }).cluster === 'disconnected', 'B to notice Redis gone')
    const started = Date.now()
    const bea = connect(b, other)
    await waitFor(() => bea.closes.length > 0, 'the client of the unloaded document to be closed', 5_000)
    expect(Date.now() - started).toBeLessThan(4_000)
    expect(bea.closes[0].code).toBe(1011)
    // The loaded document still takes edits (stored; published to the others once Redis is back).
    appendParagraph(ada.doc, 'while Redis is down')
    const cara = connect(b, loaded)
    await waitForSynced(cara)
    await waitFor(() => contentXml(cara.doc).includes('while Redis is down'), 'the loaded document to be served')

    await cluster!.redis.start()
    await waitForSynced(bea, 10_000)
    appendParagraph(bea.doc, 'after Redis came back')
    const dana = connect(a, other)
    await waitForSynced(dana, 10_000)
    await waitFor(() => contentXml(dana.doc).includes('after Redis came back'), 'the document to be shared again')
  }, 40_000)

  it('removes the read position and the channel of a document unloaded while the subscriber reconnects, and keeps trimming', async () => {
    const [a, b] = (await start(2)) as [Instance, Instance]
    const { id } = await createDoc(a.httpUrl, { title: 'Blip', format: 'blank' })
    const ada = connect(a, id)
    await waitForSynced(ada)
    const instanceA = (await redis!.hkeys(clusterKeys.readers(id)))[0]
    const bea = connect(b, id)
    await waitForSynced(bea)
    await killConnection(redis!, instanceA, 'subscriber')
    ada.destroy()
    await waitFor(async () => (await redis!.hexists(clusterKeys.readers(id), instanceA)) === 0, 'A’s read position to be removed', 8_000)
    // B still holds the channel; A left it once its subscriber was back.
    await waitFor(async () => ((await redis!.pubsub('NUMSUB', clusterKeys.awareness(id))) as [string, number])[1] === 1, 'A to leave the document’s channel', 8_000)
    for (let index = 0; index < 40; index++) appendParagraph(bea.doc, `p${index}`)
    await waitFor(async () => (await redis!.xlen(clusterKeys.updates(id))) <= 5, 'B to trim the stream past A', 10_000)
  }, 30_000)

  it('reads the store again when an instance that loaded the document later died before publishing anything', async () => {
    const [a] = (await start(1)) as [Instance]
    const store = await PostgresStore.open(cluster!.database.url)
    cleanups.push(() => store.close())
    const { id } = await createDoc(a.httpUrl, { title: 'Dead writer', format: 'blank' })
    const bea = connect(a, id)
    await waitForSynced(bea)
    // Another instance follows the document after A (its read position and liveness key), stores
    // one update and is killed before its XADD: nothing of it is in the stream.
    const instance = 'died-before-publishing'
    await redis!.set(clusterKeys.instance(instance), '1', 'EX', 20)
    await redis!.hset(clusterKeys.readers(id), instance, '0-0')
    const its = new Y.Doc()
    Y.applyUpdate(its, Y.encodeStateAsUpdate(bea.doc))
    const before = Y.encodeStateVector(its)
    appendParagraph(its, 'stored, never published')
    await store.appendUpdate(id, Y.encodeStateAsUpdate(its, before))
    await redis!.del(clusterKeys.instance(instance))
    await waitFor(() => blockTexts(bea.doc).includes('stored, never published'), 'the unpublished update to reach Bea from the store', 10_000)
    // Its read position is dropped, so A does not read the store for it again and again.
    expect(await redis!.hexists(clusterKeys.readers(id), instance)).toBe(0)
    const resyncs = await metricOf(a, 'spanwise_cluster_resyncs_total')
    await sleep(4_500)
    expect(await metricOf(a, 'spanwise_cluster_resyncs_total')).toBe(resyncs)
  }, 30_000)

  it('remembers a resync request published while a document loads, and reads the store once started', async () => {
    const [a] = (await start(1)) as [Instance]
    const { id } = await createDoc(a.httpUrl, { title: 'Resync during load', format: 'blank' })
    const link = await RedisCluster.connect({ url: cluster!.redis.url, logger: silentLogger, onRevocation: () => {} })
    let resyncs = 0
    const handlers: ChannelHandlers = { onUpdate: () => {}, onAwareness: () => {}, onAwarenessQuery: () => {}, onResync: () => (resyncs += 1) }
    const follower = await link.follow(id)
    cleanups.push(
      () => link.close(),
      () => follower.close(),
    )
    // Published after the room read the store, before it started following live: not to be lost.
    const channel = clusterKeys.awareness(id)
    await waitFor(async () => (await redis!.publish(channel, encodeAwarenessMessage({ kind: 'resync', origin: 'another-instance' }))) === 1, 'the channel to be joined by follow()')
    await sleep(100)
    await follower.start(handlers)
    expect(resyncs).toBe(1)
  }, 30_000)
})
