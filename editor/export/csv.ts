import { stringify } from 'csv-stringify/sync'
import type { Person } from '../model/annotation'
import { OffsetConverter, type OffsetUnit } from '../model/offsets'
import { selectAnnotations, type ExportOptions } from './options'
import type { ExportResult } from './result'
import type { DocumentSnapshot, SnapshotAnnotation } from './snapshot'

/** Attribute columns, one per attribute of any type; a cell is empty when the type has no such attribute. */
const CSV_ATTRIBUTE_COLUMNS = [
  'date',
  'endDate',
  'place',
  'participants',
  'summary',
  'speaker',
  'source',
  'sourceUrl',
  'archiveUrl',
  'paraphrase',
  'claimant',
  'verdict',
  'rationale',
  'evidence',
  'reviewedBy',
  'reviewedAt',
  'reviewedText',
] as const

/** Every column of the CSV export, in order (the header row). */
export const CSV_COLUMNS = [
  'id',
  'type',
  'state',
  'start',
  'end',
  'text',
  ...CSV_ATTRIBUTE_COLUMNS,
  'note',
  'author',
  'created',
  'updated',
  'comments',
  'links',
  'review',
  'assignee',
  'approvedBy',
  'approvedAt',
] as const

/** A column name of the CSV export. */
export type CsvColumn = (typeof CSV_COLUMNS)[number]
/** One CSV row before quoting: offsets and the comment count as numbers, everything else as text. */
export type CsvRow = Record<CsvColumn, string | number>

/** Separator of list attributes (participants, evidence) inside one cell. */
const CSV_LIST_SEPARATOR = '; '

/** What an attribute holds once validated: text, a flag, a list of texts, or a person. */
type AttrValue = string | number | boolean | Person | readonly AttrValue[] | null | undefined

function cell(value: AttrValue): string {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'object') return String(value)
  return 'name' in value ? value.name : value.map(cell).join(CSV_LIST_SEPARATOR)
}

function toRow(annotation: SnapshotAnnotation, offsets: OffsetConverter, unit: OffsetUnit): CsvRow {
  const attrs = annotation.attrs as Record<string, AttrValue>
  const attached = annotation.start !== null && annotation.end !== null
  const row = {
    id: annotation.id,
    type: annotation.type,
    state: annotation.state,
    start: attached ? offsets.convert(annotation.start!, unit) : '',
    end: attached ? offsets.convert(annotation.end!, unit) : '',
    text: annotation.exact,
  } as CsvRow
  for (const column of CSV_ATTRIBUTE_COLUMNS) row[column] = cell(attrs[column])
  row.note = annotation.note ?? ''
  row.author = annotation.createdBy.name
  row.created = annotation.createdAt
  row.updated = annotation.updatedAt
  row.comments = annotation.comments.length
  // The links this annotation holds, `<type>:<target id>`, as the list attributes are separated.
  row.links = annotation.links.map((link) => `${link.type}:${link.target}`).join(CSV_LIST_SEPARATOR)
  // A claim's review workflow; empty for events and quotes.
  row.review = annotation.review?.state ?? ''
  row.assignee = annotation.review?.assignee?.name ?? ''
  row.approvedBy = annotation.review?.approvedBy?.name ?? ''
  row.approvedAt = annotation.review?.approvedAt ?? ''
  return row
}

/** The rows of the CSV export (no header), offsets in `options.offsets`; empty start/end when detached. */
export function toCsvRows(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'offsets' | 'type' | 'verdict' | 'author'>): CsvRow[] {
  const offsets = new OffsetConverter(snapshot.text)
  return selectAnnotations(snapshot, options).map((annotation) => toRow(annotation, offsets, options.offsets))
}

/**
 * `csv`: one row per annotation under a header row. RFC 4180: CRLF between records, fields with a
 * comma, quote or line break quoted, quotes doubled. UTF-8 with a byte order mark, so spreadsheet
 * programs read it as UTF-8 (Hebrew, curly quotes) instead of the system code page. Unless
 * `options.csv` is `raw`, a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
 * (or a full-width `＝＋－＠`) gets a leading `'` (OWASP CSV injection); offsets and counts are numbers
 * and are never prefixed.
 */
export function exportCsv(snapshot: DocumentSnapshot, options: ExportOptions): ExportResult {
  const body = stringify(toCsvRows(snapshot, options), {
    header: true,
    columns: [...CSV_COLUMNS],
    bom: true,
    record_delimiter: 'windows',
    // With an explicit record delimiter csv-stringify stops quoting lone "\n"/"\r"; RFC 4180 needs it.
    quote_record_delimiter: true,
    escape_formulas: options.csv !== 'raw',
  })
  return { body, contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv' }
}
