import { NextResponse } from 'next/server'
import { collabEndpoints } from '../../../../../collab-server/client/endpoints'
import { createShareLinks, sharePath } from '../../../../../collab-server/client/http-client'
import { bodyErrorResponse, readAuthorizedBody, SMALL_BODY_BYTES } from '../../../../../collab-server/client/request-body'
import { parseJsonBody } from '../../../../../collab-server/http/capped-body'
import { tokenFromRequest } from '../../../../../collab-server/client/request-token'

export const dynamic = 'force-dynamic'

/**
 * `POST /api/docs/{id}/share` with `{ roles?, ttl? }` (an empty body: the defaults): share tokens
 * from the collab server (admin or editor only, checked before the body is read; body at most 16 KiB).
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const collabUrl = collabEndpoints().httpUrl
  try {
    const bytes = await readAuthorizedBody(request, { collabUrl, method: 'POST', path: sharePath(id), limit: SMALL_BODY_BYTES })
    const body = bytes.byteLength === 0 ? {} : parseJsonBody(bytes)
    return NextResponse.json(await createShareLinks(collabUrl, id, body as { roles?: string[]; ttl?: string }, tokenFromRequest(request)))
  } catch (error) {
    const response = bodyErrorResponse(error)
    if (response) return response
    throw error
  }
}
