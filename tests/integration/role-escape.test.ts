import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { CloseCode } from '../../editor/model/close-codes'
import { encodeMessage } from '../../collab-server/protocol'
import { addComment, readAnnotation, readAnnotations, updateAnnotation } from '../../editor/model/annotation-store'
import { encodeRawUpdate } from '../unit/collab-server/support/raw-update'
import { annotateInBlock } from './support/annotations'
import { fetchStoredDoc } from './support/http-client'
import { SERVER_KINDS, startServers, type TestServers } from './support/server-kinds'
import type { TestServer } from './support/test-server'
import { waitFor, within } from './support/wait'
import { appendParagraph, blockTexts, connectClient, contentXml, waitForSynced, type YjsClient } from './support/yjs-client'

const SECRET = 'integration-secret-that-is-long-enough-42'
const PASTE = 'twenty-eight pasted letters'

/** A raw socket that sends hand-made frames and records how it was closed. */
interface Raw {
  readonly ws: WebSocket
  readonly closed: Promise<{ code: number; reason: string }>
}

// The editors on instance A, the attacker on instance B: B must know whose client ids are whose.
describe.each(SERVER_KINDS)('collab server with AUTH=on, %s: an annotator cannot reach the text through Yjs internals', (kind) => {
  let servers: TestServers
  let adminToken: string
  const clients: YjsClient[] = []
  const raws: Raw[] = []
  let docCount = 0

  async function newDoc(): Promise<string> {
    const id = `escape-${++docCount}`
    const response = await fetch(`${servers.a.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ id, title: 'Escape', format: 'txt', source: 'First paragraph.' }),
    })
    expect(response.status).toBe(201)
    return id
  }

  async function connect(docId: string, role: 'editor' | 'annotator', at: TestServer = servers.a): Promise<YjsClient> {
    const client = connectClient(at.wsUrl, docId, { token: await signShareToken(SECRET, { doc: docId, role }) })
    clients.push(client)
    await waitForSynced(client)
    return client
  }

  async function openRaw(docId: string, role: 'annotator' | 'editor'): Promise<Raw> {
    const token = await signShareToken(SECRET, { doc: docId, role })
    const ws = new WebSocket(`${servers.b.wsUrl}/${docId}?token=${token}`)
    ws.on('error', () => {})
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
    await within(new Promise((resolve) => ws.once('open', resolve)), 'the raw socket to open')
    const raw = { ws, closed }
    raws.push(raw)
    return raw
  }

  const storedDoc = (id: string) => fetchStoredDoc(servers.a.httpUrl, id, adminToken)

  /** An editor whose client id the document already has content from (typed, then deleted): what an attacker can see. */
  async function editorWithHistory(docId: string): Promise<YjsClient> {
    const editor = await connect(docId, 'editor')
    appendParagraph(editor.doc, 'x')
    await waitFor(async () => blockTexts(await storedDoc(docId)).includes('x'), 'the first edit to be stored')
    editor.doc.getXmlFragment('prosemirror').delete(1, 1)
    await waitFor(async () => blockTexts(await storedDoc(docId)).length === 1, 'the first edit to be undone')
    return editor
  }

  /** A Y.Doc holding `source`'s state that writes under `clientID`. */
  function forger(source: Y.Doc, clientID: number): Y.Doc {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source))
    doc.clientID = clientID
    return doc
  }

  /** Sends the forged update from an annotator's raw socket and returns how the socket was closed. */
  async function sendAsAnnotator(docId: string, update: Uint8Array): Promise<{ code: number; reason: string }> {
    const raw = await openRaw(docId, 'annotator')
    raw.ws.send(encodeMessage({ type: 'sync-update', update }))
    return within(raw.closed, 'the annotator to be closed')
  }

  /** After the attempt, the editor pastes; everyone (and the store) must get exactly the editor's text. */
  async function expectPasteIntact(docId: string, editor: YjsClient): Promise<void> {
    const reader = await connect(docId, 'editor', servers.b)
    appendParagraph(editor.doc, PASTE)
    await waitFor(async () => blockTexts(await storedDoc(docId)).includes(PASTE), 'the paste to be stored')
    await waitFor(() => contentXml(reader.doc) === contentXml(editor.doc), 'the other editor to converge')
    const stored = await storedDoc(docId)
    expect(contentXml(stored)).toBe(contentXml(editor.doc))
    expect(blockTexts(stored)).toEqual(['First paragraph.', PASTE])
    expect(stored.getMap('annotations').size).toBe(0)
  }

  beforeAll(async () => {
    servers = await startServers(kind, { authSecret: SECRET })
    adminToken = await signAdminToken(SECRET)
  })

  afterEach(() => {
    clients.splice(0).forEach((client) => client.destroy())
    raws.splice(0).forEach((raw) => raw.ws.terminate())
  })

  afterAll(async () => {
    await servers.stop()
  })

  it('refuses annotation structs under the editor’s client id a few clocks ahead, so the editor’s paste is not hijacked', async () => {
    const docId = await newDoc()
    const editor = await editorWithHistory(docId)
    const doc = forger(editor.doc, editor.doc.clientID)
    doc.getMap('annotations').set('skipped', 'never sent')
    const gap = Y.encodeStateVector(doc)
    doc.getMap('annotations').set('hijack', { href: 'javascript:alert(1)' })
    const closed = await sendAsAnnotator(docId, Y.encodeStateAsUpdate(doc, gap))
    expect(closed).toEqual({ code: CloseCode.UpdateRefused, reason: 'update refused: it writes under another writer’s client id' })
    await expectPasteIntact(docId, editor)
  })

  it('refuses structs under the editor’s client id at its very next clock, which would swallow the editor’s paste', async () => {
    const docId = await newDoc()
    const editor = await editorWithHistory(docId)
    const doc = forger(editor.doc, editor.doc.clientID)
    const before = Y.encodeStateVector(doc)
    doc.getMap('annotations').set('shadow', new Y.Map())
    const closed = await sendAsAnnotator(docId, Y.encodeStateAsUpdate(doc, before))
    expect(closed).toEqual({ code: CloseCode.UpdateRefused, reason: 'update refused: it writes under another writer’s client id' })
    await expectPasteIntact(docId, editor)
  })

  it('refuses a deletion of the editor’s future clocks held aside until the editor writes them', async () => {
    const docId = await newDoc()
    // The attacker learns the editor's client id from the editor's first edit.
    const editor = await editorWithHistory(docId)
    const next = Y.getState(editor.doc.store, editor.doc.clientID)
    // Records at the editor's clocks next+1 … next+30, deleted by the same update: Yjs would hold
    // both aside (clock `next` is missing) and, once the editor's paste fills it, delete the paste.
    const client = editor.doc.clientID
    const covers = Array.from({ length: 30 }, (_, index) => ({ client, clock: next + 1 + index, root: 'annotations', key: `c${index}`, type: 'map' as const }))
    const closed = await sendAsAnnotator(docId, encodeRawUpdate(covers, [[client, next + 1, 30]]))
    expect(closed).toEqual({ code: CloseCode.UpdateRefused, reason: 'update refused: it writes under another writer’s client id' })
    await expectPasteIntact(docId, editor)
  })

  it('refuses annotation structs under the client id of an editor whose only content is an annotation', async () => {
    const docId = await newDoc()
    // B's room is loaded before the editor writes: it learns the editor's ownership from A's update.
    const watcher = await connect(docId, 'annotator', servers.b)
    const editor = await connect(docId, 'editor')
    annotateInBlock(editor.doc, 0, 'First paragraph', { id: 'by-editor', type: 'event' })
    await waitFor(() => watcher.doc.getMap('annotations').has('by-editor'), 'the editor’s record to reach the other instance')
    const doc = forger(editor.doc, editor.doc.clientID)
    const before = Y.encodeStateVector(doc)
    doc.getMap('annotations').set('shadow', new Y.Map())
    const closed = await sendAsAnnotator(docId, Y.encodeStateAsUpdate(doc, before))
    expect(closed).toEqual({ code: CloseCode.UpdateRefused, reason: 'update refused: it writes under another writer’s client id' })
    updateAnnotation(editor.doc, 'by-editor', { note: 'still the editor’s' })
    const note = (read: ReturnType<typeof readAnnotation>) => (read !== null && 'record' in read ? read.record.note : null)
    await waitFor(async () => note(readAnnotation(await storedDoc(docId), 'by-editor')) === 'still the editor’s', 'the editor’s change to be stored')
    await waitFor(() => note(readAnnotation(watcher.doc, 'by-editor')) === 'still the editor’s', 'the editor’s change to reach the other instance')
    expect([...(await storedDoc(docId)).getMap('annotations').keys()]).toEqual(['by-editor'])
    expect([...watcher.doc.getMap('annotations').keys()]).toEqual(['by-editor'])
    expect([editor.closes, watcher.closes]).toEqual([[], []])
  })

  it('refuses writes under the client id of an editor who has only published presence (on another instance) so far', async () => {
    const docId = await newDoc()
    const watcher = await connect(docId, 'annotator', servers.b)
    const editor = await connect(docId, 'editor')
    editor.provider.awareness.setLocalStateField('user', { name: 'Editor', color: '#0072B2' })
    await waitFor(() => watcher.provider.awareness.getStates().has(editor.doc.clientID), 'the editor’s presence to reach the other instance')
    const doc = new Y.Doc()
    doc.clientID = editor.doc.clientID
    doc.getMap('annotations').set('shadow', new Y.Map())
    const closed = await sendAsAnnotator(docId, Y.encodeStateAsUpdate(doc))
    expect(closed).toEqual({ code: CloseCode.UpdateRefused, reason: 'update refused: it writes under another writer’s client id' })
    await expectPasteIntact(docId, editor)
    expect(watcher.doc.getMap('annotations').size).toBe(0)
  })

  it('refuses a 10,000-deep nested Y.Map under annotations from an editor as well as an annotator; readers keep working', async () => {
    const docId = await newDoc()
    const editor = await connect(docId, 'editor')
    // Every level under a record entry a record may have (`attr.<key>`), each a Y.Map instead of a plain value.
    const deep = (client: number) =>
      encodeRawUpdate(
        Array.from({ length: 10_000 }, (_, clock) =>
          clock === 0
            ? { client, clock, root: 'annotations', key: 'deep', type: 'map' as const }
            : { client, clock, parentId: [client, clock - 1] as const, key: 'attr.verdict', type: 'map' as const },
        ),
      )
    const reason = 'update refused: annotations: "attr.verdict" must be a plain JSON value'
    expect(await sendAsAnnotator(docId, deep(900_001))).toEqual({ code: CloseCode.UpdateRefused, reason })
    const rawEditor = await openRaw(docId, 'editor')
    rawEditor.ws.send(encodeMessage({ type: 'sync-update', update: deep(900_002) }))
    expect(await within(rawEditor.closed, 'the editor socket to be closed')).toEqual({ code: CloseCode.UpdateRefused, reason })
    const stored = await storedDoc(docId)
    expect(stored.getMap('annotations').size).toBe(0)
    expect(readAnnotations(stored)).toEqual({ records: [], invalid: [] })
    await expectPasteIntact(docId, editor)
  })

  it('lets an annotator that reconnects with the same link keep changing its own annotations', async () => {
    const docId = await newDoc()
    const token = await signShareToken(SECRET, { doc: docId, role: 'annotator' })
    const annotator = connectClient(servers.b.wsUrl, docId, { token })
    clients.push(annotator)
    await waitForSynced(annotator)
    annotateInBlock(annotator.doc, 0, 'First paragraph', { id: 'a1', type: 'event' })
    await waitFor(async () => (await storedDoc(docId)).getMap('annotations').has('a1'), 'the record to be stored')
    annotator.provider.disconnect()
    updateAnnotation(annotator.doc, 'a1', { note: 'written while offline' })
    addComment(annotator.doc, 'a1', { id: 'annotator', name: 'Annotator' }, 'commented while offline')
    annotator.provider.connect()
    const storedRecord = async () => {
      const read = readAnnotation(await storedDoc(docId), 'a1')
      return read !== null && 'record' in read ? read.record : null
    }
    await waitFor(async () => (await storedRecord())?.comments.length === 1, 'the offline changes to be stored')
    expect(await storedRecord()).toMatchObject({ note: 'written while offline', comments: [{ text: 'commented while offline' }] })
    expect(annotator.closes.filter((close) => close.code === CloseCode.UpdateRefused)).toEqual([])
  })
})
