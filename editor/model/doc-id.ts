import './zod-setup'
import { z } from 'zod'

/**
 * Allowed document ids: used in URLs, websocket room names and storage keys. One contract for the
 * collab server, the app's routes and the importers.
 */
export const DOC_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/** Accepts a document id matching {@link DOC_ID_PATTERN}. */
export const docIdSchema = z.string().regex(DOC_ID_PATTERN, 'document id must be 1–64 characters of A–Z, a–z, 0–9, "_" or "-"')

/** True when `value` is an allowed document id. */
export function isDocId(value: unknown): value is string {
  return typeof value === 'string' && DOC_ID_PATTERN.test(value)
}

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
  return [...crypto.getRandomValues(new Uint8Array(length))].map((byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('')
}

/**
 * A readable, probably-unique document id: the title's slug plus a random suffix
 * ("israel-russia-relations-k3x9q2"). Always matches {@link DOC_ID_PATTERN}.
 */
export function generateDocId(title: string, suffix: string = randomSuffix()): string {
  return `${slugify(title)}-${suffix}`
}

/**
 * The document id of a websocket request path `/<docId>` (a query string is allowed). Null when
 * the path is not one segment matching {@link DOC_ID_PATTERN}.
 */
export function docIdFromPath(url: string | undefined): string | null {
  const path = (url ?? '').split('?', 1)[0]
  if (!path.startsWith('/')) return null
  const id = path.slice(1)
  return isDocId(id) ? id : null
}
