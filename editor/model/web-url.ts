import './zod-setup'
import { z } from 'zod'
import { isSafeHref } from './safe-href'

// Written out in full: `http:host` and `https:/host` parse as URLs too, but nobody means them.
const WEB_URL_PREFIX = /^https?:\/\/[^/?#]/i

function parsedWebUrl(value: unknown): URL | null {
  if (!isSafeHref(value) || !WEB_URL_PREFIX.test(value)) return null
  // No user part at all, not even an empty one (`https://@evil.example`): the `@` is what misleads.
  const authority = value.slice(value.indexOf('//') + 2).split(/[/?#]/, 1)[0]
  if (authority.includes('@')) return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  // `https://trusted.example@evil.example` reads as the first host and goes to the second.
  if (url.username !== '' || url.password !== '') return null
  return url
}

/**
 * True for an absolute `http://` or `https://` URL with a host, written out in full, that passes the
 * link policy ({@link isSafeHref}: at most 2048 characters, no whitespace or control character) and
 * carries no user name or password. The rule for every URL a person gives as data (a document's
 * source, a quote's source URL, an archived copy), so it can be shown as a link and exported.
 */
export function isWebUrl(value: unknown): value is string {
  return parsedWebUrl(value) !== null
}

/** True for a {@link isWebUrl web URL} without a fragment (`#…`), so one can be appended. */
export function isWebUrlWithoutFragment(value: unknown): value is string {
  return parsedWebUrl(value) !== null && !(value as string).includes('#')
}

/** zod schema of a {@link isWebUrl web URL}. */
export const webUrlSchema = z.string().refine(isWebUrl, { message: 'must be an absolute http:// or https:// URL' })

/** The host of a web URL as people read it (`www.` left out), for a link's text; null when it is not one. */
export function webUrlHost(value: unknown): string | null {
  return parsedWebUrl(value)?.hostname.replace(/^www\./, '') ?? null
}
