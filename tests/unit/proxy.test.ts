import { describe, expect, it } from 'vitest'
import { collabOriginsFor, contentSecurityPolicy } from '../../proxy'

describe('contentSecurityPolicy', () => {
  it('allows scripts by nonce only, the collab websocket, no plugins, framing or foreign forms', () => {
    expect(contentSecurityPolicy({ nonce: 'abc123==', collabOrigins: ['ws://localhost:1234'], development: false }).split('; ')).toEqual([
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
    const policy = contentSecurityPolicy({ nonce: 'n', collabOrigins: [], development: true })
    expect(policy).toContain("script-src 'self' 'nonce-n' 'unsafe-eval';")
    expect(policy).toContain("connect-src 'self';")
  })
})

describe('collabOriginsFor', () => {
  it('derives the websocket origin from the page host and COLLAB_PORT, as the document page does', () => {
    expect(collabOriginsFor('docs.example.org:3000', false, {})).toEqual(['ws://docs.example.org:1234'])
    expect(collabOriginsFor('docs.example.org', true, { COLLAB_PORT: '4321' })).toEqual(['wss://docs.example.org:4321'])
    expect(collabOriginsFor(null, false, {})).toEqual(['ws://localhost:1234'])
  })

  it('uses the origin of COLLAB_URL, without its path', () => {
    expect(collabOriginsFor('app.example.org', true, { COLLAB_URL: 'wss://collab.example.org/ws/' })).toEqual(['wss://collab.example.org'])
    expect(collabOriginsFor('app.example.org', false, { COLLAB_URL: 'ws://127.0.0.1:23101' })).toEqual(['ws://127.0.0.1:23101'])
  })

  it('allows every instance a COLLAB_URL list names, each origin once', () => {
    const env = { COLLAB_URL: 'wss://c1.example.org, wss://c2.example.org:8443/ws,wss://c1.example.org/other' }
    expect(collabOriginsFor('app.example.org', true, env)).toEqual(['wss://c1.example.org', 'wss://c2.example.org:8443'])
    expect(contentSecurityPolicy({ nonce: 'n', collabOrigins: collabOriginsFor(null, true, env), development: false })).toContain(
      "connect-src 'self' wss://c1.example.org wss://c2.example.org:8443;",
    )
  })

  it('gives no origin for a Host header that would inject into the policy', () => {
    expect(collabOriginsFor("evil.example;script-src 'unsafe-inline'", false, {})).toEqual([])
    expect(collabOriginsFor('evil.example;script-src', false, {})).toEqual([])
    expect(collabOriginsFor('a b', false, {})).toEqual([])
  })

  it('throws naming COLLAB_URL when it is not a websocket URL', () => {
    expect(() => collabOriginsFor('app.example.org', false, { COLLAB_URL: 'https://collab.example.org' })).toThrow(
      'COLLAB_URL must be a ws:// or wss:// URL, got "https://collab.example.org"',
    )
    expect(() => collabOriginsFor('app.example.org', false, { COLLAB_URL: 'not a url' })).toThrow('COLLAB_URL must be a ws:// or wss:// URL, got "not a url"')
    // One bad entry of a list fails the whole list: a policy never names a source it would inject.
    expect(() => collabOriginsFor('app.example.org', false, { COLLAB_URL: "ws://ok.example, ws://evil.example;script-src 'unsafe-inline'" })).toThrow(
      'COLLAB_URL must be a ws:// or wss:// URL, got "ws://evil.example;script-src \'unsafe-inline\'" (entry 2 of 2 in the comma-separated list)',
    )
  })
})
