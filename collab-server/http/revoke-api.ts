import type { IncomingMessage, ServerResponse } from 'node:http'
import { requestGrant, type AccessPolicy } from '../auth/access'
import { signShareToken, tokenLifetime } from '../auth/tokens'
import { isDocId } from '../../editor/model/doc-id'
import type { DocumentStore } from '../persistence/document-store'
import { sendError, sendJson } from './json'
import { notAfterOf } from './share-api'

/** Closes a document's open sockets whose share token is older than `generation` (the socket gateway). */
export type CloseRevokedSockets = (docId: string, generation: number) => number

/**
 * `POST /api/docs/:id/revoke` (no body), for an admin or an editor of the document: bumps the
 * document's token generation, so every share token made before is refused (401 / 4401 "token
 * revoked"), and closes the open sockets that use one. Answers `{ auth: true, generation, token,
 * expiresAt }`: a fresh editor token in the new generation, so the caller keeps access (7 days, no
 * later than the caller's own token). With AUTH=off there is nothing to revoke: `{ auth: false }`.
 */
export async function handleRevokeLinks(
  req: IncomingMessage,
  res: ServerResponse,
  store: DocumentStore,
  id: string,
  access: AccessPolicy | undefined,
  closeRevoked: CloseRevokedSockets,
): Promise<void> {
  if (!isDocId(id) || !(await store.getDocument(id))) {
    sendError(res, 404, `document ${JSON.stringify(id)} not found`)
    return
  }
  if (!access?.secret) {
    sendJson(res, 200, { auth: false })
    return
  }
  const lifetime = { now: new Date(), notAfter: notAfterOf(await requestGrant(access, req)) }
  const generation = await store.bumpTokenGeneration(id)
  if (generation === null) {
    sendError(res, 404, `document ${JSON.stringify(id)} not found`)
    return
  }
  closeRevoked(id, generation)
  const token = await signShareToken(access.secret, { doc: id, role: 'editor', gen: generation, ...lifetime })
  sendJson(res, 200, { auth: true, generation, token, expiresAt: new Date(tokenLifetime(lifetime).expiresAt * 1000).toISOString() })
}
