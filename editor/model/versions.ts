import './zod-setup'
import { z } from 'zod'

/**
 * Named versions of a document (docs/data-model.md, "Versions"): one contract for the collab
 * server, which stores and checks them, and the app, which lists, shows and asks for them.
 */

/** `manual`: saved by someone with a name; `auto`: made by the server after an interval of editing. */
export const VERSION_KINDS = ['manual', 'auto'] as const
export type VersionKind = (typeof VERSION_KINDS)[number]

/** The longest version name, in characters (after trimming). */
export const MAX_VERSION_NAME_CHARS = 120

/** Versions a document keeps at most; beyond it the oldest automatic ones go first. */
export const MAX_VERSIONS_PER_DOCUMENT = 200

/** Largest version number a request may name (numbers count up from 1 per document). */
const MAX_VERSION_NUMBER = 999_999_999

// Control characters, line and paragraph separators, and the bidi controls a hostile name could
// use to turn the text around it ("by Ada" read as another name).
const FORBIDDEN_IN_NAMES = /[\p{Cc}\p{Zl}\p{Zp}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u

const noForbiddenCharacters = (text: string) => !FORBIDDEN_IN_NAMES.test(text)

/** `text` without the characters {@link FORBIDDEN_IN_NAMES} matches. */
const withoutForbiddenCharacters = (text: string) => text.replace(new RegExp(FORBIDDEN_IN_NAMES.source, 'gu'), '')

/** A version's name: trimmed, 1–120 characters, no control, line-separator or bidi-control character. */
export const versionNameSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_VERSION_NAME_CHARS, `must be at most ${MAX_VERSION_NAME_CHARS} characters`)
  .refine(noForbiddenCharacters, 'must not contain control characters, line breaks or bidi controls')

/** Who saved a version, as they named themselves in the app (share links are per role, not per person). */
export const versionAuthorSchema = z.object({
  id: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').refine(noForbiddenCharacters, 'must not contain control characters'),
  // The app's user names may hold bidi marks (an LRM after a Hebrew name): they are dropped here
  // rather than refused, so such a person can save versions; the name is shown as plain text.
  name: z.string().transform(withoutForbiddenCharacters).pipe(z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')),
})
export type VersionAuthor = z.infer<typeof versionAuthorSchema>

/** The body of `POST /api/docs/<id>/versions`. */
export const createVersionRequestSchema = z.strictObject({ name: versionNameSchema, createdBy: versionAuthorSchema.optional() })

/** The body of `POST /api/docs/<id>/versions/<n>/restore` (empty: `{}`). */
export const restoreVersionRequestSchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters').refine(noForbiddenCharacters, 'must not contain control characters').optional(),
})

/** A version as the HTTP API lists it (its state is fetched on its own). */
export const versionRecordSchema = z.object({
  number: z.number().int().min(1),
  name: z.string(),
  kind: z.enum(VERSION_KINDS),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  /** Bytes of the stored Yjs state. */
  bytes: z.number().int().min(0),
})
export type VersionRecord = z.infer<typeof versionRecordSchema>

/**
 * A version number from a URL segment: digits only, 1 to 999999999, no sign, no leading zero;
 * null for anything else (`../x`, `1e3`, `01`, `-1`, `99999999999`).
 */
export function parseVersionNumber(segment: string): number | null {
  if (!/^[1-9][0-9]{0,8}$/.test(segment)) return null
  const number = Number(segment)
  return number <= MAX_VERSION_NUMBER ? number : null
}

/** The message of a request naming a version number {@link parseVersionNumber} refuses. */
export function badVersionNumberMessage(segment: string): string {
  return `version number must be a whole number from 1 to ${MAX_VERSION_NUMBER}, got ${JSON.stringify(segment.slice(0, 40))}`
}

/** The heading of a version: "Version 3 — before review" (an automatic one: "Version 4 — automatic"). */
export function versionLabel(version: Pick<VersionRecord, 'number' | 'name'>): string {
  return `Version ${version.number} — ${version.name}`
}

/** The name the server gives an automatic version. */
export const AUTO_VERSION_NAME = 'Saved automatically'

/**
 * The title of a document restored from a version: "<title> (version 3)", without control or bidi
 * characters, cut between characters (never inside a surrogate pair) to fit 300 UTF-16 units.
 */
export function restoredTitle(title: string, number: number): string {
  const suffix = ` (version ${number})`
  let kept = ''
  for (const character of withoutForbiddenCharacters(title)) {
    if (kept.length + character.length > 300 - suffix.length) break
    kept += character
  }
  return `${kept.trim()}${suffix}`
}
