/**
 * The link policy: which hrefs Spanwise puts into a page or a document. One module, used by the
 * schema's link mark (rendering and HTML/Markdown import) and by anything else that makes a link
 * from user data.
 */

/** Longest href accepted, in UTF-16 code units. */
export const MAX_HREF_LENGTH = 2048

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

// Browsers drop tabs and line breaks anywhere in a URL and trim C0 controls and spaces, so
// `java\tscript:` runs as `javascript:`; an href holding any of them (or any other whitespace)
// is refused outright rather than cleaned.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's job
const CONTROL_OR_WHITESPACE = /[\u0000-\u0020\u007f-\u009f\s]/u

// Resolving a path against a placeholder origin tells whether it stays on the page's own origin
// (`/docs/x`) or names another host (`//evil`, `/\evil`: browsers read `\` as `/`).
const PLACEHOLDER_ORIGIN = 'https://spanwise.invalid'

function parseUrl(href: string, base?: string): URL | null {
  try {
    return new URL(href, base)
  } catch {
    return null
  }
}

/**
 * True when `href` may be rendered as a link: an absolute `http:`, `https:` or `mailto:` URL, a
 * fragment `#…`, or a path `/…` on the page's own origin. False for any other scheme
 * (`javascript:`, `data:`, `vbscript:`, in any case), for protocol-relative `//host`, `/\host`
 * and `\\host`, for relative paths without a leading `/`, for an href holding whitespace or a
 * control character anywhere, for one longer than {@link MAX_HREF_LENGTH}, and for non-strings.
 * The href is checked as written, never decoded: HTML entities are decoded by the HTML parser
 * before an href reaches this check, and an undecoded `&#x6a;avascript:` is a relative path.
 */
export function isSafeHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.length === 0 || href.length > MAX_HREF_LENGTH) return false
  if (CONTROL_OR_WHITESPACE.test(href)) return false
  if (href.startsWith('#')) return true
  if (href.startsWith('/')) return parseUrl(href, PLACEHOLDER_ORIGIN)?.origin === PLACEHOLDER_ORIGIN
  const url = parseUrl(href)
  return url !== null && ALLOWED_PROTOCOLS.has(url.protocol)
}
