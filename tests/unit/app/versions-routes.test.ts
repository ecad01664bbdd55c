import { beforeAll, describe, expect, it } from 'vitest'
import * as restoreRoute from '../../../app/api/docs/[id]/versions/[n]/restore/route'
import * as versionsRoute from '../../../app/api/docs/[id]/versions/route'

// The proxy routes refuse a path that names no document id before calling the collab server
// (COLLAB_HTTP_URL points nowhere here: a call would answer 503, not 400).
const params = <T extends object>(value: T) => ({ params: Promise.resolve(value) })
const request = (method: string) =>
  new Request('http://app.test/api/docs/x/versions', { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? null : '{}' })

describe('version proxy routes', () => {
  beforeAll(() => {
    process.env.COLLAB_HTTP_URL = 'http://127.0.0.1:9'
  })

  it.each(['../admin', 'bad id', 'x'.repeat(65), ''])('answer 400 to the document id %j', async (id) => {
    for (const response of [
      await versionsRoute.GET(request('GET'), params({ id })),
      await versionsRoute.POST(request('POST'), params({ id })),
      await restoreRoute.POST(request('POST'), params({ id, n: '1' })),
    ]) {
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual({ error: `${JSON.stringify(id.slice(0, 80))} is not a document id` })
    }
  })
})
