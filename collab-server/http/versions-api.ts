import type { IncomingMessage, ServerResponse } from 'node:http'
import { signShareToken } from '../auth/tokens'
import { describeIssues } from '../../editor/model/describe-issues'
import { isDocId } from '../../editor/model/doc-id'
import { badVersionNumberMessage, createVersionRequestSchema, parseVersionNumber, restoreVersionRequestSchema } from '../../editor/model/versions'
import type { CreateDocumentOptions } from '../documents'
import type { DocumentStore } from '../persistence/document-store'
import { saveVersion, storedState, type VersionPolicy } from '../versions/document-versions'
import type { ManualSaveGate } from '../versions/manual-save-gate'
import { restoreVersion } from '../versions/restore-version'
import { readJsonBody, sendError, sendJson } from './json'

/** Bodies of the version calls are small: a name, a title. */
const VERSION_BODY_BYTES = 16 * 1024

/** The status of each refused manual save. */
const SAVE_REFUSALS = { 'not-found': 404, 'too-large': 413, unchanged: 409, full: 409 } as const

/** The status of each refused restore. */
const RESTORE_REFUSALS = { 'not-found': 404, 'id-taken': 409, 'too-large': 413 } as const

/** What the version handlers need besides the store. */
export interface VersionsApiContext {
  readonly store: DocumentStore
  readonly policy: VersionPolicy
  readonly createOptions?: CreateDocumentOptions
  /** Signs the creator's editor token of a restored document (AUTH=on); null: none. */
  readonly secret: string | null
  /** Upgrades a stored document of an earlier data model before its state is read (see `HttpContext`). */
  readonly upgradeStoredState?: (id: string, state: Uint8Array) => Promise<boolean>
  /** At most one manual version per document per interval; omitted: no wait. */
  readonly manualSaves?: ManualSaveGate
}

function notFound(res: ServerResponse, id: string): void {
  sendError(res, 404, `document ${JSON.stringify(id)} not found`)
}

async function documentExists(store: DocumentStore, id: string): Promise<boolean> {
  return isDocId(id) && (await store.getDocument(id)) !== null
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
}

/** `GET /api/docs/:id/versions`: 200 `{ versions: [...] }`, newest first, without their states; 404 for an unknown document. */
export async function handleListVersions(res: ServerResponse, store: DocumentStore, id: string): Promise<void> {
  if (!(await documentExists(store, id))) return notFound(res, id)
  sendJson(res, 200, { versions: await store.listVersions(id) })
}

/**
 * `POST /api/docs/:id/versions` with `{ name, createdBy? }`: saves a manual version of the
 * document as stored now; 201 with the version (and `pruned`, the numbers of versions removed to
 * keep within the limits: automatic ones only); 400 naming the bad field; 404; 409 when nothing
 * changed since the latest version or the document has as many manual versions as it may keep;
 * 413 when the state is too large; 429 (with `Retry-After`) when one was saved moments ago.
 */
export async function handleCreateVersion(req: IncomingMessage, res: ServerResponse, context: VersionsApiContext, id: string): Promise<void> {
  const { store, policy } = context
  if (!(await documentExists(store, id))) return notFound(res, id)
  const parsed = createVersionRequestSchema.safeParse(await readJsonBody(req, VERSION_BODY_BYTES))
  if (!parsed.success) return sendError(res, 400, describeIssues(parsed.error))
  const wait = context.manualSaves?.take(id) ?? 0
  if (wait > 0) return sendError(res, 429, `a version of this document was saved moments ago: try again in ${wait} s`, { 'retry-after': String(wait) })
  await context.upgradeStoredState?.(id, await storedState(store, id))
  const { name, createdBy } = parsed.data
  const outcome = await saveVersion(store, id, { kind: 'manual', name, createdBy: createdBy ?? null }, policy)
  if (!outcome.ok) return sendError(res, SAVE_REFUSALS[outcome.reason], outcome.message)
  sendJson(res, 201, { ...outcome.added.version, pruned: outcome.added.pruned })
}

/** The version a `GET /api/docs/:id/versions/:n[/state]` names; answers 400/404 itself and resolves null then. */
async function findVersion(res: ServerResponse, store: DocumentStore, id: string, segment: string) {
  const number = parseVersionNumber(segment)
  if (number === null) {
    sendError(res, 400, badVersionNumberMessage(segment))
    return null
  }
  if (!(await documentExists(store, id))) {
    notFound(res, id)
    return null
  }
  const found = await store.getVersion(id, number)
  if (!found) sendError(res, 404, `version ${number} of document ${JSON.stringify(id)} not found`)
  return found
}

/** `GET /api/docs/:id/versions/:n`: 200 with the version's record; 400 for a bad number; 404. */
export async function handleGetVersion(res: ServerResponse, store: DocumentStore, id: string, segment: string): Promise<void> {
  const found = await findVersion(res, store, id, segment)
  if (found) sendJson(res, 200, found.version)
}

/** `GET /api/docs/:id/versions/:n/state`: the version's Yjs state as one update (`application/octet-stream`); 400; 404. */
export async function handleGetVersionState(res: ServerResponse, store: DocumentStore, id: string, segment: string): Promise<void> {
  const found = await findVersion(res, store, id, segment)
  if (!found) return
  const { state } = found
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': state.byteLength, 'cache-control': 'no-store' })
  res.end(Buffer.from(state.buffer, state.byteOffset, state.byteLength))
}

/**
 * `POST /api/docs/:id/versions/:n/restore` with `{ title? }` (or no body): a new document made
 * from the version (an admin call with AUTH=on, as `POST /api/docs`); 201 with it as `POST /api/docs`
 * answers (with AUTH=on `token`, the creator's editor token) and `restoredFrom`, the original
 * untouched; 400 for a bad number or title; 404; 413 when the new document would be too large.
 */
export async function handleRestoreVersion(req: IncomingMessage, res: ServerResponse, context: VersionsApiContext, id: string, segment: string): Promise<void> {
  const number = parseVersionNumber(segment)
  if (number === null) return sendError(res, 400, badVersionNumberMessage(segment))
  if (!(await documentExists(context.store, id))) return notFound(res, id)
  const body = hasBody(req) ? await readJsonBody(req, VERSION_BODY_BYTES) : {}
  const parsed = restoreVersionRequestSchema.safeParse(body)
  if (!parsed.success) return sendError(res, 400, describeIssues(parsed.error))
  const outcome = await restoreVersion(context.store, id, number, parsed.data, context.createOptions, context.policy.maxStateBytes)
  if (!outcome.ok) return sendError(res, RESTORE_REFUSALS[outcome.reason], outcome.message)
  const { id: newId, title, createdAt, updatedAt } = outcome.document
  // As `POST /api/docs` answers (the caller is an admin): the creator's editor token with AUTH=on.
  const token = context.secret ? await signShareToken(context.secret, { doc: newId, role: 'editor' }) : undefined
  sendJson(res, 201, { id: newId, title, createdAt, updatedAt, restoredFrom: { id, version: number }, ...(token ? { token } : {}) })
}
