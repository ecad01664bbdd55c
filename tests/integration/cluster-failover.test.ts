import { mkdtemp, rm } from 'node:fs/promises'
import { Redis } from 'ioredis'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as Y from 'yjs'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { clusterKeys, streamFields } from '../../collab-server/cluster/cluster-messages'
import { PostgresStore } from '../../collab-server/persistence/postgres-store'
import { freePort } from '../support/services/free-port'
import { startRedisServer, type RedisServer } from '../support/services/redis-server'
import { createTestDatabase, type TestDatabase } from '../support/services/test-database'
import { startTestCluster } from './support/cluster'
import { moveClient } from './support/cluster-edits'
import { createDoc } from './support/http-client'
import { exitCodeOf, spawnMainDirect, type ServerProcess } from './support/process'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, contentFragment, waitForSynced, type YjsClient } from './support/yjs-client'

const CONTENT_DIR = resolve(import.meta.dirname, '../../content')
const DOC_ID = 'cluster-failover'
const TOKEN = /\b([ab]\d)_(\d+) /g
const SEEN_BEFORE_KILL = 15

interface Typist {
  readonly tag: string
  client: YjsClient
  readonly seen: Set<string>
  typed: number
  timer?: NodeJS.Timeout
}

function tokensOf(doc: Y.Doc): Set<string> {
  return new Set([...blockTexts(doc).join('\n').matchAll(TOKEN)].map((match) => `${match[1]}_${match[2]}`))
}

describe('a cluster instance killed while clients type', () => {
  let database: TestDatabase
  let redis: RedisServer
  const processes: ServerProcess[] = []
  const typists: Typist[] = []
  const dirs: string[] = []

  afterAll(async () => {
    for (const typist of typists) {
      clearInterval(typist.timer)
      typist.client.destroy()
    }
    for (const spawned of processes) {
      if (spawned.child.exitCode === null && spawned.child.signalCode === null) {
        spawned.child.kill('SIGKILL')
        await exitCodeOf(spawned)
      }
    }
    await redis?.dispose()
    await database?.drop()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  async function startInstance(port: number): Promise<ServerProcess> {
    const dataDir = await mkdtemp(join(tmpdir(), 'spanwise-cluster-'))
    dirs.push(dataDir)
    const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, COLLAB_PORT: String(port), COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR }
    const spawned = spawnMainDirect(env)
    processes.push(spawned)
    await waitFor(() => spawned.stdout.includes('listening'), `instance on ${port} to listen (stderr: ${spawned.stderr})`, 20_000)
    return spawned
  }

  function startTyping(typist: Typist): void {
    const paragraph = new Y.XmlElement('paragraph')
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    contentFragment(typist.client.doc).push([paragraph])
    typist.timer = setInterval(() => text.insert(text.length, `${typist.tag}_${typist.typed++} `), 15)
    typist.client.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.local) return
      for (const token of tokensOf(typist.client.doc)) if (!token.startsWith(typist.tag)) typist.seen.add(token)
    })
  }

  it('moves its clients to another instance, loses nothing anyone saw, and catches up after a restart', async () => {
    database = await createTestDatabase(inject('postgresUrl'))
    redis = await startRedisServer()
    const [portA, portB] = [await freePort(), await freePort()]
    const killed = await startInstance(portA)
    await startInstance(portB)
    const urlA = `ws://127.0.0.1:${portA}`
    const urlB = `ws://127.0.0.1:${portB}`
    await createDoc(`http://127.0.0.1:${portA}`, { id: DOC_ID, title: 'Failover', format: 'blank' })

    for (const tag of ['a1', 'a2', 'b1', 'b2']) {
      const client = connectClient(tag.startsWith('a') ? urlA : urlB, DOC_ID)
      typists.push({ tag, client, seen: new Set(), typed: 0 })
    }
    await Promise.all(typists.map((typist) => waitForSynced(typist.client, 10_000)))
    for (const typist of typists) startTyping(typist)
    const [a1, a2, b1, b2] = typists as [Typist, Typist, Typist, Typist]
    const seenOf = (typist: Typist, tag: string) => [...typist.seen].filter((token) => token.startsWith(`${tag}_`)).length
    await waitFor(
      () => typists.every((typist) => typists.every((other) => other === typist || seenOf(typist, other.tag) >= SEEN_BEFORE_KILL)),
      `every typist to see ${SEEN_BEFORE_KILL} tokens of each other one`,
      15_000,
    )

    killed.child.kill('SIGKILL')
    await exitCodeOf(killed)
    // a1's page goes on, its provider now pointed at B; a2's page is closed at the kill.
    clearInterval(a2.timer)
    a2.client.provider.destroy()
    await moveClient(a1.client, urlB)
    await waitForSynced(a1.client, 10_000)
    const typedAfterMove = a1.typed
    await waitFor(
      () => [b1, b2].every((typist) => seenOf(typist, 'a1') > 0 && [...typist.seen].some((token) => token === `a1_${typedAfterMove}`)),
      'B’s clients to get a1’s typing after its move',
      10_000,
    )

    // A restarts on the same port, while everyone still types.
    await startInstance(portA)
    for (const typist of [a1, b1, b2]) clearInterval(typist.timer)
    const live = [a1.client, b1.client, b2.client]
    await waitFor(() => live.every((client) => blockTexts(client.doc).join('\n') === blockTexts(b1.client.doc).join('\n')), 'the remaining clients to converge', 10_000)

    const fresh = connectClient(urlA, DOC_ID)
    typists.push({ tag: 'fresh', client: fresh, seen: new Set(), typed: 0 })
    await waitForSynced(fresh, 10_000)
    const final = tokensOf(fresh.doc)
    // Should A have died between storing a2's last keystroke and publishing it, B's clients get it
    // from the store once A's liveness key lapsed (20 s); usually they have it already.
    const same = () => blockTexts(fresh.doc).join('\n') === blockTexts(b1.client.doc).join('\n')
    await waitFor(same, 'B’s clients and the restarted instance to hold the same', 25_000)
    for (const typist of typists.slice(0, 4)) {
      const lost = [...typist.seen].filter((token) => !final.has(token))
      expect(lost, `tokens ${typist.tag} saw but the restarted instance lacks`).toEqual([])
    }
    // Every token the surviving pages typed is there (offline typing during the move included).
    for (const typist of [a1, b1, b2]) {
      const own = [...final].filter((token) => token.startsWith(`${typist.tag}_`)).length
      expect(own, `tokens of ${typist.tag}`).toBe(typist.typed)
    }
  }, 75_000)
})

describe('an instance that died between storing an update and publishing it', () => {
  it('makes the other instances read the document again from the store once its liveness lapsed', async () => {
    const cluster = await startTestCluster(inject('postgresUrl'), 1)
    const redis = new Redis(cluster.redis.url, { lazyConnect: true })
    const store = await PostgresStore.open(cluster.database.url)
    let bea: YjsClient | null = null
    try {
      await redis.connect()
      await createDoc(cluster.instances[0].httpUrl, { id: DOC_ID, title: 'Dead writer', format: 'blank' })
      bea = connectClient(cluster.instances[0].wsUrl, DOC_ID)
      await waitForSynced(bea)
      appendParagraph(bea.doc, 'from Bea')
      await waitFor(async () => (await redis.xlen(clusterKeys.updates(DOC_ID))) > 0, 'Bea’s paragraph to be published')

      // Another instance ("dead-one") holds the document: it stores and publishes one update...
      const instance = 'dead-one'
      await redis.set(clusterKeys.instance(instance), '1', 'EX', 20)
      const its = new Y.Doc()
      Y.applyUpdate(its, Y.encodeStateAsUpdate(bea.doc))
      const edit = (text: string) => {
        const before = Y.encodeStateVector(its)
        appendParagraph(its, text)
        return Y.encodeStateAsUpdate(its, before)
      }
      const published = edit('stored and published')
      const seq = await store.appendUpdate(DOC_ID, published)
      await redis.xadd(clusterKeys.updates(DOC_ID), '*', ...streamFields({ origin: instance, seq, principal: null, update: published }))
      await waitFor(() => blockTexts(bea!.doc).includes('stored and published'), 'the published update to reach Bea')
      // ...then stores one more and is killed before publishing it; its liveness key lapses.
      await store.appendUpdate(DOC_ID, edit('stored, never published'))
      await redis.del(clusterKeys.instance(instance))
      await waitFor(() => blockTexts(bea!.doc).includes('stored, never published'), 'the unpublished update to reach Bea from the store', 8_000)
    } finally {
      bea?.destroy()
      redis.disconnect()
      await store.close()
      await cluster.dispose()
    }
  }, 30_000)
})
