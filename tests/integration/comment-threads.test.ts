import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { CloseCode } from '../../editor/model/close-codes'
import { addComment, annotationsMap, readAnnotation, setThreadState } from '../../editor/model/annotation-store'
import { threadStatusOf } from '../../editor/model/comment-thread'
import { annotateInBlock } from './support/annotations'
import { fetchStoredDoc } from './support/http-client'
import { SERVER_KINDS, startServers, type TestServers } from './support/server-kinds'
import type { TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

const SECRET = 'integration-secret-for-comment-threads-42'
const ADA = { id: 'ada', name: 'Ada' }
const BEA = { id: 'bea', name: 'Bea' }

/**
 * Comment threads (data model 2.3) through a real collab server with AUTH=on: an annotator
 * resolves a thread and an editor sees it folded; a comment reopens it; a viewer's resolution is
 * refused with 4409 and never stored.
 */
describe.each(SERVER_KINDS)('comment threads over the collab server, %s', (kind) => {
  let servers: TestServers
  let adminToken: string
  const clients: YjsClient[] = []

  /** Connects to instance A, or to `at` (the annotator and the viewer connect to instance B). */
  async function connect(role: 'editor' | 'annotator' | 'viewer', at: TestServer = servers.a): Promise<YjsClient> {
    const client = connectClient(at.wsUrl, 'threads', { token: await signShareToken(SECRET, { doc: 'threads', role }) })
    clients.push(client)
    await waitForSynced(client)
    return client
  }

  const threadOf = (doc: Y.Doc) => {
    const read = readAnnotation(doc, 'claim-1')
    return read !== null && 'record' in read ? threadStatusOf(read.record) : null
  }

  beforeAll(async () => {
    servers = await startServers(kind, { authSecret: SECRET })
    adminToken = await signAdminToken(SECRET)
    const response = await fetch(`${servers.a.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ id: 'threads', title: 'Threads', format: 'txt', source: 'Threads\n\nThe minister said that nothing will change.' }),
    })
    expect(response.status).toBe(201)
  })

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
  })

  afterAll(async () => {
    await servers.stop()
  })

  it('an annotator resolves, the editor sees it resolved; a comment reopens it; a viewer who resolves is refused with 4409', async () => {
    const editor = await connect('editor')
    const annotator = await connect('annotator', servers.b)
    annotateInBlock(editor.doc, 1, 'nothing will change', { id: 'claim-1', type: 'claim', attrs: { verdict: 'unreviewed' } })
    addComment(editor.doc, 'claim-1', ADA, 'Is there a source?')
    await waitFor(() => threadOf(annotator.doc)?.comments === 1, 'the comment to reach the annotator')

    setThreadState(annotator.doc, 'claim-1', 'resolved', BEA)
    await waitFor(() => threadOf(editor.doc)?.state === 'resolved', 'the resolution to reach the editor')
    expect(threadOf(editor.doc)).toMatchObject({ state: 'resolved', by: BEA, comments: 1 })
    expect(annotator.closes).toEqual([])

    addComment(editor.doc, 'claim-1', ADA, 'Found one, reopening')
    await waitFor(() => threadOf(annotator.doc)?.state === 'open', 'the reopening to reach the annotator')
    await waitFor(async () => threadOf(await fetchStoredDoc(servers.a.httpUrl, 'threads', adminToken))?.comments === 2, 'the comment to be stored')

    setThreadState(annotator.doc, 'claim-1', 'resolved', BEA)
    await waitFor(async () => threadOf(await fetchStoredDoc(servers.a.httpUrl, 'threads', adminToken))?.state === 'resolved', 'the resolution to be stored')

    const viewer = await connect('viewer', servers.b)
    expect(threadOf(viewer.doc)).toMatchObject({ state: 'resolved', by: BEA })
    // A viewer's client may not even reopen: the whole update is refused.
    ;(annotationsMap(viewer.doc).get('claim-1') as Y.Map<unknown>).set('thread', { state: 'open', by: { id: 'vic', name: 'Vic' }, at: new Date().toISOString() })
    await waitFor(() => viewer.closes.length > 0 && !viewer.provider.shouldConnect, 'the viewer to be refused')
    expect(viewer.closes).toEqual([{ code: CloseCode.UpdateRefused, reason: 'update refused: viewers cannot change the document (this update changes annotations)' }])
    expect(threadOf(await fetchStoredDoc(servers.a.httpUrl, 'threads', adminToken))).toMatchObject({ state: 'resolved', by: BEA })
    expect(threadOf(editor.doc)).toMatchObject({ state: 'resolved', by: BEA })
  })
})
