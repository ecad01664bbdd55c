import '../../editor/model/zod-setup'
import { z } from 'zod'
import { versionRecordSchema, type VersionRecord } from '../../editor/model/versions'
import { authHeaders, CollabApiError, createdDocumentSchema } from './http-client'

/** The collab server's path of document `id`'s versions (`GET` lists them, `POST` saves one). */
export function versionsPath(id: string): string {
  return `/api/docs/${encodeURIComponent(id)}/versions`
}

/** The collab server's path that restores version `number` of document `id` as a new document (`POST`). */
export function restorePath(id: string, number: number): string {
  return `${versionsPath(id)}/${number}/restore`
}

/** A document restored from a version, with the version it came from. */
export const restoredDocumentSchema = createdDocumentSchema.extend({ restoredFrom: z.object({ id: z.string(), version: z.number() }) })
export type RestoredDocument = z.infer<typeof restoredDocumentSchema>

async function call(baseUrl: string, path: string, init: RequestInit, token: string | null | undefined): Promise<Response> {
  let response: Response
  try {
    response = await fetch(`${baseUrl}${path}`, { cache: 'no-store', ...init, headers: { ...(init.headers as Record<string, string>), ...authHeaders(token) } })
  } catch (error) {
    throw new CollabApiError(503, `the collab server at ${baseUrl} is not reachable (${(error as Error).message})`)
  }
  if (response.ok) return response
  const message = ((await response.json().catch(() => null)) as { error?: unknown } | null)?.error
  throw new CollabApiError(response.status, typeof message === 'string' ? message : `the collab server answered ${response.status}`)
}

/** Document `id`'s versions, newest first (401/403/404 throw {@link CollabApiError}). */
export async function listVersions(baseUrl: string, id: string, token?: string | null): Promise<VersionRecord[]> {
  const body: unknown = await (await call(baseUrl, versionsPath(id), {}, token)).json()
  return z.object({ versions: z.array(versionRecordSchema) }).parse(body).versions
}

/** Version `number` of document `id` with its Yjs state; null when there is no such version or document. */
export async function getVersion(baseUrl: string, id: string, number: number, token?: string | null): Promise<{ version: VersionRecord; state: Uint8Array } | null> {
  try {
    const path = `${versionsPath(id)}/${number}`
    const version = versionRecordSchema.parse(await (await call(baseUrl, path, {}, token)).json())
    const state = new Uint8Array(await (await call(baseUrl, `${path}/state`, {}, token)).arrayBuffer())
    return { version, state }
  } catch (error) {
    if (error instanceof CollabApiError && error.status === 404) return null
    throw error
  }
}

/** Saves a version; `body` is the request's JSON (`{ name, createdBy? }`), sent as it came. */
export async function createVersion(baseUrl: string, id: string, body: Uint8Array<ArrayBuffer>, token?: string | null): Promise<VersionRecord> {
  const response = await call(baseUrl, versionsPath(id), { method: 'POST', headers: { 'content-type': 'application/json' }, body }, token)
  return versionRecordSchema.parse(await response.json())
}

/** Restores a version as a new document; `body` is the request's JSON (`{ title? }`), sent as it came. */
export async function restoreVersion(baseUrl: string, id: string, number: number, body: Uint8Array<ArrayBuffer>, token?: string | null): Promise<RestoredDocument> {
  const response = await call(baseUrl, restorePath(id, number), { method: 'POST', headers: { 'content-type': 'application/json' }, body }, token)
  return restoredDocumentSchema.parse(await response.json())
}
