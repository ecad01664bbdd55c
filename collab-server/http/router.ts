import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CreateDocumentOptions } from '../documents'
import type { Logger } from '../logger'
import type { DocumentStore } from '../persistence/document-store'
import { handleCreateDocument, handleGetDocument, handleGetDocumentState, handleListDocuments } from './documents-api'
import { handleHealth, type ServerStats } from './health'
import { RequestBodyError, sendError } from './json'

/** What the HTTP handlers need from the server. */
export interface HttpContext {
  readonly store: DocumentStore
  readonly stats: () => ServerStats
  readonly logger: Logger
  readonly maxBodyBytes: number
  readonly createOptions?: CreateDocumentOptions
}

type Route = (req: IncomingMessage, res: ServerResponse, context: HttpContext) => Promise<void> | null

const DOCUMENT_PATH = /^\/api\/docs\/([^/]+)(\/state)?$/

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/** Picks the handler for a request; null when no route matches. */
const route: Route = (req, res, context) => {
  const path = (req.url ?? '/').split('?', 1)[0]
  const { store } = context
  if (req.method === 'GET' && path === '/healthz') return handleHealth(res, store, context.stats())
  if (req.method === 'GET' && path === '/api/docs') return handleListDocuments(res, store)
  if (req.method === 'POST' && path === '/api/docs') {
    return handleCreateDocument(req, res, store, { ...context.createOptions, maxBodyBytes: context.maxBodyBytes })
  }
  const documentPath = req.method === 'GET' ? DOCUMENT_PATH.exec(path) : null
  const id = documentPath ? decodeSegment(documentPath[1]) : null
  if (id !== null) return documentPath![2] ? handleGetDocumentState(res, store, id) : handleGetDocument(res, store, id)
  return null
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
 * and 500 JSON (logged) when a handler fails. Never throws.
 */
export function createRequestListener(context: HttpContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const handling = Promise.resolve()
      .then(() => route(req, res, context))
      .then((result) => (result === null ? sendError(res, 404, 'not found') : result))
    handling.catch((error: unknown) => answerFailure(res, error, context))
  }
}
