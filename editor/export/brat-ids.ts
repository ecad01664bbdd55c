/** The header of a brat export's `<docId>.ids.tsv`: each row maps a brat id (T…, R…) to a Spanwise id. */
export const BRAT_IDS_HEADER = 'brat_id\tspanwise_id'

// A tab, a backslash, or any character Python's str.splitlines() breaks on would split the file's
// rows or columns: they are written as escapes (\t, \\, \n, \r, \uXXXX for the rest).
// eslint-disable-next-line no-control-regex -- the separators \x1c-\x1e are line breaks to Python
const SPECIAL = /[\\\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }
const ESCAPED = /\\(\\|t|n|r|u[0-9a-fA-F]{4})/g
const UNESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' }

/** An id as a TSV field: tabs, backslashes and line breaks escaped (most ids are written as they are). */
export function escapeTsvField(value: string): string {
  return value.replace(SPECIAL, (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Reverses escapeTsvField; a backslash before anything else stays as it is. */
export function unescapeTsvField(field: string): string {
  return field.replace(ESCAPED, (_, code: string) => UNESCAPES[code] ?? String.fromCharCode(parseInt(code.slice(1), 16)))
}

/** The `<docId>.ids.tsv` file: the header, then one `brat id<TAB>Spanwise id` row per pair. */
export function writeBratIds(rows: ReadonlyArray<readonly [bratId: string, spanwiseId: string]>): string {
  return [BRAT_IDS_HEADER, ...rows.map(([bratId, spanwiseId]) => `${bratId}\t${escapeTsvField(spanwiseId)}`)].map((line) => `${line}\n`).join('')
}
