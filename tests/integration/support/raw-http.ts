import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http'

/** An answer read off the wire: status, headers and the JSON body. */
export interface RawAnswer {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: unknown
}

/** A request whose body the test writes by hand, and may never finish. */
export interface OpenRequest {
  /** Resolves with the answer as soon as it has arrived, even while the body is still unfinished. */
  readonly answer: Promise<RawAnswer>
  /** Resolves when the connection is closed, by either side. */
  readonly closed: Promise<void>
  /** Writes `chunk` and resolves once it is handed to the socket; resolves false when the connection is gone. */
  write(chunk: string | Uint8Array): Promise<boolean>
  /** Whether the test has ended the request body. */
  readonly ended: boolean
  /** Body bytes written so far. */
  readonly bytesWritten: number
  /** Ends the body. */
  end(chunk?: string): void
  /** Closes the connection and the agent behind it. */
  destroy(): void
}

/**
 * Starts `POST url` with `headers` (say a `content-length` of 400 MB that will never come, or
 * none: chunked) and sends the headers at once, before any of the body. The connection is
 * keep-alive, so a server that closes it does so of its own accord.
 */
export function openPost(url: string, headers: Record<string, string>): OpenRequest {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const request = httpRequest(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } })
  let bytesWritten = 0
  let gone = false
  // Writes to a connection the server has cut fail (EPIPE, ECONNRESET); that is what some tests want.
  request.on('error', () => {
    gone = true
  })
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    request.once('response', (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: response.statusCode!, headers: response.headers, body: text ? JSON.parse(text) : null })
      })
      response.once('error', reject)
    })
  })
  const closed = new Promise<void>((resolve) => {
    request.once('socket', (socket) => socket.once('close', () => resolve()))
  })
  void closed.then(() => {
    gone = true
  })
  request.flushHeaders()
  return {
    answer,
    closed,
    get ended() {
      return request.writableEnded
    },
    get bytesWritten() {
      return bytesWritten
    },
    write(chunk) {
      if (gone || request.destroyed) return Promise.resolve(false)
      bytesWritten += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength
      return new Promise((resolve) => request.write(chunk, (error) => resolve(!error)))
    },
    end(chunk) {
      request.end(chunk)
    },
    destroy() {
      request.destroy()
      agent.destroy()
    },
  }
}

/**
 * Writes `chunk` every `everyMs` until the answer arrives or the connection is gone, never ending
 * the body; resolves with the answer.
 */
export async function dripUntilAnswered(open: OpenRequest, chunk: string | Uint8Array, everyMs: number): Promise<RawAnswer> {
  let answered = false
  const answer = open.answer.finally(() => {
    answered = true
  })
  while (!answered) {
    const written = await open.write(chunk)
    if (!written) break
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
  return answer
}
