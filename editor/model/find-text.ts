/**
 * The longest query find searches for, in UTF-16 units. A longer one (a whole article pasted into
 * the find field) is refused with a message instead of being searched.
 */
export const MAX_FIND_QUERY_LENGTH = 500

/** The most matches find counts, lists and highlights in the text; beyond it the count reads "1000+". */
export const MAX_FIND_MATCHES = 1000

/** What find looks for: the query as typed, and the folded form it is compared in (see {@link foldForFind}). */
export interface FindQuery {
  readonly text: string
  readonly matchCase: boolean
  /** `text` folded: compared with folded text by plain `indexOf`, never as a regular expression. */
  readonly needle: string
}

/** A query typed into the find field, read: one to search with, nothing to search, or one too long to search. */
export type FindQueryResult = { readonly kind: 'query'; readonly query: FindQuery } | { readonly kind: 'empty' } | { readonly kind: 'too-long'; readonly message: string }

// Typographic characters a keyboard does not type, each compared as the one it does: curly quotes
// and primes as straight quotes, no-break spaces as spaces. One UTF-16 unit each way, so folding
// keeps every offset.
const TYPED_FORMS: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u00A0': ' ',
  '\u202F': ' ',
}
const TYPOGRAPHIC = /[\u2018\u2019\u201A\u201B\u2032\u201C-\u201F\u2033\u00A0\u202F]/g

/**
 * Lower case, one code point at a time where lower-casing the whole would change the length: a
 * character whose lower case is longer becomes that lower case's first code point when it has the
 * same length (İ, "i" and a combining dot above, as "i"), else stays as it is.
 */
function lowerKeepingLength(text: string): string {
  const lower = text.toLowerCase()
  if (lower.length === text.length) return lower.replace(/ς/g, 'σ')
  let folded = ''
  for (const char of text) {
    const one = char.toLowerCase()
    const first = one.length === char.length ? one : String.fromCodePoint(one.codePointAt(0)!)
    folded += first.length === char.length ? first : char
  }
  return folded.replace(/ς/g, 'σ')
}

/**
 * `text` as find compares it: curly quotes as straight ones, no-break spaces as spaces, and, unless
 * `matchCase`, in lower case (a final sigma as σ). The result has the same length as `text`, unit
 * for unit, so an offset found in it is an offset in `text`.
 */
export function foldForFind(text: string, matchCase: boolean): string {
  const typed = text.replace(TYPOGRAPHIC, (char) => TYPED_FORMS[char])
  return matchCase ? typed : lowerKeepingLength(typed)
}

/** Reads what was typed into a find field: the query to search with, `empty` for "", `too-long` past {@link MAX_FIND_QUERY_LENGTH}. */
export function readFindQuery(text: string, matchCase: boolean): FindQueryResult {
  if (text === '') return { kind: 'empty' }
  if (text.length > MAX_FIND_QUERY_LENGTH) {
    return { kind: 'too-long', message: `Too long to search: ${text.length.toLocaleString('en')} characters (at most ${MAX_FIND_QUERY_LENGTH}).` }
  }
  return { kind: 'query', query: { text, matchCase, needle: foldForFind(text, matchCase) } }
}

/** True when two queries search for the same thing (the same text, case matched or not). */
export function sameFindQuery(a: FindQuery | null, b: FindQuery | null): boolean {
  return a === b || (a !== null && b !== null && a.text === b.text && a.matchCase === b.matchCase)
}

/**
 * What stands for an inline leaf (a hard break) in the text find searches, so offsets stay
 * positions. No query matches text holding it (one pasted with it would otherwise match across a
 * hard break).
 */
export const LEAF_TEXT = '\uFFFC'

/**
 * Where `needle` occurs in `folded` (text already folded with {@link foldForFind}), as offsets of
 * non-overlapping matches from the start, at most `limit` of them. The needle is literal text; one
 * holding {@link LEAF_TEXT} matches nothing.
 */
export function findOffsets(folded: string, needle: string, limit: number): number[] {
  const offsets: number[] = []
  if (needle === '' || needle.includes(LEAF_TEXT)) return offsets
  for (let index = folded.indexOf(needle); index !== -1 && offsets.length < limit; index = folded.indexOf(needle, index + needle.length)) offsets.push(index)
  return offsets
}

/** A match with some text around it, for a list of results: each part on one line, with "…" where text was left out. */
export interface Excerpt {
  readonly before: string
  readonly match: string
  readonly after: string
}

// Line breaks and other control characters, and the bidi controls a hostile value could use to
// turn the text of a result around: each shows as one space.
const UNSHOWN = /[\p{Cc}\p{Zl}\p{Zp}\s\u200E\u200F\u202A-\u202E\u2066-\u2069]+/gu

const showable = (text: string) => text.replace(UNSHOWN, ' ')

/** True when `index` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, index: number): boolean {
  const code = text.charCodeAt(index)
  return index > 0 && index < text.length && code >= 0xdc00 && code <= 0xdfff
}

/**
 * The match at `[start, start + length)` of `text` with up to `context` units of text on each side
 * (never half a surrogate pair), the match itself cut to `context * 2` units.
 */
export function excerptAround(text: string, start: number, length: number, context = 40): Excerpt {
  let from = Math.max(0, start - context)
  if (splitsPair(text, from)) from += 1
  let to = Math.min(text.length, start + length + context)
  if (splitsPair(text, to)) to -= 1
  let matchEnd = Math.min(start + length, start + context * 2)
  if (splitsPair(text, matchEnd)) matchEnd -= 1
  const cut = matchEnd < start + length
  return {
    before: (from > 0 ? '…' : '') + showable(text.slice(from, start)).trimStart(),
    match: showable(text.slice(start, matchEnd)) + (cut ? '…' : ''),
    after: cut ? '' : showable(text.slice(start + length, to)).trimEnd() + (to < text.length ? '…' : ''),
  }
}

/** `text` on one line and cut to `max` units with "…" (never half a surrogate pair), for a label. */
export function truncateForDisplay(text: string, max: number): string {
  const line = showable(text).trim()
  if (line.length <= max) return line
  const end = splitsPair(line, max - 1) ? max - 2 : max - 1
  return `${line.slice(0, end)}…`
}
