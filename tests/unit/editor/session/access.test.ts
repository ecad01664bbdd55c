import { describe, expect, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../../../collab-server/auth/tokens'
import { isAdminToken, roleFromToken } from '../../../../editor/session/access'

const SECRET = 'a-test-secret-that-is-long-enough-0123456789'

describe('reading a token in the browser (unverified)', () => {
  it('tells an admin token from a share token, whatever its gen', async () => {
    expect(isAdminToken(await signAdminToken(SECRET))).toBe(true)
    expect(isAdminToken(await signShareToken(SECRET, { doc: 'd', role: 'editor', gen: 3 }))).toBe(false)
    expect([isAdminToken(null), isAdminToken('garbage'), isAdminToken('a.b.c')]).toEqual([false, false, false])
  })

  it('reads the role of a share token that carries a gen claim', async () => {
    expect(roleFromToken(await signShareToken(SECRET, { doc: 'd', role: 'annotator', gen: 2 }), 'd')).toBe('annotator')
  })
})
