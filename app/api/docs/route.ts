import { NextResponse } from 'next/server'
import { collabEndpoints } from '../../../collab-server/client/endpoints'
import { CollabApiError, createDocument, listDocuments } from '../../../collab-server/client/http-client'
import { documentSourceSchema } from '../../../editor/import'
import { describeIssues } from '../../../editor/model/describe-issues'
import { tokenFromRequest } from '../../../collab-server/client/request-token'

export const dynamic = 'force-dynamic'

function errorResponse(error: unknown) {
  if (error instanceof CollabApiError) return NextResponse.json({ error: error.message }, { status: error.status })
  return NextResponse.json({ error: (error as Error).message }, { status: 500 })
}

/** GET /api/docs — every document, most recently edited first. */
export async function GET(request: Request) {
  try {
    return NextResponse.json({ documents: await listDocuments(collabEndpoints().httpUrl, tokenFromRequest(request)) })
  } catch (error) {
    return errorResponse(error)
  }
}

/** POST /api/docs — create a document from `{title, format, source}`; the collab server seeds it. */
export async function POST(request: Request) {
  const body: unknown = await request.json().catch(() => undefined)
  if (body === undefined) return NextResponse.json({ error: 'the request body is not valid JSON' }, { status: 400 })
  const parsed = documentSourceSchema.safeParse(body)
  if (!parsed.success) return NextResponse.json({ error: describeIssues(parsed.error, 'body', 1) }, { status: 400 })
  try {
    return NextResponse.json(await createDocument(collabEndpoints().httpUrl, parsed.data, tokenFromRequest(request)), { status: 201 })
  } catch (error) {
    return errorResponse(error)
  }
}
