import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { describeIssues } from '../../editor/model/describe-issues'
import { ROLES } from '../auth/roles'
import { signShareToken } from '../auth/tokens'
import { parseTtl } from '../auth/ttl'
import { DOC_ID_PATTERN } from '../../editor/model/doc-layout'
import type { DocumentStore } from '../persistence/document-store'
import { readJsonBody, sendError, sendJson } from './json'

const shareRequestSchema = z.object({
  roles: z.array(z.enum(ROLES)).min(1).default([...ROLES]),
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

/**
 * `POST /api/docs/:id/share` with `{ roles?: ["editor","annotator","viewer"], ttl?: "7d" }`: one
 * share token per role (`{ auth: true, links: [{ role, token, expiresAt }] }`), for an admin or an
 * editor of the document. With AUTH=off there are no tokens: `{ auth: false, links: [] }`.
 */
export async function handleCreateShareLink(req: IncomingMessage, res: ServerResponse, store: DocumentStore, id: string, secret: string | null, maxBodyBytes: number): Promise<void> {
  if (!DOC_ID_PATTERN.test(id) || !(await store.getDocument(id))) {
    sendError(res, 404, `document ${JSON.stringify(id)} not found`)
    return
  }
  const raw = await readJsonBody(req, maxBodyBytes)
  const parsed = shareRequestSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    sendError(res, 400, describeIssues(parsed.error))
    return
  }
  if (!secret) {
    sendJson(res, 200, { auth: false, links: [] })
    return
  }
  const now = new Date()
  const expiresAt = new Date(now.getTime() + parseTtl(parsed.data.ttl) * 1000).toISOString()
  const links = await Promise.all(
    parsed.data.roles.map(async (role) => ({ role, token: await signShareToken(secret, { doc: id, role, ttl: parsed.data.ttl, now }), expiresAt })),
  )
  sendJson(res, 200, { auth: true, links })
}
