import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../editor/model/close-codes'
import { DATA_MODEL_REVISION, DATA_MODEL_VERSION, META_MAP, MIN_CLIENT_REVISION } from '../../editor/model/doc-layout'
import { createDoc } from './support/http-client'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, contentFragment, contentXml, waitForSynced, type YjsClient } from './support/yjs-client'

describe('collab server: sync between real Yjs clients', () => {
  let dataDir: string
  let server: TestServer
  const clients: YjsClient[] = []

  const connect = (docId: string, target = server, params: Record<string, string> = {}) => {
    const client = connectClient(target.wsUrl, docId, params)
    clients.push(client)
    return client
  }

  beforeAll(async () => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir)
  })

  afterEach(() => {
    clients.splice(0).forEach((client) => client.destroy())
  })

  afterAll(async () => {
    clients.splice(0).forEach((client) => client.destroy())
    await server.server.stop()
    await removeDataDir(dataDir)
  })

  it('converges after concurrent edits, serves late joiners, and keeps everything across a restart', async () => {
    const { id } = await createDoc(server.httpUrl, { id: 'converge', title: 'Converge', format: 'blank' })
    const alice = connect(id)
    const bob = connect(id)
    await Promise.all([waitForSynced(alice), waitForSynced(bob)])
    expect(blockTexts(alice.doc)).toEqual(['Converge', ''])

    // Both edit before either can see the other's change.
    appendParagraph(alice.doc, 'from alice')
    appendParagraph(bob.doc, 'from bob')
    const aliceFirstBlock = contentFragment(alice.doc).get(1) as Y.XmlElement
    aliceFirstBlock.insert(0, [new Y.XmlText('filled by alice')])
    await waitFor(() => contentXml(alice.doc) === contentXml(bob.doc) && blockTexts(bob.doc).length === 4, 'convergence')
    expect(blockTexts(alice.doc).slice(0, 2)).toEqual(['Converge', 'filled by alice'])
    expect(blockTexts(alice.doc).slice(2).sort()).toEqual(['from alice', 'from bob'])
    const converged = contentXml(alice.doc)

    const carol = connect(id)
    await waitForSynced(carol)
    expect(contentXml(carol.doc)).toBe(converged)

    await server.server.stop()
    await waitFor(() => alice.closes.some((close) => close.code === CloseCode.ServerRestarting), 'the 1012 close')
    expect(alice.closes[0]).toEqual({ code: 1012, reason: 'server restarting' })
    server = await startTestServer(dataDir)

    const dave = connect(id)
    await waitForSynced(dave)
    expect(contentXml(dave.doc)).toBe(converged)
    expect(dave.doc.getMap(META_MAP).get('title')).toBe('Converge')
  })

  it('refuses with 4410 a client whose createdAt names an earlier document of the same id, applying nothing it sent', async () => {
    const { id, createdAt } = await createDoc(server.httpUrl, { title: 'Incarnation', format: 'blank' })
    const schemaVersion = String(DATA_MODEL_VERSION)
    const revision = String(DATA_MODEL_REVISION)
    const current = connect(id, server, { createdAt, schemaVersion, revision })
    await waitForSynced(current)

    // A copy of the document that had this id before: its content must not merge into this one.
    const stale = connect(id, server, { createdAt: '2020-01-01T00:00:00.000Z', schemaVersion, revision })
    appendParagraph(stale.doc, 'from the old document')
    await waitFor(() => stale.closes.length > 0, 'the 4410 close')
    expect(stale.closes[0]).toEqual({ code: CloseCode.DocumentRecreated, reason: 'document was re-created' })
    expect(stale.provider.shouldConnect).toBe(false) // permanent: no reconnection

    appendParagraph(current.doc, 'from the current document')
    const late = connect(id)
    await waitFor(() => blockTexts(late.doc).includes('from the current document'), 'the current edit')
    expect(blockTexts(late.doc)).not.toContain('from the old document')
  })

  it('turns away (4410) an app of a revision before 2.4, whose editor would delete blocks holding suggestion marks', async () => {
    const { id, createdAt } = await createDoc(server.httpUrl, { title: 'Revisions', format: 'txt', source: 'Kept as it is.' })
    const schemaVersion = String(DATA_MODEL_VERSION)
    for (const revision of [undefined, '3', '0', 'x4']) {
      const old = connect(id, server, { createdAt, schemaVersion, ...(revision === undefined ? {} : { revision }) })
      appendParagraph(old.doc, `from revision ${revision}`)
      await waitFor(() => old.closes.length > 0, 'the 4410 close')
      expect(old.closes[0]).toEqual({ code: CloseCode.DocumentRecreated, reason: `document is in data model ${DATA_MODEL_VERSION}.${MIN_CLIENT_REVISION}: load it again` })
    }
    const current = connect(id, server, { createdAt, schemaVersion, revision: String(DATA_MODEL_REVISION) })
    await waitForSynced(current)
    expect(current.closes).toEqual([])
    expect(blockTexts(current.doc)).toEqual(['Kept as it is.'])
  })

  it('gives two clients connecting at the same instant to a new document its content exactly once', async () => {
    const source = 'First paragraph of the text.\n\nSecond paragraph, with a comma.'
    const { id } = await createDoc(server.httpUrl, { title: 'Simultaneous', format: 'txt', source })
    const first = connect(id)
    const second = connect(id)
    await Promise.all([waitForSynced(first), waitForSynced(second)])
    const expected = ['First paragraph of the text.', 'Second paragraph, with a comma.']
    expect(blockTexts(first.doc)).toEqual(expected)
    expect(blockTexts(second.doc)).toEqual(expected)

    // A later client sees the same single copy (nothing was seeded twice on the server).
    appendParagraph(first.doc, 'third')
    await waitFor(() => blockTexts(second.doc).length === 3, 'the edit to reach the second client')
    const third = connect(id)
    await waitForSynced(third)
    expect(blockTexts(third.doc)).toEqual([...expected, 'third'])
  })

  it('relays awareness states and removes them when a client leaves', async () => {
    const { id } = await createDoc(server.httpUrl, { id: 'presence', title: 'Presence', format: 'blank' })
    const alice = connect(id)
    const bob = connect(id)
    await Promise.all([waitForSynced(alice), waitForSynced(bob)])
    alice.provider.awareness.setLocalStateField('user', { name: 'alice', color: '#0072B2' })
    const aliceId = alice.doc.clientID
    await waitFor(() => bob.provider.awareness.getStates().has(aliceId), 'alice to appear at bob')
    expect(bob.provider.awareness.getStates().get(aliceId)).toEqual({ user: { name: 'alice', color: '#0072B2' } })

    // Kill the socket without the provider's goodbye, so only the server can remove the state.
    alice.provider.shouldConnect = false
    ;(alice.provider.ws as unknown as WebSocket).terminate()
    await waitFor(() => !bob.provider.awareness.getStates().has(aliceId), 'alice to disappear at bob')
  })
})
