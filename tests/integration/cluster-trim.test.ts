import { Redis } from 'ioredis'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { clusterKeys } from '../../collab-server/cluster/cluster-messages'
import { startTestCluster, type TestCluster } from './support/cluster'
import { seedParagraphs, snapshotOf, typeRandomly } from './support/cluster-edits'
import { createDoc } from './support/http-client'
import { waitFor } from './support/wait'
import { connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

/** Entries a settled stream may keep: at most the last few each instance appended. */
const SETTLED_MAX_ENTRIES = 5
/** Two maintenance ticks (2 s each) and some slack. */
const TRIM_WAIT_MS = 8_000

describe('cluster stream trimming', () => {
  let cluster: TestCluster | null = null
  let redis: Redis | null = null
  const clients: YjsClient[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    redis?.disconnect()
    redis = null
    await cluster?.dispose()
    cluster = null
  })

  async function connected(wsUrl: string, docId: string): Promise<YjsClient> {
    const client = connectClient(wsUrl, docId)
    clients.push(client)
    await waitForSynced(client, 10_000)
    return client
  }

  it('keeps a settled stream short, past a dead reader, and deletes it once no instance holds the document', async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 2)
    const [a, b] = cluster.instances as [TestCluster['instances'][number], TestCluster['instances'][number]]
    redis = new Redis(cluster.redis.url, { lazyConnect: true })
    await redis.connect()
    const { id } = await createDoc(a.httpUrl, { title: 'Trim', format: 'blank' })
    const stream = clusterKeys.updates(id)
    const ada = await connected(a.wsUrl, id)
    seedParagraphs(ada.doc, 2)
    const bea = await connected(b.wsUrl, id)
    await Promise.all([typeRandomly(ada, 1, 'ada', 120), typeRandomly(bea, 2, 'bea', 120)])
    await waitFor(() => snapshotOf(ada.doc) === snapshotOf(bea.doc), 'the clients to converge', 10_000)
    expect(await redis.xlen(stream)).toBeGreaterThan(0)
    await waitFor(async () => (await redis!.xlen(stream)) <= SETTLED_MAX_ENTRIES, `the settled stream to be trimmed to ${SETTLED_MAX_ENTRIES} entries`, TRIM_WAIT_MS)

    // A reader whose instance died (no liveness key) at the start of the stream does not hold trimming back.
    await redis.hset(clusterKeys.readers(id), 'dead-instance', '0-1')
    await typeRandomly(ada, 3, 'ada2', 60)
    await waitFor(() => snapshotOf(ada.doc) === snapshotOf(bea.doc), 'the clients to converge again', 10_000)
    await waitFor(async () => (await redis!.hexists(clusterKeys.readers(id), 'dead-instance')) === 0, 'the dead reader to be dropped', TRIM_WAIT_MS)
    await waitFor(async () => (await redis!.xlen(stream)) <= SETTLED_MAX_ENTRIES, 'the stream to be trimmed past the dead reader', TRIM_WAIT_MS)

    // Everyone leaves: every instance unloads the document, and the stream goes.
    for (const client of clients.splice(0)) client.destroy()
    await waitFor(async () => (await redis!.exists(stream, clusterKeys.readers(id))) === 0, 'the stream and its readers to be deleted', 10_000)
    // The document is intact for the next reader.
    const later = await connected(b.wsUrl, id)
    expect(later.doc.getXmlFragment('prosemirror').length).toBeGreaterThan(0)
  }, 45_000)
})
