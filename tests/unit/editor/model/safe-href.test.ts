import { describe, expect, it } from 'vitest'
import { isSafeHref, MAX_HREF_LENGTH } from '../../../../editor/model/safe-href'

const SAFE = [
  'https://example.org/a?b=c#d',
  'http://example.org',
  'HTTPS://Example.org/Path',
  'https://user@example.org:8443/x',
  'mailto:desk@example.org?subject=Hi',
  '#section-2',
  '#',
  '/',
  '/docs/israel-russia-part-2',
  '/docs/x?token=abc#frag',
  // Resolves to the path `//evil` on the page's own origin: still same-origin.
  '/..//evil.example',
  '/%5Cevil.example',
]

const HOSTILE = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'javascript:alert(1) ',
  '\u0000javascript:alert(1)',
  '\u001fjavascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'java\rscript:alert(1)',
  'javascript\u0000:alert(1)',
  '\u00a0javascript:alert(1)',
  '\u2028javascript:alert(1)',
  '\ufeffjavascript:alert(1)',
  'java\u200bscript:alert(1)',
  '&#x6a;avascript:alert(1)',
  '&#106;avascript:alert(1)',
  'javascript&colon;alert(1)',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'file:///etc/passwd',
  'blob:https://example.org/uuid',
  'ftp://example.org/file',
  'tel:+15551234',
  '//evil.example',
  '//evil.example/path',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/\t/evil.example',
  ' /docs/x',
  'https://example.org/a b',
  'relative/path',
  'evil.example',
  './x',
  '?q=1',
  '',
  'http://',
  'https://',
]

describe('isSafeHref', () => {
  it.each(SAFE)('accepts %j', (href) => {
    expect(isSafeHref(href)).toBe(true)
  })

  it.each(HOSTILE)('refuses %j', (href) => {
    expect(isSafeHref(href)).toBe(false)
  })

  it('refuses values that are not strings', () => {
    expect([null, undefined, 42, {}, ['https://example.org'], { toString: () => 'https://example.org' }].map(isSafeHref)).toEqual([false, false, false, false, false, false])
  })

  it(`accepts an href of exactly ${MAX_HREF_LENGTH} characters and refuses one longer`, () => {
    const prefix = 'https://example.org/'
    const longest = prefix + 'a'.repeat(MAX_HREF_LENGTH - prefix.length)
    expect(longest.length).toBe(MAX_HREF_LENGTH)
    expect(isSafeHref(longest)).toBe(true)
    expect(isSafeHref(`${longest}a`)).toBe(false)
  })
})
