import { NextResponse } from 'next/server'
import { collabEndpoints } from '../../../../../collab-server/client/endpoints'
import { CollabApiError, createShareLinks } from '../../../../../collab-server/client/http-client'
import { tokenFromRequest } from '../../../../../collab-server/client/request-token'

export const dynamic = 'force-dynamic'

/** `POST /api/docs/{id}/share` with `{ roles?, ttl? }`: share tokens from the collab server (admin or editor only). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const body: unknown = await request.json().catch(() => ({}))
  try {
    return NextResponse.json(await createShareLinks(collabEndpoints().httpUrl, id, (body ?? {}) as { roles?: string[]; ttl?: string }, tokenFromRequest(request)))
  } catch (error) {
    if (error instanceof CollabApiError) return NextResponse.json({ error: error.message }, { status: error.status })
    throw error
  }
}
