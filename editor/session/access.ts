import '../model/zod-setup'
import { z } from 'zod'
import { roleSchema, type Role } from '../model/roles'

const claimsSchema = z.union([z.object({ doc: z.string(), role: roleSchema }), z.object({ admin: z.literal(true) })])

function base64UrlDecode(segment: string): string {
  const base64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=')
  const binary = atob(base64)
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
}

/**
 * The role a share token grants in `docId`, read from its payload WITHOUT verifying it (the
 * server verifies); for choosing which tools to show. No token: `editor` (AUTH off lets everyone
 * edit; with AUTH on the server refuses the connection and the UI says why). An admin token is an
 * editor everywhere. A token for another document or one that cannot be read: `viewer`.
 */
export function roleFromToken(token: string | null | undefined, docId: string): Role {
  if (!token) return 'editor'
  try {
    const payload = claimsSchema.safeParse(JSON.parse(base64UrlDecode(token.split('.')[1] ?? '')))
    if (!payload.success) return 'viewer'
    if ('admin' in payload.data) return 'editor'
    return payload.data.doc === docId ? payload.data.role : 'viewer'
  } catch {
    return 'viewer'
  }
}

/** True when `token`'s payload (read WITHOUT verifying it) is an admin token's: such a token is not per document, and revoking a document's links leaves it valid. */
export function isAdminToken(token: string | null | undefined): boolean {
  try {
    const payload = claimsSchema.safeParse(JSON.parse(base64UrlDecode(token?.split('.')[1] ?? '')))
    return payload.success && 'admin' in payload.data
  } catch {
    return false
  }
}
