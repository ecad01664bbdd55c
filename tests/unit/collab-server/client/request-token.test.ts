import { describe, expect, it } from 'vitest'
import { tokenFromRequest } from '../../../../collab-server/client/request-token'

const request = (url: string, authorization?: string) => new Request(url, { headers: authorization === undefined ? {} : { authorization } })

describe('the token of an app request', () => {
  it('reads Bearer credentials as the collab server does: any case, spaces around', () => {
    expect(tokenFromRequest(request('http://app/api/docs', 'bearer  abc.def.ghi '))).toBe('abc.def.ghi')
    expect(tokenFromRequest(request('http://app/api/docs?token=query', 'BEARER abc.def.ghi'))).toBe('abc.def.ghi')
  })

  it('falls back to ?token= without well-formed Bearer credentials (one or more spaces, then a token68)', () => {
    expect(tokenFromRequest(request('http://app/api/docs?token=query'))).toBe('query')
    expect(tokenFromRequest(request('http://app/api/docs?token=query', 'Bearer '))).toBe('query')
    expect(tokenFromRequest(request('http://app/api/docs?token=query', 'Basic dXNlcjpwdw=='))).toBe('query')
    expect(tokenFromRequest(request('http://app/api/docs?token=query', 'Bearer\tabc.def.ghi'))).toBe('query')
    expect(tokenFromRequest(request('http://app/api/docs?token=query', 'Bearer a=b'))).toBe('query')
    expect(tokenFromRequest(request('http://app/api/docs', 'Bearer '))).toBeNull()
    expect(tokenFromRequest(request('http://app/api/docs?token='))).toBeNull()
  })
})
