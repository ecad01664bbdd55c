import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * The identity a websocket writes as: a digest of its `token` parameter (everyone who opened the
 * same share link is one principal), or null when it has no token (`AUTH=off`: each connection is
 * its own principal). Never the token itself, which is a credential and may end up in logs.
 */
export function tokenPrincipal(request: IncomingMessage): string | null {
  let token: string | null = null
  try {
    token = new URL(request.url ?? '/', 'http://socket').searchParams.get('token')
  } catch {
    return null
  }
  return token ? `token:${createHash('sha256').update(token).digest('base64url').slice(0, 24)}` : null
}
