import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { CloseCode } from '../../editor/model/close-codes'
import { readSuggestionAuthor, recordSuggestionAuthors, suggestionAuthorsMap } from '../../editor/model/suggestion-authors'
import { fetchStoredDoc } from './support/http-client'
import { SERVER_KINDS, startServers, type TestServers } from './support/server-kinds'
import type { TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

const SECRET = 'integration-secret-for-suggestions-42'
const ADA = { id: 'ada', name: 'Ada' }
const DOC = 'suggestions'

/** The first text of the second block (the paragraph under the title). */
const paragraphText = (doc: Y.Doc) => (doc.getXmlFragment('prosemirror').get(1) as Y.XmlElement).get(0) as Y.XmlText

/**
 * Suggestions (data model 2.4) through a real collab server with AUTH=on: an editor's suggestion
 * marks and its `suggestions` entry are stored and relayed; an annotator's or a viewer's write to
 * `suggestions` is refused with 4409 and never stored; nobody may nest a shared type there.
 */
describe.each(SERVER_KINDS)('suggestions over the collab server, %s', (kind) => {
  let servers: TestServers
  let adminToken: string
  const clients: YjsClient[] = []

  /** Connects to instance A, or to `at` (the writers the server refuses connect to instance B). */
  async function connect(role: 'editor' | 'annotator' | 'viewer', at: TestServer = servers.a): Promise<YjsClient> {
    const client = connectClient(at.wsUrl, DOC, { token: await signShareToken(SECRET, { doc: DOC, role }) })
    clients.push(client)
    await waitForSynced(client)
    return client
  }

  beforeAll(async () => {
    servers = await startServers(kind, { authSecret: SECRET })
    adminToken = await signAdminToken(SECRET)
    const response = await fetch(`${servers.a.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ id: DOC, title: 'Suggestions', format: 'txt', source: 'Suggestions\n\nThe quick brown fox.' }),
    })
    expect(response.status).toBe(201)
  })

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
  })

  afterAll(async () => {
    await servers.stop()
  })

  it("an editor's suggestion and its author are stored and relayed", async () => {
    const editor = await connect('editor')
    const other = await connect('editor', servers.b)
    editor.doc.transact(() => paragraphText(editor.doc).format(4, 6, { deletion: { id: 's-1' } }))
    recordSuggestionAuthors(editor.doc, ['s-1'], ADA, '#6A3D9A', '2026-12-05T10:00:00.000Z')
    await waitFor(() => readSuggestionAuthor(other.doc, 's-1') !== null, 'the suggestion to reach the other editor')
    expect(paragraphText(other.doc).toDelta()).toEqual([{ insert: 'The ' }, { insert: 'quick ', attributes: { deletion: { id: 's-1' } } }, { insert: 'brown fox.' }])
    await waitFor(async () => readSuggestionAuthor(await fetchStoredDoc(servers.a.httpUrl, DOC, adminToken), 's-1')?.by.name === 'Ada', 'the author to be stored')
    expect(editor.closes).toEqual([])
  })

  it.each([
    ['annotator', 'update refused: annotators can only change annotations (this update changes suggestions)'],
    ['viewer', 'update refused: viewers cannot change the document (this update changes suggestions)'],
  ] as const)('an %s who writes to suggestions is refused with 4409, nothing stored', async (role, reason) => {
    const watcher = await connect('editor')
    const client = await connect(role, servers.b)
    suggestionAuthorsMap(client.doc).set('s-forged', { by: { id: 'mallory', name: 'Mallory' }, at: '2026-12-05T10:00:00.000Z' })
    await waitFor(() => client.closes.length > 0 && !client.provider.shouldConnect, `the ${role} to be refused`)
    expect(client.closes).toEqual([{ code: CloseCode.UpdateRefused, reason }])
    expect(readSuggestionAuthor(await fetchStoredDoc(servers.a.httpUrl, DOC, adminToken), 's-forged')).toBeNull()
    expect(readSuggestionAuthor(watcher.doc, 's-forged')).toBeNull()
  })

  it('an editor who writes an insertion mark with a bad id is refused with 4409; the text stays for everyone', async () => {
    const editor = await connect('editor', servers.b)
    const other = await connect('editor')
    editor.doc.transact(() => paragraphText(editor.doc).format(0, 4, { insertion: { id: { x: 1 } } }))
    await waitFor(() => editor.closes.length > 0 && !editor.provider.shouldConnect, 'the editor to be refused')
    expect(editor.closes).toEqual([
      { code: CloseCode.UpdateRefused, reason: 'update refused: prosemirror: a "insertion" mark must be { id } with an id of 1 to 100 characters or a number' },
    ])
    const insertions = (text: Y.XmlText) => (text.toDelta() as Array<{ attributes?: object }>).filter((op) => op.attributes && 'insertion' in op.attributes)
    const plain = (text: Y.XmlText) => (text.toDelta() as Array<{ insert: string }>).map((op) => op.insert).join('')
    expect(plain(paragraphText(other.doc))).toBe('The quick brown fox.')
    expect(insertions(paragraphText(other.doc))).toEqual([])
    const stored = paragraphText(await fetchStoredDoc(servers.a.httpUrl, DOC, adminToken))
    expect(plain(stored)).toBe('The quick brown fox.')
    expect(insertions(stored)).toEqual([])
  })

  it('an editor who nests a shared type under suggestions is refused with 4409', async () => {
    const editor = await connect('editor', servers.b)
    suggestionAuthorsMap(editor.doc).set('s-nested', new Y.Map())
    await waitFor(() => editor.closes.length > 0 && !editor.provider.shouldConnect, 'the editor to be refused')
    expect(editor.closes).toEqual([{ code: CloseCode.UpdateRefused, reason: 'update refused: suggestions: suggestions holds plain values keyed by suggestion id' }])
  })
})
