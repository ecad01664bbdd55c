import { z } from 'zod'
import type { DocumentSource } from '../../editor/import'

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
  return token ? { authorization: `Bearer ${token}` } : {}
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
export const importReportSchema = z.object({
  imported: z.number(),
  reanchored: z.array(z.object({ id: z.string(), exact: z.string() })),
  skipped: z.array(z.object({ id: z.string().nullable(), exact: z.string(), reason: z.string() })),
})

/**
 * A created document, with the import report for annotated formats and, when the server checks
 * access (AUTH=on), an editor token for its creator.
 */
export const createdDocumentSchema = documentSummarySchema.extend({ import: importReportSchema.optional(), token: z.string().optional() })
export type CreatedDocument = z.infer<typeof createdDocumentSchema>

/** Asks the collab server to create a document (it writes the initial content, once). */
export async function createDocument(baseUrl: string, source: DocumentSource & { id?: string }, token?: string | null): Promise<CreatedDocument> {
  const body = await request(
    baseUrl,
    '/api/docs',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(source) },
    token,
  )
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
  links: z.array(z.object({ role: z.enum(['editor', 'annotator', 'viewer']), token: z.string(), expiresAt: z.string() })),
})
export type ShareLinks = z.infer<typeof shareLinksSchema>

/** Asks the collab server for share tokens (needs an admin or editor token with AUTH=on). */
export async function createShareLinks(baseUrl: string, id: string, request: { roles?: string[]; ttl?: string }, token?: string | null): Promise<ShareLinks> {
  const body = await postJson(baseUrl, `/api/docs/${encodeURIComponent(id)}/share`, request, token)
  return shareLinksSchema.parse(body)
}

function postJson(baseUrl: string, path: string, body: unknown, token?: string | null): Promise<unknown> {
  return request(baseUrl, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, token)
}
