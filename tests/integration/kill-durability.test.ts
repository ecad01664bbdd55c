import { createServer } from 'node:net'
import { resolve } from 'node:path'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDoc } from './support/http-client'
import { exitCodeOf, spawnMainDirect, type ServerProcess } from './support/process'
import { makeDataDir, removeDataDir } from './support/test-server'
import { waitFor } from './support/wait'
import { blockTexts, connectClient, contentFragment, waitForSynced, type YjsClient } from './support/yjs-client'

const CONTENT_DIR = resolve(import.meta.dirname, '../../content')
const DOC_ID = 'kill-durability'
const TAGS = ['a', 'b', 'c'] as const
const TYPE_INTERVAL_MS = 10
/** The kill comes once every typist saw this many tokens of each other typist (so at least that many were stored). */
const SEEN_BEFORE_KILL = 20
const TOKEN = /\b([abc])(\d+) /g

type Tag = (typeof TAGS)[number]

/** A port that was free a moment ago (the server must get the same one again after the kill). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolvePort(port))
    })
  })
}

/** Every `a17 `-style token in the document's text. */
function tokensOf(doc: Y.Doc): Set<string> {
  return new Set([...blockTexts(doc).join('\n').matchAll(TOKEN)].map((match) => `${match[1]}${match[2]}`))
}

/** A client typing `<tag><n> ` at the end of its own paragraph, remembering others' tokens it saw. */
interface Typist {
  readonly tag: Tag
  readonly client: YjsClient
  readonly seenFromOthers: Set<string>
  typed: number
  timer?: NodeJS.Timeout
}

function startTyping(typist: Typist, text: Y.XmlText): void {
  typist.timer = setInterval(() => text.insert(text.length, `${typist.tag}${typist.typed++} `), TYPE_INTERVAL_MS)
}

function watchOthers(typist: Typist): void {
  typist.client.doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.local) return
    for (const token of tokensOf(typist.client.doc)) if (!token.startsWith(typist.tag)) typist.seenFromOthers.add(token)
  })
}

describe('collab server: SIGKILL while clients type', () => {
  let dataDir: string
  let env: Record<string, string>
  const servers: ServerProcess[] = []
  const typists: Typist[] = []

  const startServer = async (): Promise<ServerProcess> => {
    const server = spawnMainDirect(env)
    servers.push(server)
    await waitFor(() => server.stdout.includes('listening'), `the server to listen (stderr: ${server.stderr})`, 15_000)
    return server
  }

  beforeAll(async () => {
    dataDir = await makeDataDir()
    const port = await freePort()
    env = { COLLAB_PORT: String(port), COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR }
  })

  afterAll(async () => {
    for (const typist of typists) {
      clearInterval(typist.timer)
      typist.client.destroy()
    }
    for (const server of servers) {
      if (server.child.exitCode === null && server.child.signalCode === null && server.child.pid !== undefined) {
        process.kill(server.child.pid, 'SIGKILL')
        await exitCodeOf(server)
      }
    }
    await removeDataDir(dataDir)
  })

  it('keeps every token any client saw from another client', async () => {
    const first = await startServer()
    const httpUrl = `http://127.0.0.1:${env.COLLAB_PORT}`
    await createDoc(httpUrl, { id: DOC_ID, title: 'Kill durability', format: 'blank' })

    for (const tag of TAGS) {
      const typist: Typist = { tag, client: connectClient(`ws://127.0.0.1:${env.COLLAB_PORT}`, DOC_ID), seenFromOthers: new Set(), typed: 0 }
      typists.push(typist)
      watchOthers(typist)
    }
    await Promise.all(typists.map((typist) => waitForSynced(typist.client)))
    for (const typist of typists) {
      const paragraph = new Y.XmlElement('paragraph')
      const text = new Y.XmlText()
      paragraph.insert(0, [text])
      contentFragment(typist.client.doc).push([paragraph])
      startTyping(typist, text)
    }

    const seenOf = (typist: Typist, tag: Tag) => [...typist.seenFromOthers].filter((token) => token.startsWith(tag)).length
    await waitFor(
      () => typists.every((typist) => TAGS.every((tag) => tag === typist.tag || seenOf(typist, tag) >= SEEN_BEFORE_KILL)),
      `every typist to see ${SEEN_BEFORE_KILL} tokens of each other one`,
      15_000,
    )
    first.child.kill('SIGKILL')
    const exit = await exitCodeOf(first)
    for (const typist of typists) {
      clearInterval(typist.timer)
      typist.client.provider.destroy()
    }
    expect(exit).toBeNull()
    expect(first.child.signalCode).toBe('SIGKILL')

    await startServer()
    const response = await fetch(`${httpUrl}/api/docs/${DOC_ID}/state`)
    expect(response.status).toBe(200)
    const stored = new Y.Doc()
    Y.applyUpdate(stored, new Uint8Array(await response.arrayBuffer()))
    const storedTokens = tokensOf(stored)

    for (const typist of typists) {
      const lost = [...typist.seenFromOthers].filter((token) => !storedTokens.has(token))
      expect(lost, `tokens ${typist.tag} saw from others but the store lost`).toEqual([])
      // A client's stored tokens are a prefix of what it typed: the store keeps updates in order.
      const own = [...storedTokens].filter((token) => token.startsWith(typist.tag))
      expect(own.length, `stored tokens of ${typist.tag} (typed ${typist.typed})`).toBeGreaterThanOrEqual(SEEN_BEFORE_KILL)
      expect(own.map((token) => Number(token.slice(1))).sort((x, y) => x - y)).toEqual(own.map((_, index) => index))
      expect(typist.seenFromOthers.size, `tokens ${typist.tag} saw from others`).toBeGreaterThanOrEqual(2 * SEEN_BEFORE_KILL)
    }
    const summary = typists.map(({ tag, typed, seenFromOthers }) => ({ tag, typed, seen: seenFromOthers.size }))
    console.log(JSON.stringify({ stored: storedTokens.size, typists: summary }))
  }, 60_000)
})
