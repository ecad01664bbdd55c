import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { describeIssues } from '../../editor/model/describe-issues'
import { requestGrant, type AccessPolicy } from '../auth/access'
import { ROLES, roleSchema } from '../../editor/model/roles'
import { signShareToken, tokenLifetime, type VerifiedToken } from '../auth/tokens'
import { parseTtl } from '../auth/ttl'
import { isDocId } from '../../editor/model/doc-id'
import type { DocumentStore } from '../persistence/document-store'
import { readJsonBody, sendError, sendJson } from './json'

const shareRequestSchema = z.object({
  roles: z
    .array(roleSchema)
    .min(1)
    .default([...ROLES]),
  ttl: z
    .string()
    .default('7d')
    .refine((ttl) => {
      try {
        parseTtl(ttl)
        return true
      } catch {
        return false
      }
    }, 'ttl must look like 45s, 30m, 12h or 7d'),
})

/** The latest expiry a token made by `caller` may have: a share token's own (admin tokens: none). */
export function notAfterOf(caller: VerifiedToken | null): number | undefined {
  return caller?.kind === 'share' ? caller.exp : undefined
}

/**
 * `POST /api/docs/:id/share` with `{ roles?: ["editor","annotator","viewer"], ttl?: "7d" }`: one
 * share token per role (`{ auth: true, links: [{ role, token, expiresAt }] }`) in the document's
 * current token generation, for an admin or an editor of the document. A link made with a share
 * token expires no later than that token (`expiresAt` says when); an admin token's links live the
 * whole `ttl` (at most 365d). With AUTH=off there are no tokens: `{ auth: false, links: [] }`.
 */
export async function handleCreateShareLink(
  req: IncomingMessage,
  res: ServerResponse,
  store: DocumentStore,
  id: string,
  access: AccessPolicy | undefined,
  maxBodyBytes: number,
): Promise<void> {
  const gen = isDocId(id) ? await store.tokenGeneration(id) : null
  if (gen === null) {
    sendError(res, 404, `document ${JSON.stringify(id)} not found`)
    return
  }
  const raw = await readJsonBody(req, maxBodyBytes)
  const parsed = shareRequestSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    sendError(res, 400, describeIssues(parsed.error))
    return
  }
  const secret = access?.secret ?? null
  if (!secret) {
    sendJson(res, 200, { auth: false, links: [] })
    return
  }
  const lifetime = { ttl: parsed.data.ttl, now: new Date(), notAfter: notAfterOf(await requestGrant(access!, req)) }
  const expiresAt = new Date(tokenLifetime(lifetime).expiresAt * 1000).toISOString()
  const links = await Promise.all(parsed.data.roles.map(async (role) => ({ role, token: await signShareToken(secret, { doc: id, role, gen, ...lifetime }), expiresAt })))
  sendJson(res, 200, { auth: true, links })
}
