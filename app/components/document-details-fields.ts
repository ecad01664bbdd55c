import type { DocumentDetails, SourceMetadata } from '../../editor/model/document-source'

/** The source fields of a form, as typed. */
export interface SourceFields {
  url: string
  publisher: string
  authors: string
  published: string
  language: string
}

/** The fields of the document details form, as typed. */
export interface DetailsFields extends SourceFields {
  baseUrl: string
  organization: string
  organizationUrl: string
}

/** Empty source fields. */
export const EMPTY_SOURCE_FIELDS: SourceFields = { url: '', publisher: '', authors: '', published: '', language: '' }

/** Form fields showing `details`: authors joined by commas, absent fields empty. */
export function fieldsFromDetails({ source, factcheck }: DocumentDetails): DetailsFields {
  return {
    url: source.url ?? '',
    publisher: source.publisher ?? '',
    authors: (source.authors ?? []).join(', '),
    published: source.published ?? '',
    language: source.language ?? '',
    baseUrl: factcheck.baseUrl ?? '',
    organization: factcheck.organization?.name ?? '',
    organizationUrl: factcheck.organization?.url ?? '',
  }
}

/** The source a form gives: each field trimmed, empty ones left out, authors split at commas. Not validated. */
export function sourceFromFields(fields: SourceFields): SourceMetadata {
  const source: Record<string, unknown> = {}
  const put = (key: keyof SourceMetadata, value: string) => {
    if (value.trim()) source[key] = value.trim()
  }
  put('url', fields.url)
  put('publisher', fields.publisher)
  const authors = fields.authors
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  if (authors.length > 0) source.authors = authors
  put('published', fields.published)
  put('language', fields.language)
  return source
}

/** The details a form gives, as {@link sourceFromFields} reads the source; an organization URL without a name is kept so validation names it. */
export function detailsFromFields(fields: DetailsFields): DocumentDetails {
  const name = fields.organization.trim()
  const url = fields.organizationUrl.trim()
  const organization = name || url ? { organization: { name, ...(url ? { url } : {}) } } : {}
  return { source: sourceFromFields(fields), factcheck: { ...(fields.baseUrl.trim() ? { baseUrl: fields.baseUrl.trim() } : {}), ...organization } }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** A partial ISO date as people read it: `2019`, `March 2019`, `5 March 2019`. */
export function readableDate(partial: string): string {
  const [year, month, day] = partial.split('-')
  if (!month) return year
  const monthName = MONTHS[Number(month) - 1] ?? month
  return day ? `${Number(day)} ${monthName} ${year}` : `${monthName} ${year}`
}

/** Names as a byline lists them: `A`, `A and B`, `A, B and C`. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** A language tag's name in English (`he` → `Hebrew`), or the tag itself when the browser does not know it. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag
  } catch {
    return tag
  }
}
