import type { IncomingMessage, ServerResponse } from 'node:http'
import { CappedBodyCollector, checkDeclaredLength, parseJsonBody } from './capped-body'

export { RequestBodyError } from './capped-body'

/** Sends `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}

/** Sends `{ "error": message }` with `status`. */
export function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: message }, headers)
}

/**
 * Reads a body of at most `limit` bytes: refused by its `Content-Length` before a byte is read,
 * or as soon as a chunked body passes the limit. The rest of a refused body is read and dropped
 * (not kept) until the 413, sent with `Connection: close`, ends the connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    checkDeclaredLength(req.headers['content-length'], limit)
    const collector = new CappedBodyCollector(limit)
    const onData = (chunk: Buffer) => {
      try {
        collector.push(chunk)
      } catch (error) {
        req.off('data', onData)
        req.resume()
        reject(error)
      }
    }
    req.on('data', onData)
    req.on('end', () => resolve(collector.bytes()))
    req.on('error', reject)
  })
}

/**
 * Reads and parses a JSON request body of at most `limit` bytes. Rejects with a
 * {@link RequestBodyError}: 413 when too large, 400 when empty or not JSON.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return parseJsonBody(await readBody(req, limit))
}
