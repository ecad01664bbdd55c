import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { CollabApiError } from '../../../../collab-server/client/http-client'
import { bodyErrorResponse, DEFAULT_IMPORT_BODY_BYTES, importBodyLimit, readAuthorizedBody } from '../../../../collab-server/client/request-body'
import { RequestBodyError } from '../../../../collab-server/http/capped-body'
import { MAX_SOURCE_LENGTH } from '../../../../editor/import'

/** A body stream that counts the reads asked of it and hands out `{"a":1}` once. */
function countedBody() {
  const record = { pulls: 0 }
  let sent = false
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        record.pulls++
        if (sent) return controller.close()
        sent = true
        controller.enqueue(new TextEncoder().encode('{"a":1}'))
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, record }
}

describe('readAuthorizedBody', () => {
  let server: Server | null = null
  const accessChecks: Array<{ url: string; authorization: string | undefined }> = []

  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve))
    server = null
    accessChecks.length = 0
  })

  /** A stand-in collab server whose `/api/access` answers `status` (401 with the real server's body). */
  async function collabAnswering(status: 204 | 401): Promise<string> {
    server = createServer((req, res) => {
      accessChecks.push({ url: req.url!, authorization: req.headers.authorization })
      if (status === 204) return res.writeHead(204).end()
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'missing token', reason: 'missing' }))
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  const appRequest = (stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    new Request('http://app.test/api/docs', { method: 'POST', body: stream, headers, duplex: 'half' } as RequestInit)

  it('rejects with the 401 of the access check without reading a byte of the body', async () => {
    const collabUrl = await collabAnswering(401)
    const { stream, record } = countedBody()
    const error = await readAuthorizedBody(appRequest(stream), { collabUrl, method: 'POST', path: '/api/docs', limit: 1024 }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CollabApiError)
    expect([(error as CollabApiError).status, (error as CollabApiError).message]).toEqual([401, 'missing token'])
    expect(record.pulls).toBe(0)
    expect(accessChecks).toEqual([{ url: '/api/access?method=POST&path=%2Fapi%2Fdocs', authorization: undefined }])
  })

  it('reads the body once the token may make the call, passing the token on', async () => {
    const collabUrl = await collabAnswering(204)
    const { stream } = countedBody()
    const bytes = await readAuthorizedBody(appRequest(stream, { authorization: 'Bearer abc.def.ghi' }), { collabUrl, method: 'POST', path: '/api/docs/a%20b/share', limit: 1024 })
    expect(new TextDecoder().decode(bytes)).toBe('{"a":1}')
    expect(accessChecks).toEqual([{ url: '/api/access?method=POST&path=%2Fapi%2Fdocs%2Fa%2520b%2Fshare', authorization: 'Bearer abc.def.ghi' }])
  })

  it('checks access before the Content-Length: no token and 400 MB declared is a 401', async () => {
    const collabUrl = await collabAnswering(401)
    const { stream, record } = countedBody()
    const error = await readAuthorizedBody(appRequest(stream, { 'content-length': String(400 * 1024 * 1024) }), {
      collabUrl,
      method: 'POST',
      path: '/api/docs',
      limit: 1024,
    }).catch((caught: unknown) => caught)
    expect((error as CollabApiError).status).toBe(401)
    expect(record.pulls).toBe(0)
  })
})

describe('importBodyLimit', () => {
  it('is 16 MiB unless MAX_IMPORT_BODY_BYTES says otherwise', () => {
    expect(DEFAULT_IMPORT_BODY_BYTES).toBe(16 * 1024 * 1024)
    expect(importBodyLimit({})).toBe(DEFAULT_IMPORT_BODY_BYTES)
    expect(importBodyLimit({ MAX_IMPORT_BODY_BYTES: '' })).toBe(DEFAULT_IMPORT_BODY_BYTES)
    expect(importBodyLimit({ MAX_IMPORT_BODY_BYTES: '1048576' })).toBe(1048576)
  })

  it('fits a 5M-character source of 3-byte characters, as JSON, in the default', () => {
    const body = JSON.stringify({ title: 'T'.repeat(300), format: 'txt', source: '中'.repeat(MAX_SOURCE_LENGTH) })
    expect(Buffer.byteLength(body)).toBe(15_000_339)
    expect(Buffer.byteLength(body)).toBeLessThan(DEFAULT_IMPORT_BODY_BYTES)
  })

  it('names the variable when it is not a positive whole number', () => {
    for (const value of ['0', '-5', '1.5', '16MiB', '99999999999999999999']) {
      expect(() => importBodyLimit({ MAX_IMPORT_BODY_BYTES: value })).toThrow(`MAX_IMPORT_BODY_BYTES must be a positive whole number of bytes, got "${value}"`)
    }
  })
})

describe('bodyErrorResponse', () => {
  const answer = async (error: unknown) => {
    const response = bodyErrorResponse(error)
    return response && { status: response.status, connection: response.headers.get('connection'), body: await response.json() }
  }

  it('closes the connection when the body was refused before it was read, not after', async () => {
    expect(await answer(new RequestBodyError(413, 'request body is larger than 10 bytes'))).toEqual({
      status: 413,
      connection: 'close',
      body: { error: 'request body is larger than 10 bytes' },
    })
    expect(await answer(new CollabApiError(403, 'admin token required'))).toEqual({ status: 403, connection: 'close', body: { error: 'admin token required' } })
    expect(await answer(new RequestBodyError(400, 'request body is not valid JSON'))).toEqual({ status: 400, connection: null, body: { error: 'request body is not valid JSON' } })
    expect(await answer(new CollabApiError(409, 'document "a" exists'))).toEqual({ status: 409, connection: null, body: { error: 'document "a" exists' } })
  })

  it('leaves any other error to the route', () => {
    expect(bodyErrorResponse(new Error('boom'))).toBeNull()
  })
})
