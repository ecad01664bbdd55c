import { afterEach, describe, expect, inject, it } from 'vitest'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { encodeMessage } from '../../collab-server/protocol'
import { startTestCluster, type TestCluster } from './support/cluster'
import { closeOf, openRawSocket } from './support/raw-socket'
import { waitFor } from './support/wait'
import { appendParagraph, connectClient, contentXml, waitForSynced, type YjsClient } from './support/yjs-client'

const SECRET = 'cluster-ownership-secret-long-enough-1234'

describe('client ids are owned across instances', () => {
  let cluster: TestCluster | null = null
  const clients: YjsClient[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await cluster?.dispose()
    cluster = null
  })

  it('refuses an annotator on B writing under the client id of an editor present on A, even before B loaded the document', async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 2, { authSecret: SECRET })
    const [a, b] = cluster.instances as [TestCluster['instances'][number], TestCluster['instances'][number]]
    const admin = await signAdminToken(SECRET)
    const created = await fetch(`${a.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'owned', title: 'Owned', format: 'blank' }),
    })
    expect(created.status).toBe(201)
    const editor = await signShareToken(SECRET, { doc: 'owned', role: 'editor', ttl: '1d' })
    const annotator = await signShareToken(SECRET, { doc: 'owned', role: 'annotator', ttl: '1d' })
    const ada = connectClient(a.wsUrl, 'owned', { token: editor })
    clients.push(ada)
    await waitForSynced(ada)
    ada.provider.awareness.setLocalStateField('user', { name: 'Ada', color: '#CC79A7' })
    // Ada's presence claimed her id across the cluster.
    const redisOwners = async () => {
      const { Redis } = await import('ioredis')
      const redis = new Redis(cluster!.redis.url)
      try {
        return await redis.hgetall('spanwise:doc:owned:owners')
      } finally {
        redis.disconnect()
      }
    }
    await waitFor(async () => (await redisOwners())[String(ada.doc.clientID)] !== undefined, 'Ada’s id to be claimed in Redis')

    const forged = () => {
      const doc = new Y.Doc()
      doc.clientID = ada.doc.clientID
      doc.getMap('annotations').set('shadow', new Y.Map())
      return Y.encodeStateAsUpdate(doc)
    }
    // B has not loaded the document: the forged write is queued while it loads, then decided.
    const mallory = await openRawSocket(b.wsUrl, `/owned?token=${annotator}`)
    mallory.ws.send(encodeMessage({ type: 'sync-update', update: forged() }))
    const close = await closeOf(mallory)
    expect(close.code).toBe(4409)
    expect(close.reason).toMatch(/another writer’s client id/)
    // Nothing reached Ada, and her own writes still go through under her id.
    ada.doc.getMap('annotations').set('mine', new Y.Map())
    const bea = connectClient(b.wsUrl, 'owned', { token: editor })
    clients.push(bea)
    await waitForSynced(bea)
    await waitFor(() => bea.doc.getMap('annotations').has('mine'), 'Ada’s write to reach B')
    expect(ada.doc.getMap('annotations').has('shadow')).toBe(false)
    expect(bea.doc.getMap('annotations').has('shadow')).toBe(false)
  })

  it('never lets presence claim, across the cluster, an id that already has someone’s content', async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 2, { authSecret: SECRET })
    const [a, b] = cluster.instances as [TestCluster['instances'][number], TestCluster['instances'][number]]
    const admin = await signAdminToken(SECRET)
    const created = await fetch(`${a.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'written', title: 'Written', format: 'blank' }),
    })
    expect(created.status).toBe(201)
    const editor = await signShareToken(SECRET, { doc: 'written', role: 'editor', ttl: '1d' })
    const annotator = await signShareToken(SECRET, { doc: 'written', role: 'annotator', ttl: '1d' })
    const { Redis } = await import('ioredis')
    const redis = new Redis(cluster.redis.url)
    try {
      // Ada writes under her id, then leaves: the document unloads everywhere.
      const ada = connectClient(a.wsUrl, 'written', { token: editor })
      await waitForSynced(ada)
      appendParagraph(ada.doc, 'Ada’s words')
      const adaId = ada.doc.clientID
      const reader = connectClient(a.wsUrl, 'written', { token: editor })
      await waitFor(() => contentXml(reader.doc).includes('Ada’s words'), 'Ada’s paragraph to be stored')
      reader.destroy()
      ada.destroy()
      await waitFor(async () => (await redis.exists('spanwise:doc:written:readers')) === 0, 'the document to unload')

      // Mallory, on B, publishes presence under Ada's id, then writes an annotation under it.
      const mallory = await openRawSocket(b.wsUrl, `/written?token=${annotator}`)
      const fake = new Y.Doc()
      fake.clientID = adaId
      const presence = new awarenessProtocol.Awareness(fake)
      presence.setLocalState({ user: { name: 'Mallory', color: '#CC79A7' } })
      mallory.ws.send(encodeMessage({ type: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(presence, [adaId]) }))
      presence.destroy()
      const watcher = connectClient(b.wsUrl, 'written', { token: editor })
      clients.push(watcher)
      await waitFor(() => watcher.provider.awareness.getStates().has(adaId), 'Mallory’s presence to be relayed')
      expect(await redis.hget('spanwise:doc:written:owners', String(adaId))).toBeNull()
      const forged = new Y.Doc()
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(watcher.doc))
      forged.clientID = adaId
      const before = Y.encodeStateVector(forged)
      forged.getMap('annotations').set('shadow', new Y.Map())
      mallory.ws.send(encodeMessage({ type: 'sync-update', update: Y.encodeStateAsUpdate(forged, before) }))
      expect((await closeOf(mallory)).code).toBe(4409)
      expect(watcher.doc.getMap('annotations').has('shadow')).toBe(false)
    } finally {
      redis.disconnect()
    }
  })

  it('claims nothing across the cluster for a write it refuses', async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 2, { authSecret: SECRET })
    const [a, b] = cluster.instances as [TestCluster['instances'][number], TestCluster['instances'][number]]
    const admin = await signAdminToken(SECRET)
    const created = await fetch(`${a.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'refused', title: 'Refused', format: 'blank' }),
    })
    expect(created.status).toBe(201)
    const annotator = await signShareToken(SECRET, { doc: 'refused', role: 'annotator', ttl: '1d' })
    const mallory = await openRawSocket(b.wsUrl, `/refused?token=${annotator}`)
    // Many new client ids, writing text an annotator may not write: refused whole.
    const doc = new Y.Doc()
    const ids: number[] = []
    for (let index = 0; index < 50; index++) {
      doc.clientID = 900_000 + index
      ids.push(doc.clientID)
      doc.getText('notes').insert(0, 'x')
    }
    mallory.ws.send(encodeMessage({ type: 'sync-update', update: Y.encodeStateAsUpdate(doc) }))
    expect((await closeOf(mallory)).code).toBe(4409)
    const { Redis } = await import('ioredis')
    const redis = new Redis(cluster.redis.url)
    try {
      const owners = await redis.hmget('spanwise:doc:refused:owners', ...ids.map(String))
      expect(owners.every((owner) => owner === null)).toBe(true)
    } finally {
      redis.disconnect()
    }
  })
})
