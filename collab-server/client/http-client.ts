import '../../editor/model/zod-setup'
import { z } from 'zod'
import type { DocumentSource } from '../../editor/import'
import { bearerCredentials } from '../../editor/model/bearer-token'
import { roleSchema } from '../../editor/model/roles'

/** A document as the collab server's HTTP API lists it. */
export const documentSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type DocumentSummary = z.infer<typeof documentSummarySchema>

/** The collab server answered with an error status; `status` and the server's message are kept. */
export class CollabApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'CollabApiError'
  }
}

/** Headers that carry an access token to the collab server (none when there is no token). */
export function authHeaders(token?: string | null): Record<string, string> {
  return token ? { authorization: bearerCredentials(token) } : {}
}

async function request(baseUrl: string, path: string, init: RequestInit = {}, token?: string | null): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(`${baseUrl}${path}`, { cache: 'no-store', ...init, headers: { ...(init.headers as Record<string, string>), ...authHeaders(token) } })
  } catch (error) {
    throw new CollabApiError(503, `the collab server at ${baseUrl} is not reachable (${(error as Error).message})`)
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const message = (body as { error?: unknown } | null)?.error
    throw new CollabApiError(response.status, typeof message === 'string' ? message : `HTTP ${response.status}`)
  }
  return body
}

/** Lists every document, most recently edited first. */
export async function listDocuments(baseUrl: string, token?: string | null): Promise<DocumentSummary[]> {
  const body = await request(baseUrl, '/api/docs', {}, token)
  return z.object({ documents: z.array(documentSummarySchema) }).parse(body).documents
}

/** One document's summary, or null when the server does not know the id (401/403 throw CollabApiError). */
export async function getDocument(baseUrl: string, id: string, token?: string | null): Promise<DocumentSummary | null> {
  try {
    return documentSummarySchema.parse(await request(baseUrl, `/api/docs/${encodeURIComponent(id)}`, {}, token))
  } catch (error) {
    if (error instanceof CollabApiError && error.status === 404) return null
    throw error
  }
}

/** What an annotated import did: annotations imported, re-anchored by quote, or skipped with a reason. */
const importReportSchema = z.object({
  imported: z.number(),
  reanchored: z.array(z.object({ id: z.string(), exact: z.string() })),
  skipped: z.array(z.object({ id: z.string().nullable(), exact: z.string(), reason: z.string() })),
  /** Missing in answers of servers before links (a client of this release may talk to one). */
  droppedLinks: z.array(z.object({ annotation: z.string(), link: z.string(), reason: z.string() })).default([]),
})

/**
 * A created document, with the import report for annotated formats and, when the server checks
 * access (AUTH=on), an editor token for its creator.
 */
export const createdDocumentSchema = documentSummarySchema.extend({ import: importReportSchema.optional(), token: z.string().optional() })
export type CreatedDocument = z.infer<typeof createdDocumentSchema>

/** The collab server's path that creates documents (`POST`). */
export const DOCUMENTS_PATH = '/api/docs'

/** The collab server's path that makes share tokens for document `id` (`POST`). */
export function sharePath(id: string): string {
  return `/api/docs/${encodeURIComponent(id)}/share`
}

/**
 * Asks the collab server whether `token` may make the call `method path` (`GET /api/access`),
 * without making it. Resolves when it may; throws a {@link CollabApiError} with the status and
 * message the call itself would get (401, 403), or 503 when the server is not reachable.
 */
export async function checkAccess(baseUrl: string, method: string, path: string, token?: string | null): Promise<void> {
  const query = new URLSearchParams({ method, path })
  await request(baseUrl, `/api/access?${query}`, {}, token)
}

/**
 * Asks the collab server to create a document (it writes the initial content, once). `source` may
 * be the request's JSON already as bytes, which are sent as they are.
 */
export async function createDocument(baseUrl: string, source: (DocumentSource & { id?: string }) | Uint8Array<ArrayBuffer>, token?: string | null): Promise<CreatedDocument> {
  const json = source instanceof Uint8Array ? source : JSON.stringify(source)
  const body = await request(baseUrl, DOCUMENTS_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json }, token)
  return createdDocumentSchema.parse(body)
}

/** A document's whole stored Yjs state as one update, or null when the server does not know the id. */
export async function getDocumentState(baseUrl: string, id: string, token?: string | null): Promise<Uint8Array | null> {
  let response: Response
  try {
    response = await fetch(`${baseUrl}/api/docs/${encodeURIComponent(id)}/state`, { cache: 'no-store', headers: authHeaders(token) })
  } catch (error) {
    throw new CollabApiError(503, `the collab server at ${baseUrl} is not reachable (${(error as Error).message})`)
  }
  if (response.status === 404) return null
  if (!response.ok) {
    const message = ((await response.json().catch(() => null)) as { error?: string } | null)?.error
    throw new CollabApiError(response.status, message ?? `the collab server answered ${response.status}`)
  }
  return new Uint8Array(await response.arrayBuffer())
}

/** Share tokens for a document, one per role; `auth: false` when the server does not check access. */
export const shareLinksSchema = z.object({
  auth: z.boolean(),
  links: z.array(z.object({ role: roleSchema, token: z.string(), expiresAt: z.string() })),
})
export type ShareLinks = z.infer<typeof shareLinksSchema>

/** Asks the collab server for share tokens (needs an admin or editor token with AUTH=on). */
export async function createShareLinks(baseUrl: string, id: string, request: { roles?: string[]; ttl?: string }, token?: string | null): Promise<ShareLinks> {
  const body = await postJson(baseUrl, sharePath(id), request, token)
  return shareLinksSchema.parse(body)
}

function postJson(baseUrl: string, path: string, body: unknown, token?: string | null): Promise<unknown> {
  return request(baseUrl, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, token)
}

/** What revoking a document's links answers: a fresh editor token in the new generation, or `auth: false` (AUTH=off: nothing to revoke). */
export const revokedLinksSchema = z.discriminatedUnion('auth', [
  z.object({ auth: z.literal(true), generation: z.number(), token: z.string(), expiresAt: z.string() }),
  z.object({ auth: z.literal(false) }),
])
export type RevokedLinks = z.infer<typeof revokedLinksSchema>

/** Revokes every share link of a document made so far (needs an admin or editor token with AUTH=on). */
export async function revokeLinks(baseUrl: string, id: string, token?: string | null): Promise<RevokedLinks> {
  const body = await request(baseUrl, `/api/docs/${encodeURIComponent(id)}/revoke`, { method: 'POST' }, token)
  return revokedLinksSchema.parse(body)
}
