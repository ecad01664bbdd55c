import './zod-setup'
import { uuidv4 } from 'lib0/random'
import * as Y from 'yjs'
import { z } from 'zod'
import { personSchema, type Person } from './annotation'
import { MAX_ID_CHARS, SUGGESTIONS_MAP } from './doc-layout'

/** Who made a suggestion, when, and their colour: the value of a `suggestions` entry (data model 2.4). */
const suggestionAuthorSchema = z.object({
  by: personSchema,
  at: z.string().datetime(),
  // A colour that is not #rrggbb is left out (the author is kept): it goes into a style.
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional()
    .catch(undefined),
})
export type SuggestionAuthor = z.infer<typeof suggestionAuthorSchema>

/** The origin of the transactions that record who suggested what; no undo manager tracks it. */
const suggestionAuthorOrigin = { name: 'spanwise-suggestion-authors' } as const

/** What the app shows for a suggestion whose author entry is missing or does not validate. */
export const UNKNOWN_SUGGESTER = 'someone'

/** A new suggestion id: random, so nobody can guess (or take over) another person's next one. */
export function newSuggestionId(): string {
  return `s-${uuidv4()}`
}

/** The `suggestions` Y.Map of a document. */
export function suggestionAuthorsMap(ydoc: Y.Doc): Y.Map<unknown> {
  return ydoc.getMap(SUGGESTIONS_MAP)
}

/** The key of a suggestion id in the `suggestions` map (ids in marks may be numbers or strings). */
function suggestionKey(id: string | number): string {
  return String(id)
}

/**
 * Who made the suggestion `id`, or null when the map has no entry for it or the entry does not
 * validate (written by a client that bypassed the app): the app then shows {@link UNKNOWN_SUGGESTER}.
 */
export function readSuggestionAuthor(ydoc: Y.Doc, id: string | number): SuggestionAuthor | null {
  const key = suggestionKey(id)
  if (key.length > MAX_ID_CHARS) return null
  const value = suggestionAuthorsMap(ydoc).get(key)
  if (typeof value !== 'object' || value === null) return null
  // Parsed once per stored value (Yjs hands back the same object until the entry is replaced):
  // the list of suggestions is rebuilt on edits and reads every author.
  const cached = parsedAuthors.get(value)
  if (cached !== undefined) return cached
  const parsed = suggestionAuthorSchema.safeParse(value)
  const author = parsed.success ? parsed.data : null
  parsedAuthors.set(value, author)
  return author
}

/** Author entries already validated, by the stored value they were read from. */
const parsedAuthors = new WeakMap<object, SuggestionAuthor | null>()

/**
 * Records `by` (with their colour, when given) as the author of each of `ids` that has no entry yet (an id a suggestion took over
 * from an adjacent one keeps its author), in one transaction that is not an undo step.
 */
export function recordSuggestionAuthors(ydoc: Y.Doc, ids: Iterable<string | number>, by: Person, color?: string, at: string = new Date().toISOString()): void {
  const map = suggestionAuthorsMap(ydoc)
  const fresh = [...new Set([...ids].map(suggestionKey))].filter((key) => key.length <= MAX_ID_CHARS && !map.has(key))
  if (fresh.length === 0) return
  const entry = suggestionAuthorSchema.parse({ by: { id: by.id, name: by.name }, at, ...(color ? { color } : {}) })
  ydoc.transact(() => {
    for (const key of fresh) map.set(key, entry)
  }, suggestionAuthorOrigin)
}
