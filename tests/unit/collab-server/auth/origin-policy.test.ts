import { describe, expect, it } from 'vitest'
import { isOriginAllowed, normalizeOrigin, originPolicyOf } from '../../../../collab-server/auth/origin-policy'

describe('origin policy', () => {
  const byDefault = originPolicyOf(null, 3000)

  it.each([
    ['no Origin header (a Node client)', undefined, '127.0.0.1:1234', true],
    ['the app on localhost:3000', 'http://localhost:3000', '127.0.0.1:1234', true],
    ['the app on 127.0.0.1:3000', 'http://127.0.0.1:3000', 'localhost:1234', true],
    ['a page on the Host hostname, another port (the e2e app)', 'http://127.0.0.1:23100', '127.0.0.1:23101', true],
    ['a page on the Host hostname over https', 'https://annotate.example.org', 'annotate.example.org:1234', true],
    ['another site', 'http://evil.example', '127.0.0.1:1234', false],
    ['localhost on another port, Host 127.0.0.1', 'http://localhost:8080', '127.0.0.1:1234', false],
    ['the opaque origin of a sandboxed page', 'null', '127.0.0.1:1234', false],
    ['a hostname that only starts like the Host', 'http://127.0.0.1.evil.example', '127.0.0.1:1234', false],
    ['a file: page', 'file://', 'localhost:1234', false],
  ])('by default, %s → %s', (_name, origin, host, allowed) => {
    expect(isOriginAllowed(byDefault, origin, host)).toBe(allowed)
  })

  it('uses the app port for the localhost defaults', () => {
    const policy = originPolicyOf(null, 8080)
    expect(isOriginAllowed(policy, 'http://localhost:8080', '127.0.0.1:1234')).toBe(true)
    expect(isOriginAllowed(policy, 'http://localhost:3000', '127.0.0.1:1234')).toBe(false)
  })

  it('allows exactly the listed origins, without the same-hostname rule', () => {
    const policy = originPolicyOf(['https://app.example.com', 'HTTP://Other.example:8080/'])
    expect(isOriginAllowed(policy, 'https://app.example.com', 'collab.example.com')).toBe(true)
    expect(isOriginAllowed(policy, 'http://other.example:8080', 'collab.example.com')).toBe(true)
    expect(isOriginAllowed(policy, 'https://collab.example.com', 'collab.example.com')).toBe(false)
    expect(isOriginAllowed(policy, 'http://localhost:3000', 'localhost:1234')).toBe(false)
  })

  it('allows any origin with *', () => {
    expect(isOriginAllowed(originPolicyOf(['*']), 'http://evil.example', 'localhost:1234')).toBe(true)
  })

  it('throws naming an entry that is not an origin', () => {
    expect(() => originPolicyOf(['https://app.example.com/path'])).toThrow(new TypeError('"https://app.example.com/path" is not an origin such as https://app.example.com'))
  })

  it.each([
    ['https://App.Example.com', 'https://app.example.com'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['https://a.example:443', 'https://a.example'],
    ['ftp://a.example', null],
    ['https://user@a.example', null],
    ['https://a.example/?q', null],
    ['a.example', null],
  ])('normalizes %s to %s', (text, origin) => {
    expect(normalizeOrigin(text)).toBe(origin)
  })
})
