import { afterEach, describe, expect, inject, it } from 'vitest'
import * as Y from 'yjs'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { encodeMessage } from '../../collab-server/protocol'
import { startTestCluster, type TestCluster } from './support/cluster'
import { closeOf, openRawSocket } from './support/raw-socket'
import { waitFor } from './support/wait'
import { connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

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
})
