import { describe, expect, it } from 'vitest'
import { bearerCredentials, parseBearerToken } from '../../../../editor/model/bearer-token'

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJhZG1pbiI6dHJ1ZX0.c2lnbmF0dXJl'

describe('Bearer credentials', () => {
  it.each([
    [`Bearer ${JWT}`, JWT],
    [`bearer ${JWT}`, JWT],
    [`BEARER ${JWT}`, JWT],
    [`Bearer   ${JWT}  `, JWT],
    [`  Bearer ${JWT}`, JWT],
    ['Bearer abc+/~_-.def==', 'abc+/~_-.def=='],
  ])('reads %j as its token', (header, token) => {
    expect(parseBearerToken(header)).toBe(token)
  })

  it.each([
    [null],
    [undefined],
    [''],
    ['Bearer'],
    ['Bearer '],
    ['Bearer    '],
    ['Bearer\t'],
    [`Bearer\t${JWT}`],
    [`Bearer${JWT}`],
    ['Basic dXNlcjpwdw=='],
    [`Bearer ${JWT} extra`],
    ['Bearer a=b'],
    [`Token ${JWT}`],
  ])('refuses %j', (header) => {
    expect(parseBearerToken(header)).toBeNull()
  })

  it('reads back what it writes', () => {
    expect(bearerCredentials(JWT)).toBe(`Bearer ${JWT}`)
    expect(parseBearerToken(bearerCredentials(JWT))).toBe(JWT)
  })
})
