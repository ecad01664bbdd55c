import '../model/zod-setup'
import { z } from 'zod'
import { ANNOTATION_TYPES, VERDICTS } from '../model/annotation'
import { matchesAuthor } from '../model/author-filter'
import { OFFSET_UNITS } from '../model/offsets'
import { isWebUrlWithoutFragment } from '../model/web-url'
import type { DocumentSnapshot, SnapshotAnnotation } from './snapshot'

/** The export formats, one module each under editor/export/. */
export const EXPORT_FORMATS = ['json', 'w3c', 'jsonl', 'csv', 'brat', 'claimreview'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

const commaList = <T extends string>(values: readonly [T, ...T[]], name: string) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (!value) return undefined
      const items = value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
      const unknown = items.filter((item) => !(values as readonly string[]).includes(item))
      if (unknown.length > 0) {
        context.addIssue({ code: 'custom', message: `unknown ${name} "${unknown.join('", "')}" (expected ${values.join(', ')})` })
        return z.NEVER
      }
      return items as T[]
    })

/** `csv` cell modes: `escape` prefixes `'` to text cells a spreadsheet would read as a formula; `raw` writes them as they are. */
export const CSV_CELL_MODES = ['escape', 'raw'] as const
export type CsvCellMode = (typeof CSV_CELL_MODES)[number]

/**
 * Export options as they arrive from a query string or CLI flags:
 * `format`, `type=event,quote`, `verdict=false,misleading`, `author=<id or name>`,
 * `offsets=codepoint|utf16` (default codepoint), `unit=document|paragraph` (jsonl only),
 * `csv=escape|raw` (csv only, default escape), and for `claimreview` the fact-check settings to
 * use instead of the document's own: `baseUrl`, `organization` (a name).
 */
export const exportOptionsSchema = z.object({
  format: z.enum(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` }),
  type: commaList(ANNOTATION_TYPES, 'type'),
  verdict: commaList(VERDICTS, 'verdict'),
  author: z.string().optional(),
  offsets: z.enum(OFFSET_UNITS as [string, ...string[]], { message: 'offsets must be codepoint or utf16' }).default('codepoint'),
  unit: z.enum(['document', 'paragraph'], { message: 'unit must be document or paragraph' }).default('document'),
  csv: z.enum(CSV_CELL_MODES, { message: 'csv must be escape or raw' }).default('escape'),
  baseUrl: z.string().refine(isWebUrlWithoutFragment, { message: 'baseUrl must be an absolute http:// or https:// URL without a #fragment' }).optional(),
  organization: z.string().trim().min(1, 'organization must not be empty').max(200, 'organization must be at most 200 characters').optional(),
})
type ParsedOptions = z.output<typeof exportOptionsSchema>
/** Parsed export options; filters are optional (absent: no filter), and an absent `csv` is `escape`. */
export type ExportOptions = Omit<ParsedOptions, 'type' | 'verdict' | 'offsets' | 'csv'> & {
  type?: ParsedOptions['type']
  verdict?: ParsedOptions['verdict']
  offsets: 'codepoint' | 'utf16'
  csv?: CsvCellMode
}

/** The annotations an export includes: filtered by type, verdict (claims only) and author (id or name). */
export function selectAnnotations(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'type' | 'verdict' | 'author'>): SnapshotAnnotation[] {
  return snapshot.annotations.filter((annotation) => {
    if (options.type && !options.type.includes(annotation.type)) return false
    if (options.verdict) {
      if (annotation.type !== 'claim') return false
      const verdict = ('verdict' in annotation.attrs && annotation.attrs.verdict) || 'unreviewed'
      if (!options.verdict.includes(verdict)) return false
    }
    if (!matchesAuthor(annotation.createdBy, options.author)) return false
    return true
  })
}
