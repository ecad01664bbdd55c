/**
 * The attributes a brat export carries in an annotation's AnnotatorNotes line, in this order (the
 * verdict and the paraphrase flag are `A` lines; the review stamp is not carried).
 */
export const BRAT_NOTE_ATTRIBUTES = [
  'date',
  'endDate',
  'place',
  'participants',
  'summary',
  'speaker',
  'source',
  'sourceUrl',
  'archiveUrl',
  'claimant',
  'rationale',
  'evidence',
] as const
export type BratNoteAttribute = (typeof BRAT_NOTE_ATTRIBUTES)[number]

/** Between the note and each `key: value` part of a brat note. */
export const BRAT_NOTE_SEPARATOR = ' ¦ '
const SEPARATOR_MARK = '¦'
const ESCAPED_MARK = '\\¦'

// Every character Python's str.splitlines() breaks on, and the tab: brat reads .ann files line by
// line and splits them at tabs, so none may appear inside a note.
// eslint-disable-next-line no-control-regex -- the separators \x1c-\x1e are line breaks to Python
const LINE_BREAK_OR_TAB = /[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g

const PART = /^([A-Za-z]+):(?: ([\s\S]*))?$/
const NOTE_KEYS: ReadonlySet<string> = new Set(BRAT_NOTE_ATTRIBUTES)

const oneLine = (value: string) => value.replace(LINE_BREAK_OR_TAB, ' ')
const escapeMarks = (value: string) => value.replaceAll(SEPARATOR_MARK, ESCAPED_MARK)
const unescapeMarks = (value: string) => value.replaceAll(ESCAPED_MARK, SEPARATOR_MARK)

/** What a brat note in the Spanwise format holds: the note itself ("" when none) and the attributes, in the order written. */
export interface BratNote {
  note: string
  attributes: Array<[key: BratNoteAttribute, value: string]>
}

/**
 * Reads a brat note written in the Spanwise format — the note, then ` ¦ key: value` per attribute
 * (starting `¦ ` when there is no note), `¦` inside a value written `\¦` — or returns null for
 * any other note (a hand-written one), which is then a plain note as it is. Every part after the
 * note must be `key: value` with a key of BRAT_NOTE_ATTRIBUTES.
 */
export function readBratNote(field: string): BratNote | null {
  const empty = field.startsWith(`${SEPARATOR_MARK} `)
  const parts = empty ? ['', ...field.slice(2).split(BRAT_NOTE_SEPARATOR)] : field.split(BRAT_NOTE_SEPARATOR)
  if (parts.length < 2) return null
  const attributes: BratNote['attributes'] = []
  for (const part of parts.slice(1)) {
    const match = PART.exec(part)
    if (!match || !NOTE_KEYS.has(match[1])) return null
    attributes.push([match[1] as BratNoteAttribute, unescapeMarks(match[2] ?? '')])
  }
  return { note: unescapeMarks(parts[0]), attributes }
}

/**
 * The text of an annotation's brat note: the note alone when there is nothing else to carry (as
 * it is, line breaks and tabs as spaces), else the note and ` ¦ key: value` per attribute of
 * BRAT_NOTE_ATTRIBUTES that the annotation has (one part per item of a list; empty values left
 * out). Null when there is neither. A lone note that would read as that format has its `¦`
 * written `\¦`, so it stays a plain note.
 */
export function writeBratNote(note: string | undefined, attrs: Readonly<Record<string, unknown>>): string | null {
  const parts: string[] = []
  for (const key of BRAT_NOTE_ATTRIBUTES) {
    const value = attrs[key]
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && item !== '') parts.push(`${key}: ${escapeMarks(oneLine(item))}`)
    }
  }
  const text = oneLine(note ?? '')
  if (parts.length === 0) {
    if (text === '') return null
    return readBratNote(text) === null ? text : escapeMarks(text)
  }
  return text === '' ? `${SEPARATOR_MARK} ${parts.join(BRAT_NOTE_SEPARATOR)}` : [escapeMarks(text), ...parts].join(BRAT_NOTE_SEPARATOR)
}
