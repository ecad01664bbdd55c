import { NextResponse } from 'next/server'
import { collabEndpoints } from '../../../../../collab-server/client/endpoints'
import { CollabApiError, getDocumentState } from '../../../../../collab-server/client/http-client'
import { ExportError, exportFromState, parseExportOptions } from '../../../../../editor/export/export-request'
import { isDocId } from '../../../../../editor/model/doc-id'
import { tokenFromRequest } from '../../../../../collab-server/client/request-token'

export const dynamic = 'force-dynamic'

/**
 * `GET /api/docs/{id}/export?format=…[&type=…][&verdict=…][&author=…][&offsets=codepoint|utf16][&unit=paragraph]`:
 * the file with its content type and a download file name; 400 for bad options, 404 for an unknown document,
 * 401/403 (with AUTH=on) without a token for the document, from the `token` parameter or `Authorization: Bearer`.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const query = Object.fromEntries(new URL(request.url).searchParams)
  try {
    const options = parseExportOptions(query)
    const state = isDocId(id) ? await getDocumentState(collabEndpoints().httpUrl, id, tokenFromRequest(request)) : null
    if (!state) return NextResponse.json({ error: `document ${JSON.stringify(id)} not found` }, { status: 404 })
    const file = exportFromState(id, state, options)
    return new Response(typeof file.body === 'string' ? file.body : Buffer.from(file.body), {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'cache-control': 'no-store',
      },
    })
  } catch (error) {
    if (error instanceof ExportError) return NextResponse.json({ error: error.message }, { status: 400 })
    if (error instanceof CollabApiError) return NextResponse.json({ error: error.message }, { status: error.status })
    throw error
  }
}
