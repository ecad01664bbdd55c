import * as Y from 'yjs'
/** A JSON response: status and parsed body. */
export interface JsonResponse {
  readonly status: number
  readonly body: unknown
}

async function toJsonResponse(response: Response): Promise<JsonResponse> {
  return { status: response.status, body: await response.json() }
}

/** GETs `url` and parses the JSON body. */
export async function getJson(url: string): Promise<JsonResponse> {
  return toJsonResponse(await fetch(url))
}

/** POSTs `body` (serialised unless already a string) and parses the JSON answer. */
export async function postJson(url: string, body: unknown): Promise<JsonResponse> {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text })
  return toJsonResponse(response)
}

/** Creates a document through `POST /api/docs`; throws unless the server answers 201. */
export async function createDoc(
  httpUrl: string,
  request: { id?: string; title: string; format: string; source?: string },
): Promise<{ id: string; title: string; createdAt: string; updatedAt: string }> {
  const response = await postJson(`${httpUrl}/api/docs`, request)
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`)
  return response.body as { id: string; title: string; createdAt: string; updatedAt: string }
}

/** The document as the server stored it (`GET /api/docs/<id>/state`, with `token` when given); throws unless 200. */
export async function fetchStoredDoc(httpUrl: string, docId: string, token?: string): Promise<Y.Doc> {
  const response = await fetch(`${httpUrl}/api/docs/${docId}/state`, token ? { headers: { authorization: `Bearer ${token}` } } : {})
  if (response.status !== 200) throw new Error(`state of ${docId}: ${response.status}`)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()))
  return doc
}
