import { describe, expect, it } from 'vitest'
import { browserCollabUrls, collabEndpoints, MAX_COLLAB_URLS, parseCollabUrls, websocketOriginOf } from '../../../../collab-server/client/endpoints'

describe('parseCollabUrls', () => {
  it('reads one URL or a comma-separated list, in order, without trailing slashes', () => {
    expect(parseCollabUrls('ws://127.0.0.1:1234/')).toEqual(['ws://127.0.0.1:1234'])
    expect(parseCollabUrls('wss://c1.example.org/collab/, wss://c2.example.org:8443 ,ws://10.0.0.3:1234')).toEqual([
      'wss://c1.example.org/collab',
      'wss://c2.example.org:8443',
      'ws://10.0.0.3:1234',
    ])
  })

  it('names COLLAB_URL and the entry that is not a websocket URL', () => {
    expect(() => parseCollabUrls('https://c1.example.org')).toThrow('COLLAB_URL must be a ws:// or wss:// URL, got "https://c1.example.org"')
    expect(() => parseCollabUrls('ws://c1.example.org,javascript:alert(1)')).toThrow(
      'COLLAB_URL must be a ws:// or wss:// URL, got "javascript:alert(1)" (entry 2 of 2 in the comma-separated list)',
    )
    expect(() => parseCollabUrls('ws://c1.example.org,,ws://c2.example.org')).toThrow('got "" (entry 2 of 3 in the comma-separated list)')
    expect(() => parseCollabUrls('ws://c1.example.org ws://c2.example.org')).toThrow('got "ws://c1.example.org ws://c2.example.org"')
  })

  it('refuses credentials, queries, fragments, IPv6 brackets and policy-breaking hosts', () => {
    for (const entry of [
      'ws://user:secret@c1.example.org',
      'ws://c1.example.org/?token=x',
      'ws://c1.example.org/#x',
      'ws://[::1]:1234',
      "ws://a.example;script-src 'unsafe-inline'",
    ]) {
      expect(() => parseCollabUrls(entry), entry).toThrow(/^COLLAB_URL must be a ws:\/\/ or wss:\/\/ URL, got /)
    }
  })

  it(`lists at most ${MAX_COLLAB_URLS} URLs`, () => {
    const many = Array.from({ length: MAX_COLLAB_URLS + 1 }, (_, index) => `ws://c${index}.example.org`).join(',')
    expect(() => parseCollabUrls(many)).toThrow(`COLLAB_URL lists ${MAX_COLLAB_URLS + 1} URLs; at most ${MAX_COLLAB_URLS} are allowed`)
    expect(parseCollabUrls(many.split(',').slice(1).join(','))).toHaveLength(MAX_COLLAB_URLS)
  })
})

describe('collabEndpoints and browserCollabUrls', () => {
  it('gives the browser every COLLAB_URL instance, or the page host on COLLAB_PORT', () => {
    const listed = collabEndpoints({ COLLAB_URL: 'ws://127.0.0.1:1340,ws://127.0.0.1:1341', COLLAB_HTTP_URL: 'http://127.0.0.1:1340/' })
    expect(listed).toEqual({ httpUrl: 'http://127.0.0.1:1340', browserUrls: ['ws://127.0.0.1:1340', 'ws://127.0.0.1:1341'], port: 1234 })
    expect(browserCollabUrls(listed, 'app.example.org', true)).toEqual(['ws://127.0.0.1:1340', 'ws://127.0.0.1:1341'])
    expect(browserCollabUrls(collabEndpoints({ COLLAB_PORT: '4321' }), 'app.example.org:3000', true)).toEqual(['wss://app.example.org:4321'])
  })

  it('throws naming COLLAB_URL at the boundary, before any page uses it', () => {
    expect(() => collabEndpoints({ COLLAB_URL: 'ws://c1.example.org,http://c2.example.org' })).toThrow(
      /^COLLAB_URL must be a ws:\/\/ or wss:\/\/ URL, got "http:\/\/c2.example.org"/,
    )
  })
})

describe('websocketOriginOf', () => {
  it('gives scheme, host and port only, or null when a policy could not name it', () => {
    expect(websocketOriginOf('wss://c1.example.org:8443/collab')).toBe('wss://c1.example.org:8443')
    expect(websocketOriginOf('http://c1.example.org')).toBeNull()
    expect(websocketOriginOf('not a url')).toBeNull()
  })
})
