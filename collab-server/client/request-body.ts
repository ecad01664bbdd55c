import { readCappedBody, RequestBodyError } from '../http/capped-body'
import { checkAccess, CollabApiError } from './http-client'
import { tokenFromRequest } from './request-token'

const KiB = 1024
const MiB = 1024 * KiB

/** Default cap of an import body (`POST /api/docs`): a 5M-character source as JSON, like the collab server's. */
export const DEFAULT_IMPORT_BODY_BYTES = 16 * MiB

/** Cap of every other body the app reads (share requests and the like). */
export const SMALL_BODY_BYTES = 16 * KiB

/**
 * The import body cap, `MAX_IMPORT_BODY_BYTES` (default {@link DEFAULT_IMPORT_BODY_BYTES});
 * throws naming the variable when it is not a positive whole number of bytes.
 */
export function importBodyLimit(env: Record<string, string | undefined> = process.env): number {
  const value = env.MAX_IMPORT_BODY_BYTES
  if (value === undefined || value === '') return DEFAULT_IMPORT_BODY_BYTES
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new Error(`MAX_IMPORT_BODY_BYTES must be a positive whole number of bytes, got ${JSON.stringify(value)}`)
  }
  return Number(value)
}

/** The collab server call an app route makes with a request's body, and the body's cap. */
export interface GuardedCall {
  /** Base URL of the collab server's HTTP API. */
  readonly collabUrl: string
  readonly method: string
  /** The collab server's path the body goes to. */
  readonly path: string
  readonly limit: number
}

/**
 * Reads an app request's body only once the collab server has said the request's token may make
 * `call`, so a request without access costs no read. Rejects with a {@link CollabApiError} (401,
 * 403, 503) before a byte is read, or a {@link RequestBodyError} (413 over `call.limit`, 400).
 */
export async function readAuthorizedBody(request: Request, call: GuardedCall): Promise<Uint8Array<ArrayBuffer>> {
  await checkAccess(call.collabUrl, call.method, call.path, tokenFromRequest(request))
  return readCappedBody(request, call.limit)
}

/**
 * The JSON `{ error }` answer for a refused body or collab server error, or null for any other
 * error. A request refused before its body was read (401, 403, 413) also gets
 * `Connection: close`, so the server drops the rest of the body instead of reading it.
 */
export function bodyErrorResponse(error: unknown): Response | null {
  if (!(error instanceof RequestBodyError) && !(error instanceof CollabApiError)) return null
  const unread = error.status === 401 || error.status === 403 || error.status === 413
  return Response.json({ error: error.message }, { status: error.status, headers: unread ? { connection: 'close' } : {} })
}
