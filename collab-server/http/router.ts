import type { IncomingMessage, ServerResponse } from 'node:http'
import { authorizeHttp, type AccessPolicy, type HttpRequirement } from '../auth/access'
import type { CreateDocumentOptions } from '../documents'
import type { Logger } from '../logger'
import type { DocumentStore } from '../persistence/document-store'
import { handleCreateDocument, handleGetDocument, handleGetDocumentState, handleListDocuments } from './documents-api'
import { handleHealth, type ServerStats } from './health'
import { handleMetrics, type MetricsEndpoint } from './metrics'
import { handleCreateShareLink } from './share-api'
import { RequestBodyError, sendError, sendJson } from './json'

/** What the HTTP handlers need from the server. */
export interface HttpContext {
  readonly store: DocumentStore
  readonly stats: () => ServerStats
  readonly logger: Logger
  readonly maxBodyBytes: number
  readonly createOptions?: CreateDocumentOptions
  /** Who may call the API; omitted: everyone (as with `AUTH=off`). */
  readonly access?: AccessPolicy
  /** Served at `GET /metrics`; omitted: that path answers 404. */
  readonly metrics?: MetricsEndpoint
}

/** A matched route: the token it needs (null: none) and its handler. */
interface Route {
  readonly requirement: HttpRequirement | null
  readonly handle: () => Promise<void>
}

const ADMIN: HttpRequirement = { admin: true }

const DOCUMENT_PATH = /^\/api\/docs\/([^/]+)(\/state)?$/
const SHARE_PATH = /^\/api\/docs\/([^/]+)\/share$/

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/** Picks the route of a request; null when none matches. `/healthz` and `/metrics` need no token. */
function match(req: IncomingMessage, res: ServerResponse, context: HttpContext): Route | null {
  const path = (req.url ?? '/').split('?', 1)[0]
  const { store } = context
  if (req.method === 'GET' && path === '/healthz') return { requirement: null, handle: () => handleHealth(res, store, context.stats()) }
  const { metrics } = context
  if (req.method === 'GET' && path === '/metrics' && metrics) return { requirement: null, handle: () => handleMetrics(res, metrics) }
  if (req.method === 'GET' && path === '/api/docs') return { requirement: ADMIN, handle: () => handleListDocuments(res, store) }
  if (req.method === 'POST' && path === '/api/docs') {
    const options = { ...context.createOptions, maxBodyBytes: context.maxBodyBytes }
    return { requirement: ADMIN, handle: () => handleCreateDocument(req, res, store, options, context.access?.secret ?? null) }
  }
  const sharePath = req.method === 'POST' ? SHARE_PATH.exec(path) : null
  const shareId = sharePath ? decodeSegment(sharePath[1]) : null
  if (shareId !== null) {
    return { requirement: { doc: shareId, role: 'editor' }, handle: () => handleCreateShareLink(req, res, store, shareId, context.access?.secret ?? null, context.maxBodyBytes) }
  }
  const documentPath = req.method === 'GET' ? DOCUMENT_PATH.exec(path) : null
  const id = documentPath ? decodeSegment(documentPath[1]) : null
  if (id === null) return null
  const handle = documentPath![2] ? () => handleGetDocumentState(res, store, id) : () => handleGetDocument(res, store, id)
  return { requirement: { doc: id }, handle }
}

/** Answers a request: 404 when no route matches, 401/403 when its token does not allow it. */
async function route(req: IncomingMessage, res: ServerResponse, context: HttpContext): Promise<void> {
  const matched = match(req, res, context)
  if (matched === null) return sendError(res, 404, 'not found')
  if (matched.requirement !== null && context.access) {
    const authorization = await authorizeHttp(context.access, req, matched.requirement)
    if (!authorization.ok) {
      const headers: Record<string, string> = authorization.status === 401 ? { 'www-authenticate': 'Bearer' } : {}
      return sendJson(res, authorization.status, authorization.body, headers)
    }
  }
  await matched.handle()
}

function answerFailure(res: ServerResponse, error: unknown, context: HttpContext): void {
  if (error instanceof RequestBodyError) {
    sendError(res, error.status, error.message, error.status === 413 ? { connection: 'close' } : {})
    return
  }
  context.logger.error('http-handler-failed', { error })
  if (res.headersSent) res.end()
  else sendError(res, 500, 'internal error')
}

/**
 * Creates the server's HTTP request listener: the routes above, 404 JSON for anything else,
 * 401/403 JSON `{ error, reason }` when the token does not allow the route (with `access`), and
 * 500 JSON (logged) when a handler fails. Never throws.
 */
export function createRequestListener(context: HttpContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const handling = Promise.resolve().then(() => route(req, res, context))
    handling.catch((error: unknown) => answerFailure(res, error, context))
  }
}
