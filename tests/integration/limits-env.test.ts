import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../editor/model/close-codes'
import { createDoc } from './support/http-client'
import { exitCodeOf, spawnMain, type ServerProcess } from './support/process'
import { closeOf, openRawSocket } from './support/raw-socket'
import { makeDataDir, removeDataDir } from './support/test-server'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

const CONTENT_DIR = resolve(import.meta.dirname, '../../content')
const SEEDED_DOC = 'israel-russia-part-2'
const READY_LINE = /listening on http:\/\/127\.0\.0\.1:(\d+) /

describe('collab-server/main.ts: limits from the environment', () => {
  let dataDir: string
  const spawned: ServerProcess[] = []
  const clients: YjsClient[] = []

  beforeAll(async () => {
    dataDir = await makeDataDir()
  })

  afterAll(async () => {
    clients.splice(0).forEach((client) => client.destroy())
    for (const child of spawned) if (child.child.exitCode === null) child.child.kill('SIGKILL')
    await removeDataDir(dataDir)
  })

  it('closes a frame over MAX_MESSAGE_BYTES with 1009 while another room keeps syncing', async () => {
    const limit = 4096
    const server = spawnMain({
      COLLAB_PORT: '0',
      COLLAB_HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CONTENT_DIR,
      MAX_MESSAGE_BYTES: String(limit),
      RATE_LIMIT_UPDATES_PER_SECOND: '50',
      RATE_LIMIT_BURST: '100',
      MAX_ROOMS: '10',
    })
    spawned.push(server)
    await waitFor(() => READY_LINE.test(server.stdout), 'the ready line', 15_000)
    const port = READY_LINE.exec(server.stdout)?.[1]
    const [httpUrl, wsUrl] = [`http://127.0.0.1:${port}`, `ws://127.0.0.1:${port}`]
    await createDoc(httpUrl, { id: 'oversized', title: 'Oversized', format: 'blank' })
    const [writer, reader] = [connectClient(wsUrl, SEEDED_DOC), connectClient(wsUrl, SEEDED_DOC)]
    clients.push(writer, reader)
    await Promise.all([waitForSynced(writer, 15_000), waitForSynced(reader, 15_000)])

    const big = await openRawSocket(wsUrl, '/oversized')
    big.ws.send(new Uint8Array(limit + 1))
    expect((await closeOf(big)).code).toBe(CloseCode.MessageTooLarge)
    // A frame within the limit is read (and refused as malformed, as garbage is), not cut off.
    const small = await openRawSocket(wsUrl, '/oversized')
    small.ws.send(new Uint8Array(limit).fill(0x09))
    expect((await closeOf(small)).code).toBe(CloseCode.MalformedMessage)

    appendParagraph(writer.doc, 'other rooms are unaffected')
    await waitFor(() => blockTexts(reader.doc).includes('other rooms are unaffected'), 'the other room to keep syncing')
    clients.splice(0).forEach((client) => client.destroy())
    server.child.kill('SIGTERM')
    expect(await exitCodeOf(server)).toBe(0)
  })

  it('exits 1 naming each bad limit variable', async () => {
    const bad = { RATE_LIMIT_BURST: '-1', MAX_ROOMS: 'lots' }
    const server = spawnMain({ COLLAB_PORT: '0', COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR, ...bad })
    spawned.push(server)
    expect(await exitCodeOf(server)).toBe(1)
    expect(server.stdout).toBe('')
    expect(server.stderr).toBe(
      'spanwise collab server: invalid environment: RATE_LIMIT_BURST: RATE_LIMIT_BURST must be a positive integer; ' + 'MAX_ROOMS: MAX_ROOMS must be a positive integer\n',
    )
  })
})
