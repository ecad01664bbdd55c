import * as Y from 'yjs'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { PostgresStore } from '../../collab-server/persistence/postgres-store'
import { startTestCluster, type TestCluster } from './support/cluster'
import { createDoc, fetchStoredDoc } from './support/http-client'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, contentFragment, waitForSynced, type YjsClient } from './support/yjs-client'

const TOKEN = /\b(t\d)_(\d+) /g

interface Typist {
  readonly tag: string
  readonly client: YjsClient
  typed: number
  timer?: NodeJS.Timeout
}

const tokensOf = (doc: Y.Doc) => new Set([...blockTexts(doc).join('\n').matchAll(TOKEN)].map((match) => `${match[1]}_${match[2]}`))

describe('a cluster whose Redis restarts while clients type', () => {
  let cluster: TestCluster | null = null
  const typists: Typist[] = []
  afterEach(async () => {
    for (const typist of typists.splice(0)) {
      clearInterval(typist.timer)
      typist.client.destroy()
    }
    await cluster?.dispose()
    cluster = null
  })

  function startTyping(typist: Typist): void {
    const paragraph = new Y.XmlElement('paragraph')
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    contentFragment(typist.client.doc).push([paragraph])
    typist.timer = setInterval(() => text.insert(text.length, `${typist.tag}_${typist.typed++} `), 20)
  }

  const userAt = (observer: YjsClient, clientId: number) => (observer.provider.awareness.getStates().get(clientId) as { user?: { name: string } } | undefined)?.user?.name

  it('reconnects, resyncs without loss, and brings presence back', async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 2)
    const [a, b] = cluster.instances as [TestCluster['instances'][number], TestCluster['instances'][number]]
    const { id } = await createDoc(a.httpUrl, { title: 'Redis restart', format: 'blank' })
    for (const [index, instance] of [a, a, b, b].entries()) typists.push({ tag: `t${index}`, client: connectClient(instance.wsUrl, id), typed: 0 })
    await Promise.all(typists.map((typist) => waitForSynced(typist.client, 10_000)))
    const [onA, , onB] = typists as [Typist, Typist, Typist, Typist]
    onA.client.provider.awareness.setLocalStateField('user', { name: 'Ada', color: '#0072B2' })
    await waitFor(() => userAt(onB.client, onA.client.doc.clientID) === 'Ada', 'Ada’s presence on B', 10_000)
    for (const typist of typists) startTyping(typist)
    await waitFor(() => tokensOf(onB.client.doc).has('t0_10') && tokensOf(onA.client.doc).has('t2_10'), 'typing to cross instances', 10_000)

    // Redis dies (its streams and keys with it); everyone keeps typing; Ada changes her presence.
    await cluster.redis.stop(true)
    const typedAtStop = typists.map((typist) => typist.typed)
    // An update A stored and published just before the crash, which B had not read yet: gone with
    // Redis, so only the store has it.
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(await fetchStoredDoc(a.httpUrl, id)))
    const before = Y.encodeStateVector(writer)
    appendParagraph(writer, 'lost with Redis')
    const store = await PostgresStore.open(cluster.database.url)
    try {
      await store.appendUpdate(id, Y.encodeStateAsUpdate(writer, before))
    } finally {
      await store.close()
    }
    onA.client.provider.awareness.setLocalStateField('user', { name: 'Ada (offline Redis)', color: '#0072B2' })
    await waitFor(() => typists.every((typist, index) => typist.typed >= typedAtStop[index] + 15), 'typing while Redis is down', 10_000)
    await cluster.redis.start()
    const typedAtStart = typists.map((typist) => typist.typed)
    await waitFor(() => typists.every((typist, index) => typist.typed >= typedAtStart[index] + 15), 'typing after Redis is back', 10_000)
    for (const typist of typists) clearInterval(typist.timer)

    const all = typists.flatMap((typist) => Array.from({ length: typist.typed }, (_, index) => `${typist.tag}_${index}`))
    for (const typist of typists) {
      await waitFor(() => all.every((token) => tokensOf(typist.client.doc).has(token)), `${typist.tag} to get every token`, 15_000)
    }
    for (const typist of typists) await waitFor(() => blockTexts(typist.client.doc).includes('lost with Redis'), `${typist.tag} to get the update only the store has`, 10_000)
    const texts = blockTexts(onA.client.doc)
    for (const typist of typists) expect(blockTexts(typist.client.doc)).toEqual(texts)
    expect(blockTexts(await fetchStoredDoc(b.httpUrl, id))).toEqual(texts)
    await waitFor(() => userAt(onB.client, onA.client.doc.clientID) === 'Ada (offline Redis)', 'Ada’s presence change to reach B after Redis returned', 10_000)

    // Still one cluster: a new edit on B reaches A.
    contentFragment(onB.client.doc).push([new Y.XmlElement('paragraph')])
    onB.client.doc.transact(() => {
      const last = contentFragment(onB.client.doc).get(contentFragment(onB.client.doc).length - 1) as Y.XmlElement
      last.insert(0, [new Y.XmlText('after the restart')])
    })
    await waitFor(() => blockTexts(onA.client.doc).includes('after the restart'), 'an edit on B to reach A after the restart', 10_000)
  }, 60_000)
})
