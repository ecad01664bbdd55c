import { randomBytes } from 'node:crypto'
import { DOC_ID_PATTERN } from '../editor/model/doc-layout'

const MAX_SLUG_LENGTH = 48
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'
const SUFFIX_LENGTH = 6

/** A URL-safe slug of a title: ASCII letters and digits joined by "-"; "doc" when none remain. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^-+|-+$/g, '')
  return slug.length > 0 ? slug : 'doc'
}

/** A short random suffix of lowercase letters and digits. */
export function randomSuffix(length = SUFFIX_LENGTH): string {
  return [...randomBytes(length)].map((byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('')
}

/**
 * A readable, probably-unique document id: the title's slug plus a random suffix
 * ("israel-russia-relations-k3x9q2"). Always matches `DOC_ID_PATTERN`.
 */
export function generateDocId(title: string, suffix: string = randomSuffix()): string {
  return `${slugify(title)}-${suffix}`
}

/**
 * The document id of a websocket request path `/<docId>` (a query string is allowed). Null when
 * the path is not one segment matching `DOC_ID_PATTERN`.
 */
export function docIdFromPath(url: string | undefined): string | null {
  const path = (url ?? '').split('?', 1)[0]
  if (!path.startsWith('/')) return null
  const id = path.slice(1)
  return DOC_ID_PATTERN.test(id) ? id : null
}
