/** The request body could not be used; `status` is the HTTP status to answer with. */
export class RequestBodyError extends Error {
  override readonly name = 'RequestBodyError'

  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message)
  }
}

const KiB = 1024
const MiB = 1024 * KiB

/** `limit` as bytes, with KiB or MiB when it is a whole number of them: `16777216 bytes (16 MiB)`. */
export function describeByteLimit(limit: number): string {
  if (limit >= MiB && limit % MiB === 0) return `${limit} bytes (${limit / MiB} MiB)`
  if (limit >= KiB && limit % KiB === 0) return `${limit} bytes (${limit / KiB} KiB)`
  return `${limit} bytes`
}

/** The 413 for a body over `limit`, naming the limit. */
function bodyTooLarge(limit: number): RequestBodyError {
  return new RequestBodyError(413, `request body is larger than ${describeByteLimit(limit)}`)
}

/**
 * Refuses a body by its `Content-Length` header alone, before any of it is read: 413 when it
 * declares more than `limit` bytes, 400 when it is not a byte count. No header: nothing to check.
 */
export function checkDeclaredLength(header: string | null | undefined, limit: number): void {
  if (header === null || header === undefined) return
  if (!/^\d+$/.test(header.trim())) throw new RequestBodyError(400, `Content-Length ${JSON.stringify(header)} is not a byte count`)
  if (Number(header) > limit) throw bodyTooLarge(limit)
}

/**
 * Collects the chunks of a body as they arrive and refuses the first chunk that takes it past
 * `limit` bytes. Nothing is allocated ahead of the bytes that came (a declared length is never
 * trusted for that), so a request that promises much and sends little costs little.
 */
export class CappedBodyCollector {
  private readonly chunks: Uint8Array[] = []
  private size = 0

  constructor(private readonly limit: number) {}

  /** Keeps `chunk`; throws the 413 {@link RequestBodyError}, keeping nothing of it, when it would take the body over the limit. */
  push(chunk: Uint8Array): void {
    if (this.size + chunk.byteLength > this.limit) throw bodyTooLarge(this.limit)
    this.size += chunk.byteLength
    this.chunks.push(chunk)
  }

  /** The whole body as one array; the chunks are let go. */
  bytes(): Uint8Array<ArrayBuffer> {
    const body = new Uint8Array(this.size)
    let offset = 0
    for (const chunk of this.chunks) {
      body.set(chunk, offset)
      offset += chunk.byteLength
    }
    this.chunks.length = 0
    return body
  }
}

/**
 * Reads a Web `Request`'s body as a stream of at most `limit` bytes. Rejects with a
 * {@link RequestBodyError}: 413 at once when `Content-Length` declares more (nothing is read),
 * 413 as soon as a streamed (chunked) body passes the limit (reading stops there; the stream is
 * left as it is, so the answer can still be sent — answer with `Connection: close` to drop the
 * rest), 400 for a `Content-Length` that is not a number. A request without a body gives 0 bytes.
 */
export async function readCappedBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  checkDeclaredLength(request.headers.get('content-length'), limit)
  if (request.body === null) return new Uint8Array(0)
  const collector = new CappedBodyCollector(limit)
  const reader = request.body.getReader()
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) collector.push(chunk.value)
  } finally {
    reader.releaseLock()
  }
  return collector.bytes()
}

/** Parses a UTF-8 JSON body; throws a 400 {@link RequestBodyError} when it is empty or not JSON. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  if (bytes.byteLength === 0) throw new RequestBodyError(400, 'request body is empty')
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    throw new RequestBodyError(400, 'request body is not valid JSON')
  }
}
