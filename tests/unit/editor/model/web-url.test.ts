import { describe, expect, it } from 'vitest'
import { isWebUrl, isWebUrlWithoutFragment, webUrlHost, webUrlSchema } from '../../../../editor/model/web-url'

describe('isWebUrl: the URLs people give as data', () => {
  it('accepts absolute http and https URLs with a host, any case, with paths, queries, ports and fragments', () => {
    for (const url of [
      'https://www.israpundit.org/archives/12345',
      'http://example.org',
      'HTTPS://EXAMPLE.ORG/A?b=c#d',
      'https://example.org:8443/path',
      'https://web.archive.org/web/2020/https://example.org/a',
      'https://he.wikipedia.org/wiki/%D7%99%D7%A9%D7%A8%D7%90%D7%9C',
    ]) {
      expect(isWebUrl(url), url).toBe(true)
    }
  })

  it('refuses other schemes, relative and protocol-relative addresses, credentials, whitespace, controls, overlong and non-strings', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'mailto:a@example.org',
      'ftp://example.org/file',
      '//evil.example/x',
      '/docs/x',
      '#top',
      'example.org',
      'http:example.org',
      'https:/example.org',
      'https://',
      'https://user:pass@example.org/',
      'https://trusted.example@evil.example/',
      'https://@evil.example/',
      'https://:@evil.example/',
      'https://example.org/a b',
      'java\tscript:alert(1)',
      ' https://example.org',
      'https://example.org/\u0000',
      `https://example.org/${'a'.repeat(2048)}`,
      '',
    ]) {
      expect(isWebUrl(url), JSON.stringify(url)).toBe(false)
    }
    for (const value of [null, undefined, 42, { href: 'https://example.org' }, ['https://example.org']]) expect(isWebUrl(value)).toBe(false)
  })

  it('tells a URL without a fragment, names its host, and says what is wrong as a zod message', () => {
    expect(isWebUrlWithoutFragment('https://factcheck.example/reviews/part-2')).toBe(true)
    expect(isWebUrlWithoutFragment('https://factcheck.example/reviews/part-2#top')).toBe(false)
    expect(isWebUrlWithoutFragment('javascript:alert(1)')).toBe(false)
    expect(webUrlHost('https://www.israpundit.org/archives/1')).toBe('israpundit.org')
    expect(webUrlHost('javascript:alert(1)')).toBeNull()
    expect(webUrlSchema.safeParse('javascript:alert(1)').error?.issues[0].message).toBe('must be an absolute http:// or https:// URL')
  })
})
