import { afterEach, describe, expect, inject, it } from 'vitest'
import { annotationCount, seedParagraphs, snapshotOf, typeRandomly } from './support/cluster-edits'
import { startTestCluster, type TestCluster } from './support/cluster'
import { fuzzSeed, announceSeed } from './support/fuzz-seed'
import { createDoc, fetchStoredDoc } from './support/http-client'
import { waitFor } from './support/wait'
import { connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

const CLIENTS_PER_INSTANCE = 2
const STEPS = 50

describe('a cluster converges under concurrent typing and annotating', () => {
  let cluster: TestCluster | null = null
  const clients: YjsClient[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await cluster?.dispose()
    cluster = null
  })

  async function connected(wsUrl: string, docId: string): Promise<YjsClient> {
    const client = connectClient(wsUrl, docId)
    clients.push(client)
    await waitForSynced(client, 10_000)
    return client
  }

  const converged = (group: readonly YjsClient[]) => group.every((client) => snapshotOf(client.doc) === snapshotOf(group[0].doc))

  it.each([2, 3])(
    '%i instances, clients on each, two documents at once',
    async (count) => {
      const seed = fuzzSeed()
      announceSeed(`cluster convergence (${count} instances)`, seed)
      cluster = await startTestCluster(inject('postgresUrl'), count)
      const { instances } = cluster
      const docIds = [(await createDoc(instances[0].httpUrl, { title: 'One', format: 'blank' })).id, (await createDoc(instances[0].httpUrl, { title: 'Two', format: 'blank' })).id]

      const groups = new Map<string, YjsClient[]>()
      for (const docId of docIds) {
        const first = await connected(instances[0].wsUrl, docId)
        seedParagraphs(first.doc, 3)
        const group = [first]
        for (const instance of instances) {
          while (group.filter((client) => client.provider.url.startsWith(`${instance.wsUrl}/`)).length < CLIENTS_PER_INSTANCE) group.push(await connected(instance.wsUrl, docId))
        }
        groups.set(docId, group)
        await waitFor(() => converged(group), `the seeded paragraphs of ${docId} to reach every client`, 10_000)
      }

      // Every client of both documents types and annotates at the same time.
      const typing = [...groups.values()].flatMap((group, doc) => group.map((client, index) => typeRandomly(client, seed + doc * 100 + index, `d${doc}c${index}`, STEPS)))
      await Promise.all(typing)

      for (const [docId, group] of groups) {
        await waitFor(() => converged(group), `every client of ${docId} to converge`, 15_000)
        const expected = snapshotOf(group[0].doc)
        expect(annotationCount(group[0].doc)).toBeGreaterThan(0)
        // A fresh client on every instance gets the same; so does the state each instance serves.
        for (const instance of instances) {
          const fresh = await connected(instance.wsUrl, docId)
          expect(snapshotOf(fresh.doc), `a fresh client on ${instance.wsUrl}`).toBe(expected)
          expect(snapshotOf(await fetchStoredDoc(instance.httpUrl, docId)), `the state ${instance.httpUrl} serves`).toBe(expected)
        }
      }

      // A fresh instance on the same database reads the same from the store.
      const late = await cluster.addInstance()
      for (const [docId, group] of groups) {
        const fresh = await connected(late.wsUrl, docId)
        expect(snapshotOf(fresh.doc), `a client of a fresh instance (${docId})`).toBe(snapshotOf(group[0].doc))
      }
    },
    60_000,
  )
})
