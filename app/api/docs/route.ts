import { NextResponse } from 'next/server'
import { collabEndpoints } from '../../../collab-server/client/endpoints'
import { createDocument, DOCUMENTS_PATH, listDocuments } from '../../../collab-server/client/http-client'
import { bodyErrorResponse, importBodyLimit, readAuthorizedBody } from '../../../collab-server/client/request-body'
import { parseJsonBody } from '../../../collab-server/http/capped-body'
import { documentSourceSchema } from '../../../editor/import'
import { describeIssues } from '../../../editor/model/describe-issues'
import { tokenFromRequest } from '../../../collab-server/client/request-token'

export const dynamic = 'force-dynamic'

function errorResponse(error: unknown) {
  return bodyErrorResponse(error) ?? NextResponse.json({ error: (error as Error).message }, { status: 500 })
}

/** GET /api/docs — every document, most recently edited first. */
export async function GET(request: Request) {
  try {
    return NextResponse.json({ documents: await listDocuments(collabEndpoints().httpUrl, tokenFromRequest(request)) })
  } catch (error) {
    return errorResponse(error)
  }
}

/**
 * POST /api/docs — create a document from `{title, format, source, text?, sourceMetadata?}`; the collab server seeds it.
 * The token is checked before the body is read (401/403), the body is capped at
 * `MAX_IMPORT_BODY_BYTES` (413), and its bytes, once validated, go to the collab server as they are.
 */
export async function POST(request: Request) {
  const collabUrl = collabEndpoints().httpUrl
  try {
    const bytes = await readAuthorizedBody(request, { collabUrl, method: 'POST', path: DOCUMENTS_PATH, limit: importBodyLimit() })
    const parsed = documentSourceSchema.safeParse(parseJsonBody(bytes))
    if (!parsed.success) return NextResponse.json({ error: describeIssues(parsed.error, 'body', 1) }, { status: 400 })
    return NextResponse.json(await createDocument(collabUrl, bytes, tokenFromRequest(request)), { status: 201 })
  } catch (error) {
    return errorResponse(error)
  }
}
