import { describe, expect, it } from 'vitest'
import { collabOriginFor, contentSecurityPolicy } from '../../proxy'

describe('contentSecurityPolicy', () => {
  it('allows scripts by nonce only, the collab websocket, no plugins, framing or foreign forms', () => {
    expect(contentSecurityPolicy({ nonce: 'abc123==', collabOrigin: 'ws://localhost:1234', development: false }).split('; ')).toEqual([
      "default-src 'self'",
      "script-src 'self' 'nonce-abc123=='",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self' ws://localhost:1234",
      "worker-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ])
  })

  it("adds 'unsafe-eval' in development only", () => {
    const policy = contentSecurityPolicy({ nonce: 'n', collabOrigin: null, development: true })
    expect(policy).toContain("script-src 'self' 'nonce-n' 'unsafe-eval';")
    expect(policy).toContain("connect-src 'self';")
  })
})

describe('collabOriginFor', () => {
  it('derives the websocket origin from the page host and COLLAB_PORT, as the document page does', () => {
    expect(collabOriginFor('docs.example.org:3000', false, {})).toBe('ws://docs.example.org:1234')
    expect(collabOriginFor('docs.example.org', true, { COLLAB_PORT: '4321' })).toBe('wss://docs.example.org:4321')
    expect(collabOriginFor(null, false, {})).toBe('ws://localhost:1234')
  })

  it('uses the origin of COLLAB_URL, without its path', () => {
    expect(collabOriginFor('app.example.org', true, { COLLAB_URL: 'wss://collab.example.org/ws/' })).toBe('wss://collab.example.org')
    expect(collabOriginFor('app.example.org', false, { COLLAB_URL: 'ws://127.0.0.1:43101' })).toBe('ws://127.0.0.1:43101')
  })

  it('gives no origin for a Host header that would inject into the policy', () => {
    expect(collabOriginFor("evil.example;script-src 'unsafe-inline'", false, {})).toBeNull()
    expect(collabOriginFor('evil.example;script-src', false, {})).toBeNull()
    expect(collabOriginFor('a b', false, {})).toBeNull()
  })

  it('throws naming COLLAB_URL when it is not a websocket URL', () => {
    expect(() => collabOriginFor('app.example.org', false, { COLLAB_URL: 'https://collab.example.org' })).toThrow(
      'COLLAB_URL must be a ws:// or wss:// URL, got "https://collab.example.org"',
    )
    expect(() => collabOriginFor('app.example.org', false, { COLLAB_URL: 'not a url' })).toThrow('COLLAB_URL must be a ws:// or wss:// URL, got "not a url"')
  })
})
