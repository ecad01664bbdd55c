import { NextResponse } from 'next/server'
import { collabEndpoints } from '../../../../../collab-server/client/endpoints'
import { CollabApiError } from '../../../../../collab-server/client/http-client'
import { bodyErrorResponse, readAuthorizedBody, SMALL_BODY_BYTES } from '../../../../../collab-server/client/request-body'
import { tokenFromRequest } from '../../../../../collab-server/client/request-token'
import { createVersion, listVersions, versionsPath } from '../../../../../collab-server/client/versions-client'
import { isDocId } from '../../../../../editor/model/doc-id'

export const dynamic = 'force-dynamic'

/** The 400 for a path naming no document id (checked before any call to the collab server). */
function badDocId(id: string) {
  return NextResponse.json({ error: `${JSON.stringify(id.slice(0, 80))} is not a document id` }, { status: 400 })
}

/** `GET /api/docs/{id}/versions`: `{ versions }`, newest first, from the collab server (any role of the document). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  if (!isDocId(id)) return badDocId(id)
  try {
    return NextResponse.json({ versions: await listVersions(collabEndpoints().httpUrl, id, tokenFromRequest(request)) })
  } catch (error) {
    if (error instanceof CollabApiError) return NextResponse.json({ error: error.message }, { status: error.status })
    throw error
  }
}

/**
 * `POST /api/docs/{id}/versions` with `{ name, createdBy? }`: saves a version (editors only,
 * checked before the body is read; body at most 16 KiB); 201 with the version.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  if (!isDocId(id)) return badDocId(id)
  const collabUrl = collabEndpoints().httpUrl
  try {
    const body = await readAuthorizedBody(request, { collabUrl, method: 'POST', path: versionsPath(id), limit: SMALL_BODY_BYTES })
    return NextResponse.json(await createVersion(collabUrl, id, body, tokenFromRequest(request)), { status: 201 })
  } catch (error) {
    const response = bodyErrorResponse(error)
    if (response) return response
    throw error
  }
}
