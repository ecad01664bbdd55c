import { Redis } from 'ioredis'
import * as Y from 'yjs'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { clusterKeys } from '../../collab-server/cluster/cluster-messages'
import { RedisCluster } from '../../collab-server/cluster/redis-cluster'
import { silentLogger } from '../../collab-server/logger'
import type { DocumentStore } from '../../collab-server/persistence/document-store'
import { PostgresStore } from '../../collab-server/persistence/postgres-store'
import { TouchThrottle } from '../../collab-server/persistence/touch-throttle'
import { Room } from '../../collab-server/rooms/room'
import { startTestCluster, type TestCluster } from './support/cluster'
import { createDoc } from './support/http-client'
import { waitFor } from './support/wait'
import { blockTexts, connectClient, contentFragment, waitForSynced, type YjsClient } from './support/yjs-client'

/** A store whose `loadUpdates` runs `before` and `after` around the real read. */
function storeWithHooks(store: DocumentStore, hooks: { before: () => Promise<void>; after: () => Promise<void> }): DocumentStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'loadUpdates') {
        return async (id: string) => {
          await hooks.before()
          const updates = await target.loadUpdates(id)
          await hooks.after()
          return updates
        }
      }
      const value: unknown = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}

describe('a document loaded on one instance while another writes', () => {
  let cluster: TestCluster | null = null
  let redis: Redis | null = null
  const clients: YjsClient[] = []
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
    for (const client of clients.splice(0)) client.destroy()
    redis?.disconnect()
    redis = null
    await cluster?.dispose()
    cluster = null
  })

  it('answers its first sync with what was published between following the stream and reading the store, and after', async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 1)
    const a = cluster.instances[0]
    redis = new Redis(cluster.redis.url, { lazyConnect: true })
    await redis.connect()
    const { id } = await createDoc(a.httpUrl, { title: 'Load race', format: 'blank' })
    const writer = connectClient(a.wsUrl, id)
    clients.push(writer)
    await waitForSynced(writer)
    const paragraph = new Y.XmlElement('paragraph')
    const text = new Y.XmlText('start ')
    paragraph.insert(0, [text])
    contentFragment(writer.doc).push([paragraph])
    const stream = clusterKeys.updates(id)
    // The writer's instance stores each keystroke, then appends it to the stream.
    const type = async (prefix: string, count: number) => {
      const before = await redis!.xlen(stream)
      for (let index = 0; index < count; index++) text.insert(text.length, `${prefix}${index} `)
      await waitFor(async () => (await redis!.xlen(stream)) >= before + count, `${prefix} keystrokes to be published`)
    }
    await type('old', 3)

    const store = await PostgresStore.open(cluster.database.url)
    const link = await RedisCluster.connect({ url: cluster.redis.url, logger: silentLogger, onRevocation: () => {} })
    cleanups.push(
      () => store.close(),
      () => link.close(),
    )
    const touches = new TouchThrottle(store, { intervalMs: 1_000, logger: silentLogger })
    const hooked = storeWithHooks(store, { before: () => type('between', 5), after: () => type('after', 5) })
    const room = await Room.load(id, { store: hooked, touches, logger: silentLogger, compactionThreshold: 10_000, unloadCompactionMinUpdates: 10_000, cluster: link })
    expect(room).not.toBeNull()
    cleanups.push(() => room!.close())

    // What a first sync is answered from: the state once loaded, before anything else was queued.
    const first = blockTexts(room!.doc).join('\n')
    const expected = ['old0', 'old2', 'between0', 'between4', 'after0', 'after4'].map((token) => `${token} `)
    for (const token of expected) expect(first, `the loaded state to hold ${token}`).toContain(token)
    expect(first).toBe(blockTexts(writer.doc).join('\n'))

    // Later keystrokes arrive live.
    text.insert(text.length, 'live ')
    await waitFor(() => blockTexts(room!.doc).join('\n').includes('live '), 'a later keystroke to reach the loaded room')
  }, 30_000)
})
