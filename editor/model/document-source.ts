import './zod-setup'
import * as Y from 'yjs'
import { z } from 'zod'
import { describeIssues } from './describe-issues'
import { partialDateSchema } from './partial-date'
import { jsonValueProblem } from './shape-limits'
import { isWebUrlWithoutFragment, webUrlSchema } from './web-url'

/**
 * Where a document comes from and how its fact-checks are published (data model 2.2): entries of
 * the `meta` Y.Map, one per field, so two editors changing different fields at once both keep their
 * change (each entry is last-writer-wins on its own). Readers validate each entry on its own and
 * ignore one that does not validate (see {@link readDocumentDetails}).
 */
const SOURCE_META_KEYS = {
  /** The article's address: an absolute http(s) URL. */
  url: 'source.url',
  /** Who published it (a newspaper, a site). */
  publisher: 'source.publisher',
  /** Who wrote it, in byline order. */
  authors: 'source.authors',
  /** When it was published: a partial ISO 8601 date (`2019`, `2019-03`, `2019-03-05`). */
  published: 'source.published',
  /** The language it is written in: a BCP 47 tag (`en`, `he`, `pt-BR`). */
  language: 'source.language',
} as const

/** `meta` entries saying how the document's fact-checks are published (used by the ClaimReview export). */
const FACTCHECK_META_KEYS = {
  /** The address of the published fact-check: an absolute http(s) URL without a fragment. */
  baseUrl: 'factcheck.baseUrl',
  /** The organization publishing it: `{name, url?}`. */
  organization: 'factcheck.organization',
} as const

/** Longest name (publisher, author, organization), in characters. */
const MAX_NAME_CHARS = 200
/** Most authors of one document. */
const MAX_AUTHORS = 50
/** Longest language tag, in characters (BCP 47 advises room for 35). */
const MAX_LANGUAGE_TAG_CHARS = 35

const name = z
  .string()
  .max(MAX_NAME_CHARS, `must be at most ${MAX_NAME_CHARS} characters`)
  .refine((value) => value.trim().length > 0, { message: 'must not be empty' })

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/

/** True for a well-formed BCP 47 language tag such as `en`, `he`, `pt-BR` or `zh-Hant-TW`. */
export function isLanguageTag(value: string): boolean {
  if (value.length > MAX_LANGUAGE_TAG_CHARS || !LANGUAGE_TAG.test(value)) return false
  try {
    return Intl.getCanonicalLocales(value).length === 1
  } catch {
    return false
  }
}

const languageTagSchema = z.string().refine(isLanguageTag, { message: 'must be a BCP 47 language tag such as en, he or pt-BR' })

/** What is known of the document's source; every field is optional. */
export const sourceMetadataSchema = z
  .object({
    url: webUrlSchema.optional(),
    publisher: name.optional(),
    authors: z.array(name).min(1, 'must name at least one author').max(MAX_AUTHORS, `must be at most ${MAX_AUTHORS} names`).optional(),
    published: partialDateSchema.optional(),
    language: languageTagSchema.optional(),
  })
  .strict()
export type SourceMetadata = z.infer<typeof sourceMetadataSchema>

/** The organization that publishes the fact-checks. */
const organizationSchema = z.object({ name, url: webUrlSchema.optional() }).strict()

/** How the document's fact-checks are published; every field is optional. */
export const factCheckSettingsSchema = z
  .object({
    baseUrl: z.string().refine(isWebUrlWithoutFragment, { message: 'must be an absolute http:// or https:// URL without a #fragment' }).optional(),
    organization: organizationSchema.optional(),
  })
  .strict()
export type FactCheckSettings = z.infer<typeof factCheckSettingsSchema>

/** A document's source and fact-check publishing settings, as one value. */
export interface DocumentDetails {
  source: SourceMetadata
  factcheck: FactCheckSettings
}

/** A `meta` entry that was ignored, and why. */
export interface DetailsProblem {
  key: string
  reason: string
}

/** {@link DocumentDetails} as read from `meta`, with the entries that were ignored. */
export interface ReadDetails extends DocumentDetails {
  problems: DetailsProblem[]
}

/** No source, no settings. */
export const NO_DETAILS: DocumentDetails = { source: {}, factcheck: {} }

/** Reads one field: absent, valid, or ignored with the reason. */
function readField(schema: z.ZodType, key: string, value: unknown, problems: DetailsProblem[]): unknown {
  if (value === undefined || value === null) return undefined
  if (value instanceof Y.AbstractType) {
    problems.push({ key, reason: 'must be a plain JSON value, not a shared type' })
    return undefined
  }
  // The shape is checked first, iteratively: a client may have nested anything here.
  const shape = jsonValueProblem(value)
  const parsed = shape ? null : schema.safeParse(value)
  if (parsed?.success) return parsed.data
  problems.push({ key, reason: shape ?? describeIssues(parsed!.error, '') })
  return undefined
}

function readGroup<T extends Record<string, unknown>>(schema: z.ZodObject, keys: Record<string, string>, get: (key: string) => unknown, problems: DetailsProblem[]): T {
  const group: Record<string, unknown> = {}
  for (const [field, key] of Object.entries(keys)) {
    const value = readField(schema.shape[field] as z.ZodType, key, get(key), problems)
    if (value !== undefined) group[field] = value
  }
  return group as T
}

/**
 * Reads a document's source and fact-check settings from its `meta` entries (`get` looks one up).
 * Never throws: an entry that does not validate — a `javascript:` URL, a string of a megabyte, an
 * object nested where a name belongs — is left out and listed in `problems` with the reason.
 */
export function readDocumentDetails(get: (key: string) => unknown): ReadDetails {
  const problems: DetailsProblem[] = []
  const source = readGroup<SourceMetadata>(sourceMetadataSchema, SOURCE_META_KEYS, get, problems)
  const factcheck = readGroup<FactCheckSettings>(factCheckSettingsSchema, FACTCHECK_META_KEYS, get, problems)
  return { source, factcheck, problems }
}

/** The `meta` entries of `details`: one per field it has, by key (absent fields have none). */
export function detailsEntries(details: Partial<DocumentDetails>): Map<string, unknown> {
  const entries = new Map<string, unknown>()
  for (const [field, key] of Object.entries(SOURCE_META_KEYS)) {
    const value = (details.source as Record<string, unknown> | undefined)?.[field]
    if (value !== undefined) entries.set(key, value)
  }
  for (const [field, key] of Object.entries(FACTCHECK_META_KEYS)) {
    const value = (details.factcheck as Record<string, unknown> | undefined)?.[field]
    if (value !== undefined) entries.set(key, value)
  }
  return entries
}

/** Every `meta` key of a document's details. */
export const DETAILS_META_KEYS: readonly string[] = [...Object.values(SOURCE_META_KEYS), ...Object.values(FACTCHECK_META_KEYS)]

/** `group[field]` when `group` is a plain object, else undefined. */
function fieldOf(group: unknown, field: string): unknown {
  return typeof group === 'object' && group !== null && !Array.isArray(group) && Object.hasOwn(group, field) ? (group as Record<string, unknown>)[field] : undefined
}

/**
 * Reads the details an export carries (`source` and `factcheck` objects, as the native export's
 * `document` holds them) the way {@link readDocumentDetails} reads `meta`: each field on its own,
 * a field that does not validate left out and listed in `problems` under its `meta` key.
 */
export function detailsFromExport(source: unknown, factcheck: unknown): ReadDetails {
  const values = new Map<string, unknown>()
  for (const [field, key] of Object.entries(SOURCE_META_KEYS)) values.set(key, fieldOf(source, field))
  for (const [field, key] of Object.entries(FACTCHECK_META_KEYS)) values.set(key, fieldOf(factcheck, field))
  return readDocumentDetails((key) => values.get(key))
}
