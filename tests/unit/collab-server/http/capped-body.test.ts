import { describe, expect, it } from 'vitest'
import { CappedBodyCollector, checkDeclaredLength, describeByteLimit, parseJsonBody, readCappedBody, RequestBodyError } from '../../../../collab-server/http/capped-body'

const encoder = new TextEncoder()

/** A body stream that hands out `chunks` one per read (never ahead) and records what was asked of it. */
function recordedStream(chunks: Iterable<Uint8Array>) {
  const iterator = chunks[Symbol.iterator]()
  const record = { pulls: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        record.pulls++
        const next = iterator.next()
        if (next.done) controller.close()
        else controller.enqueue(next.value)
      },
      cancel() {
        record.cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, record }
}

/** `count` copies of `chunk`: far more than any cap in these tests, and finite, so a missing cap fails instead of hanging. */
function* repeated(chunk: Uint8Array, count = 10_000) {
  for (let index = 0; index < count; index++) yield chunk
}

function post(body: ReadableStream<Uint8Array> | string | null, headers: Record<string, string> = {}): Request {
  return new Request('http://app.test/api/docs', { method: 'POST', body, headers, duplex: 'half' } as RequestInit)
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(RequestBodyError)
  return { status: (error as RequestBodyError).status, message: (error as RequestBodyError).message }
}

describe('readCappedBody', () => {
  it('refuses a Content-Length over the cap with 413 before reading a byte', async () => {
    const { stream, record } = recordedStream(repeated(encoder.encode('x'.repeat(1024))))
    const request = post(stream, { 'content-length': String(400 * 1024 * 1024) })
    expect(await refusal(readCappedBody(request, 16 * 1024))).toEqual({ status: 413, message: 'request body is larger than 16384 bytes (16 KiB)' })
    expect(record).toEqual({ pulls: 0, cancelled: false })
  })

  it('cuts a streamed body at the chunk that passes the cap, reads nothing after it, and leaves the stream uncancelled', async () => {
    const { stream, record } = recordedStream(repeated(encoder.encode('abcd')))
    expect(await refusal(readCappedBody(post(stream), 10))).toEqual({ status: 413, message: 'request body is larger than 10 bytes' })
    expect(record).toEqual({ pulls: 3, cancelled: false })
  })

  it('reads a body of exactly the cap, in several chunks', async () => {
    const { stream } = recordedStream(['{"a":', '"bcd', 'e"}'].map((text) => encoder.encode(text)))
    const bytes = await readCappedBody(post(stream), 12)
    expect(new TextDecoder().decode(bytes)).toBe('{"a":"bcde"}')
    expect(parseJsonBody(bytes)).toEqual({ a: 'bcde' })
  })

  it('reads a body of exactly the cap with its Content-Length, and refuses one byte more', async () => {
    expect(new TextDecoder().decode(await readCappedBody(post('12345', { 'content-length': '5' }), 5))).toBe('12345')
    expect(await refusal(readCappedBody(post('123456'), 5))).toEqual({ status: 413, message: 'request body is larger than 5 bytes' })
  })

  it('gives 0 bytes for a request without a body or with an empty one', async () => {
    expect((await readCappedBody(new Request('http://app.test/', { method: 'POST' }), 10)).byteLength).toBe(0)
    expect((await readCappedBody(post(''), 10)).byteLength).toBe(0)
  })
})

describe('checkDeclaredLength', () => {
  it('passes a missing header and lengths up to the cap; refuses more with 413 and a non-number with 400', () => {
    expect(() => checkDeclaredLength(null, 10)).not.toThrow()
    expect(() => checkDeclaredLength(undefined, 10)).not.toThrow()
    expect(() => checkDeclaredLength('10', 10)).not.toThrow()
    expect(() => checkDeclaredLength('11', 10)).toThrow('request body is larger than 10 bytes')
    expect(() => checkDeclaredLength('1e9', 10)).toThrow('Content-Length "1e9" is not a byte count')
    expect(() => checkDeclaredLength('-1', 10)).toThrow('Content-Length "-1" is not a byte count')
  })
})

describe('CappedBodyCollector', () => {
  it('joins what it kept and refuses the chunk that passes the cap', () => {
    const collector = new CappedBodyCollector(6)
    collector.push(encoder.encode('abc'))
    collector.push(encoder.encode('def'))
    expect(() => collector.push(encoder.encode('g'))).toThrow('request body is larger than 6 bytes')
    expect(new TextDecoder().decode(collector.bytes())).toBe('abcdef')
  })
})

describe('parseJsonBody', () => {
  it('refuses an empty body and one that is not JSON with 400', () => {
    const refusalOf = (bytes: Uint8Array) => {
      try {
        parseJsonBody(bytes)
        return null
      } catch (error) {
        return { name: (error as RequestBodyError).name, status: (error as RequestBodyError).status, message: (error as Error).message }
      }
    }
    expect(refusalOf(new Uint8Array(0))).toEqual({ name: 'RequestBodyError', status: 400, message: 'request body is empty' })
    expect(refusalOf(encoder.encode('{"title": '))).toEqual({ name: 'RequestBodyError', status: 400, message: 'request body is not valid JSON' })
  })

  it('parses UTF-8 JSON', () => {
    expect(parseJsonBody(encoder.encode('{"title":"שלום — “quoted”"}'))).toEqual({ title: 'שלום — “quoted”' })
  })
})

describe('describeByteLimit', () => {
  it('names whole MiB and KiB', () => {
    expect(describeByteLimit(16 * 1024 * 1024)).toBe('16777216 bytes (16 MiB)')
    expect(describeByteLimit(16 * 1024)).toBe('16384 bytes (16 KiB)')
    expect(describeByteLimit(1000)).toBe('1000 bytes')
  })
})
