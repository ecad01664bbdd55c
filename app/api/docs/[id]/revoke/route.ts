import { NextResponse } from 'next/server'
import { collabEndpoints } from '../../../../../collab-server/client/endpoints'
import { CollabApiError, revokeLinks } from '../../../../../collab-server/client/http-client'
import { tokenFromRequest } from '../../../../../collab-server/client/request-token'

export const dynamic = 'force-dynamic'

/**
 * `POST /api/docs/{id}/revoke` (no body): revokes every share link of the document made so far
 * (admin or editor only) and answers the collab server's `{ auth, generation, token, expiresAt }`,
 * `token` being a fresh editor token for the caller.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  try {
    return NextResponse.json(await revokeLinks(collabEndpoints().httpUrl, id, tokenFromRequest(request)))
  } catch (error) {
    if (error instanceof CollabApiError) return NextResponse.json({ error: error.message }, { status: error.status })
    throw error
  }
}
