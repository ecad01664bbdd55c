import type { IncomingMessage, ServerResponse } from 'node:http'
import { signShareToken } from '../auth/tokens'
import { isDocId } from '../../editor/model/doc-id'
import type { CreateDocumentOptions } from '../documents'
import { mergeStoredUpdates } from '../persistence/merge-updates'
import { DocumentExistsError, type DocumentRecord, type DocumentStore } from '../persistence/document-store'
import { readJsonBody, sendError, sendJson } from './json'

function toJSON(document: DocumentRecord): DocumentRecord {
  const { id, title, createdAt, updatedAt } = document
  return { id, title, createdAt, updatedAt }
}

/** `GET /api/docs`: 200 `{ documents: [...] }`, most recently updated first. */
export async function handleListDocuments(res: ServerResponse, store: DocumentStore): Promise<void> {
  const documents = await store.listDocuments()
  sendJson(res, 200, { documents: documents.map(toJSON) })
}

/** `GET /api/docs/:id`: 200 with the document, or 404 `{ error: 'document "id" not found' }`. */
export async function handleGetDocument(res: ServerResponse, store: DocumentStore, id: string): Promise<void> {
  const document = isDocId(id) ? await store.getDocument(id) : null
  if (document) sendJson(res, 200, toJSON(document))
  else sendError(res, 404, `document ${JSON.stringify(id)} not found`)
}

/**
 * `POST /api/docs`: 201 with the new document (plus `import`, the report of an annotated import,
 * and with AUTH=on `token`, an editor token for the creator);
 * 400 naming the invalid field or file line; 409 when the id exists; 413 when the body exceeds `maxBodyBytes`.
 */
export async function handleCreateDocument(
  req: IncomingMessage,
  res: ServerResponse,
  store: DocumentStore,
  options: CreateDocumentOptions & { maxBodyBytes: number },
  secret: string | null = null,
): Promise<void> {
  const body = await readJsonBody(req, options.maxBodyBytes)
  // The importers (ProseMirror, Markdown, annotation formats) load with the first document created.
  const { createDocument } = await import('../documents')
  const outcome = await createDocument(store, body, options)
  if (outcome.ok) {
    // With AUTH=on the creator is the document's editor: the answer carries an editor token.
    const token = secret ? await signShareToken(secret, { doc: outcome.document.id, role: 'editor' }) : undefined
    sendJson(res, 201, { ...toJSON(outcome.document), ...(outcome.report ? { import: outcome.report } : {}), ...(token ? { token } : {}) })
    return
  }
  sendError(res, outcome.error instanceof DocumentExistsError ? 409 : 400, outcome.error.message)
}

/**
 * `GET /api/docs/:id/state`: the document's whole stored Yjs state as one update
 * (`application/octet-stream`), or 404. Every update is stored before anyone sees it, so this is
 * everything any client has seen, read in one consistent query (exports are taken from it). A
 * document of an earlier data model is upgraded first (`upgradeStoredState`), so the state is
 * the one every client gets.
 */
export async function handleGetDocumentState(
  res: ServerResponse,
  store: DocumentStore,
  id: string,
  upgradeStoredState?: (id: string, state: Uint8Array) => Promise<boolean>,
): Promise<void> {
  const document = isDocId(id) ? await store.getDocument(id) : null
  if (!document) {
    sendError(res, 404, `document ${JSON.stringify(id)} not found`)
    return
  }
  const read = async () => mergeStoredUpdates((await store.loadUpdates(id)).map((update) => update.data))
  let state = await read()
  if (await upgradeStoredState?.(id, state)) state = await read()
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': state.byteLength,
    'cache-control': 'no-store',
  })
  res.end(Buffer.from(state.buffer, state.byteOffset, state.byteLength))
}
