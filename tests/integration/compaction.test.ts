import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SqliteStore } from '../../collab-server/persistence/sqlite-store'
import { createDoc, getJson } from './support/http-client'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

const EDITS = 60

describe('collab server: compaction under real traffic', () => {
  let dataDir: string
  let server: TestServer
  const clients: YjsClient[] = []

  beforeAll(async () => {
    dataDir = await makeDataDir()
    server = await startTestServer(dataDir, { compactionThreshold: 25, unloadCompactionMinUpdates: 2 })
  })

  afterAll(async () => {
    clients.splice(0).forEach((client) => client.destroy())
    await server.server.stop()
    await removeDataDir(dataDir)
  })

  it('compacts while editing and on unload, and a restarted server still serves every edit', async () => {
    await createDoc(server.httpUrl, { id: 'busy', title: 'Busy', format: 'blank' })
    const writer = connectClient(server.wsUrl, 'busy')
    const reader = connectClient(server.wsUrl, 'busy')
    clients.push(writer, reader)
    await Promise.all([waitForSynced(writer), waitForSynced(reader)])
    const expected = Array.from({ length: EDITS }, (_, index) => `edit ${index}`)
    for (const text of expected) appendParagraph(writer.doc, text)
    await waitFor(() => blockTexts(reader.doc).length === EDITS + 2, 'every edit to reach the reader')

    clients.splice(0).forEach((client) => client.destroy())
    const rooms = async () => ((await getJson(`${server.httpUrl}/healthz`)).body as { rooms: number }).rooms
    await waitFor(async () => (await rooms()) === 0, 'the room to unload')
    await server.server.stop()

    const store = SqliteStore.open(dataDir)
    const stored = await store.loadUpdates('busy')
    await store.close()
    expect(stored.length).toBe(1)

    server = await startTestServer(dataDir)
    const late = connectClient(server.wsUrl, 'busy')
    clients.push(late)
    await waitForSynced(late)
    expect(blockTexts(late.doc)).toEqual(['Busy', '', ...expected])
  })
})
