import { NextResponse } from 'next/server'
import { collabEndpoints } from '../../../../../../../collab-server/client/endpoints'
import { bodyErrorResponse, readAuthorizedBody, SMALL_BODY_BYTES } from '../../../../../../../collab-server/client/request-body'
import { tokenFromRequest } from '../../../../../../../collab-server/client/request-token'
import { restorePath, restoreVersion } from '../../../../../../../collab-server/client/versions-client'
import { isDocId } from '../../../../../../../editor/model/doc-id'
import { badVersionNumberMessage, parseVersionNumber } from '../../../../../../../editor/model/versions'

export const dynamic = 'force-dynamic'

/** The 400 for a path naming no document id (checked before any call to the collab server). */
function badDocId(id: string) {
  return NextResponse.json({ error: `${JSON.stringify(id.slice(0, 80))} is not a document id` }, { status: 400 })
}

/**
 * `POST /api/docs/{id}/versions/{n}/restore` with `{ title? }` (or no body): a new document made
 * from version n (an admin token with AUTH=on, as creating a document); 201 with it and, with
 * AUTH=on, the creator's editor token for it; 400 for a bad document id or version number.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string; n: string }> }) {
  const { id, n } = await params
  if (!isDocId(id)) return badDocId(id)
  const number = parseVersionNumber(n)
  if (number === null) return NextResponse.json({ error: badVersionNumberMessage(n) }, { status: 400 })
  const collabUrl = collabEndpoints().httpUrl
  try {
    const body = await readAuthorizedBody(request, { collabUrl, method: 'POST', path: restorePath(id, number), limit: SMALL_BODY_BYTES })
    return NextResponse.json(await restoreVersion(collabUrl, id, number, body, tokenFromRequest(request)), { status: 201 })
  } catch (error) {
    const response = bodyErrorResponse(error)
    if (response) return response
    throw error
  }
}
