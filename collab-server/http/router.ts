import type { IncomingMessage, ServerResponse } from 'node:http'
import { BEARER_SCHEME } from '../../editor/model/bearer-token'
import { authorizeHttp, type AccessPolicy, type HttpRequirement } from '../auth/access'
import type { CreateDocumentOptions } from '../documents'
import type { Logger } from '../logger'
import type { DocumentStore } from '../persistence/document-store'
import { LIMIT_DEFAULTS } from '../options'
import { handleCreateDocument, handleGetDocument, handleGetDocumentState, handleListDocuments } from './documents-api'
import { handleHealth, type ServerStats } from './health'
import { handleMetrics, type MetricsEndpoint } from './metrics'
import { handleCreateShareLink } from './share-api'
import { handleRevokeLinks, type CloseRevokedSockets } from './revoke-api'
import { handleCreateVersion, handleGetVersion, handleGetVersionState, handleListVersions, handleRestoreVersion } from './versions-api'
import { versionPolicyOf, type VersionPolicy } from '../versions/document-versions'
import type { ManualSaveGate } from '../versions/manual-save-gate'
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
  /** Closes sockets whose share tokens `POST /api/docs/:id/revoke` revoked; omitted: none are open. */
  readonly closeRevoked?: CloseRevokedSockets
  /**
   * For `GET /api/docs/:id/state`: given the stored state, upgrades a document of an earlier data
   * model (by loading it as a connection would, which stores the upgrade) and resolves true, or
   * resolves false when the state is current. Omitted: the store is read as it is.
   */
  readonly upgradeStoredState?: (id: string, state: Uint8Array) => Promise<boolean>
  /** Limits of the documents' versions (`/api/docs/:id/versions`); omitted: those of a 64 MiB document quota. */
  readonly versions?: VersionPolicy
  /** At most one manual version per document per interval (429 sooner); omitted: no wait. */
  readonly manualVersionSaves?: ManualSaveGate
}

/** A matched route: the token it needs (null: none) and its handler. */
interface Route {
  readonly requirement: HttpRequirement | null
  readonly handle: () => Promise<void>
}

const ADMIN: HttpRequirement = { admin: true }

const DOCUMENT_PATH = /^\/api\/docs\/([^/]+)(\/state)?$/
const SHARE_PATH = /^\/api\/docs\/([^/]+)\/share$/
const REVOKE_PATH = /^\/api\/docs\/([^/]+)\/revoke$/
const VERSIONS_PATH = /^\/api\/docs\/([^/]+)\/versions$/
const VERSION_PATH = /^\/api\/docs\/([^/]+)\/versions\/([^/]+)(\/state|\/restore)?$/
const ACCESS_PATH = '/api/access'
const DEFAULT_VERSION_POLICY = versionPolicyOf(LIMIT_DEFAULTS.maxDocumentBytes)

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/**
 * The route of a version call: listing and reading need a token of the document (any role),
 * saving an editor's, restoring (which creates a document) an admin's; null when `path` is not one.
 */
function matchVersions(method: string | undefined, path: string, req: IncomingMessage, res: ServerResponse, context: HttpContext): Route | null {
  const { store } = context
  const api = {
    store,
    policy: context.versions ?? DEFAULT_VERSION_POLICY,
    createOptions: context.createOptions,
    secret: context.access?.secret ?? null,
    upgradeStoredState: context.upgradeStoredState,
    manualSaves: context.manualVersionSaves,
  }
  const list = VERSIONS_PATH.exec(path)
  const listId = list ? decodeSegment(list[1]) : null
  if (listId !== null && method === 'GET') return { requirement: { doc: listId }, handle: () => handleListVersions(res, store, listId) }
  if (listId !== null && method === 'POST') return { requirement: { doc: listId, role: 'editor' }, handle: () => handleCreateVersion(req, res, api, listId) }
  const one = VERSION_PATH.exec(path)
  const id = one ? decodeSegment(one[1]) : null
  const segment = one ? decodeSegment(one[2]) : null
  if (id === null || segment === null) return null
  // Restoring creates a document, so it needs what `POST /api/docs` needs: an admin token.
  if (method === 'POST' && one![3] === '/restore') return { requirement: ADMIN, handle: () => handleRestoreVersion(req, res, api, id, segment) }
  if (method !== 'GET' || one![3] === '/restore') return null
  return { requirement: { doc: id }, handle: () => (one![3] ? handleGetVersionState(res, store, id, segment) : handleGetVersion(res, store, id, segment)) }
}

/**
 * Picks the route of a `method` `path` call (`req` and `res` are those its handler gets); null
 * when none matches. `/healthz` and `/metrics` need no token.
 */
function match(method: string | undefined, path: string, req: IncomingMessage, res: ServerResponse, context: HttpContext): Route | null {
  const { store } = context
  if (method === 'GET' && path === '/healthz') return { requirement: null, handle: () => handleHealth(res, store, context.stats()) }
  const { metrics } = context
  if (method === 'GET' && path === '/metrics' && metrics) return { requirement: null, handle: () => handleMetrics(res, metrics) }
  if (method === 'GET' && path === '/api/docs') return { requirement: ADMIN, handle: () => handleListDocuments(res, store) }
  if (method === 'POST' && path === '/api/docs') {
    const options = { ...context.createOptions, maxBodyBytes: context.maxBodyBytes }
    return { requirement: ADMIN, handle: () => handleCreateDocument(req, res, store, options, context.access?.secret ?? null) }
  }
  const sharePath = method === 'POST' ? SHARE_PATH.exec(path) : null
  const shareId = sharePath ? decodeSegment(sharePath[1]) : null
  if (shareId !== null) {
    return { requirement: { doc: shareId, role: 'editor' }, handle: () => handleCreateShareLink(req, res, store, shareId, context.access, context.maxBodyBytes) }
  }
  const revokePath = method === 'POST' ? REVOKE_PATH.exec(path) : null
  const revokeId = revokePath ? decodeSegment(revokePath[1]) : null
  if (revokeId !== null) {
    return { requirement: { doc: revokeId, role: 'editor' }, handle: () => handleRevokeLinks(req, res, store, revokeId, context.access, context.closeRevoked ?? (() => 0)) }
  }
  const versionRoute = matchVersions(method, path, req, res, context)
  if (versionRoute) return versionRoute
  const documentPath = method === 'GET' ? DOCUMENT_PATH.exec(path) : null
  const id = documentPath ? decodeSegment(documentPath[1]) : null
  if (id === null) return null
  const handle = documentPath![2] ? () => handleGetDocumentState(res, store, id, context.upgradeStoredState) : () => handleGetDocument(res, store, id)
  return { requirement: { doc: id }, handle }
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
}

/**
 * Answers 401/403 and resolves false when the request's token does not meet `requirement`;
 * nothing of the request's body has been read then, and the connection is closed rather than
 * drained of it.
 */
async function admit(req: IncomingMessage, res: ServerResponse, requirement: HttpRequirement | null, context: HttpContext): Promise<boolean> {
  if (requirement === null || !context.access) return true
  const authorization = await authorizeHttp(context.access, req, requirement)
  if (authorization.ok) return true
  const headers: Record<string, string> = authorization.status === 401 ? { 'www-authenticate': BEARER_SCHEME } : {}
  if (hasBody(req)) headers.connection = 'close'
  sendJson(res, authorization.status, authorization.body, headers)
  return false
}

/**
 * `GET /api/access?method=POST&path=/api/docs`: 204 when the request's token may make that call,
 * else the 401/403 the call itself would get; 404 when no route matches it. Lets a proxy (the app)
 * refuse a request before reading its body.
 */
async function answerAccessCheck(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, context: HttpContext): Promise<void> {
  const method = query.get('method')
  const path = query.get('path')
  if (!method || !path) return sendError(res, 400, 'the method and path query parameters are required')
  const target = match(method, path, req, res, context)
  if (target === null) return sendError(res, 404, `no route for ${method} ${path}`)
  if (!(await admit(req, res, target.requirement, context))) return
  res.writeHead(204, { 'cache-control': 'no-store' })
  res.end()
}

/** Answers a request: 404 when no route matches, 401/403 (before the body is read) when its token does not allow it. */
async function route(req: IncomingMessage, res: ServerResponse, context: HttpContext): Promise<void> {
  const url = req.url ?? '/'
  const queryStart = url.includes('?') ? url.indexOf('?') : url.length
  const path = url.slice(0, queryStart)
  if (req.method === 'GET' && path === ACCESS_PATH) return answerAccessCheck(req, res, new URLSearchParams(url.slice(queryStart + 1)), context)
  const matched = match(req.method, path, req, res, context)
  if (matched === null) return sendError(res, 404, 'not found')
  if (await admit(req, res, matched.requirement, context)) await matched.handle()
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
