import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { AnnotationValidationError, parseAttrs } from '../../../../editor/model/annotation'
import { isRecordKey } from '../../../../editor/model/doc-layout'
import {
  DETAILS_META_KEYS,
  detailsEntries,
  detailsFromExport,
  factCheckSettingsSchema,
  isLanguageTag,
  readDocumentDetails,
  sourceMetadataSchema,
} from '../../../../editor/model/document-source'

const SOURCE = {
  url: 'https://www.israpundit.org/archives/israel-russia-part-2',
  publisher: 'Israpundit',
  authors: ['Ted Belman', 'Alexander Maistrovoy'],
  published: '2020-03',
  language: 'en',
}
const FACTCHECK = { baseUrl: 'https://factcheck.example/israel-russia-part-2', organization: { name: 'Example Fact Check', url: 'https://factcheck.example' } }

/** `meta` entries as a lookup. */
const metaOf = (entries: Record<string, unknown>) => (key: string) => entries[key]

describe('document source: schemas', () => {
  it('accepts every field, each optional', () => {
    expect(sourceMetadataSchema.parse(SOURCE)).toEqual(SOURCE)
    expect(sourceMetadataSchema.parse({})).toEqual({})
    expect(factCheckSettingsSchema.parse(FACTCHECK)).toEqual(FACTCHECK)
    expect(factCheckSettingsSchema.parse({ organization: { name: 'Org' } })).toEqual({ organization: { name: 'Org' } })
  })

  it.each([
    [{ url: 'javascript:alert(1)' }, 'url: must be an absolute http:// or https:// URL'],
    [{ publisher: '   ' }, 'publisher: must not be empty'],
    [{ publisher: 'x'.repeat(201) }, 'publisher: must be at most 200 characters'],
    [{ authors: [] }, 'authors: must name at least one author'],
    [{ authors: Array.from({ length: 51 }, (_, index) => `Author ${index}`) }, 'authors: must be at most 50 names'],
    [{ published: '2019-02-29' }, 'published: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD'],
    [{ language: 'english' }, 'language: must be a BCP 47 language tag such as en, he or pt-BR'],
    [{ title: 'x' }, 'Unrecognized key: "title"'],
  ])('refuses %j, naming the field', (source, message) => {
    const parsed = sourceMetadataSchema.safeParse(source)
    expect(parsed.success).toBe(false)
    const issue = parsed.error!.issues[0]
    expect([issue.path.join('.'), issue.message].filter(Boolean).join(': ')).toBe(message)
  })

  it('wants a fact-check base URL without a fragment and an organization with a name', () => {
    expect(factCheckSettingsSchema.safeParse({ baseUrl: 'https://factcheck.example/page#claims' }).success).toBe(false)
    expect(factCheckSettingsSchema.safeParse({ organization: { url: 'https://factcheck.example' } }).success).toBe(false)
    expect(factCheckSettingsSchema.safeParse({ organization: { name: 'Org', url: 'data:text/html,x' } }).success).toBe(false)
  })

  it('knows BCP 47 tags', () => {
    for (const tag of ['en', 'he', 'pt-BR', 'zh-Hant-TW', 'sr-Latn', 'es-419']) expect(isLanguageTag(tag), tag).toBe(true)
    for (const tag of ['', 'e', 'english', 'en_US', 'en-', '-en', 'en US', 'x'.repeat(36), 'en-abcdefghi']) expect(isLanguageTag(tag), tag).toBe(false)
  })
})

describe('readDocumentDetails: tolerant, field by field', () => {
  it('reads every entry, and nothing from a document without them', () => {
    const entries = Object.fromEntries(detailsEntries({ source: SOURCE, factcheck: FACTCHECK }))
    expect(Object.keys(entries)).toEqual([...DETAILS_META_KEYS])
    expect(readDocumentDetails(metaOf(entries))).toEqual({ source: SOURCE, factcheck: FACTCHECK, problems: [] })
    expect(readDocumentDetails(metaOf({ title: 'T', createdAt: '2026-11-25T10:00:00.000Z', schemaVersion: 2 }))).toEqual({ source: {}, factcheck: {}, problems: [] })
  })

  it('ignores each hostile entry with its reason, keeping the others: never throws', () => {
    let deep: unknown = 'bottom'
    for (let level = 0; level < 10_000; level++) deep = { deeper: deep }
    const map = new Y.Doc().getMap('m')
    const read = readDocumentDetails(
      metaOf({
        'source.url': 'javascript:alert(document.cookie)',
        'source.publisher': 'x'.repeat(1_000_000),
        'source.authors': { name: { nested: ['Ted Belman'] } },
        'source.published': deep,
        'source.language': map,
        'factcheck.baseUrl': 'https://factcheck.example/page',
        'factcheck.organization': { name: 'Org', url: 'vbscript:msgbox(1)' },
      }),
    )
    expect(read.source).toEqual({})
    expect(read.factcheck).toEqual({ baseUrl: 'https://factcheck.example/page' })
    expect(read.problems).toEqual([
      { key: 'source.url', reason: 'must be an absolute http:// or https:// URL' },
      { key: 'source.publisher', reason: 'a value is longer than 100000 characters as JSON' },
      { key: 'source.authors', reason: 'Invalid input: expected array, received object' },
      { key: 'source.published', reason: 'a value nests deeper than 16 levels' },
      { key: 'source.language', reason: 'must be a plain JSON value, not a shared type' },
      { key: 'factcheck.organization', reason: 'url: must be an absolute http:// or https:// URL' },
    ])
  })

  it('reads the details an export carries the same way, ignoring what is not an object', () => {
    expect(detailsFromExport(SOURCE, FACTCHECK)).toEqual({ source: SOURCE, factcheck: FACTCHECK, problems: [] })
    expect(detailsFromExport(undefined, null)).toEqual({ source: {}, factcheck: {}, problems: [] })
    expect(detailsFromExport('https://example.org', [FACTCHECK])).toEqual({ source: {}, factcheck: {}, problems: [] })
    expect(detailsFromExport({ url: 'javascript:alert(1)', publisher: 'Israpundit' }, {})).toEqual({
      source: { publisher: 'Israpundit' },
      factcheck: {},
      problems: [{ key: 'source.url', reason: 'must be an absolute http:// or https:// URL' }],
    })
    // A `__proto__` key of a parsed file is an own property, never the prototype.
    expect(detailsFromExport(JSON.parse('{"__proto__": {"url": "https://evil.example"}}'), {}).source).toEqual({})
  })
})

describe('quote and claim source URLs (attributes sourceUrl and archiveUrl)', () => {
  it('take web URLs only, naming the attribute; the server takes their record entries', () => {
    expect(parseAttrs('quote', { sourceUrl: 'https://example.org/speech', archiveUrl: 'https://web.archive.org/web/2020/https://example.org/speech' })).toEqual({
      sourceUrl: 'https://example.org/speech',
      archiveUrl: 'https://web.archive.org/web/2020/https://example.org/speech',
    })
    expect(() => parseAttrs('claim', { sourceUrl: 'javascript:alert(1)' })).toThrow(new AnnotationValidationError('attrs.sourceUrl: must be an absolute http:// or https:// URL'))
    expect(() => parseAttrs('quote', { archiveUrl: '//web.archive.org/x' })).toThrow(new AnnotationValidationError('attrs.archiveUrl: must be an absolute http:// or https:// URL'))
    expect(() => parseAttrs('event', { sourceUrl: 'https://example.org' })).toThrow(AnnotationValidationError)
    expect([isRecordKey('attr.sourceUrl'), isRecordKey('attr.archiveUrl')]).toEqual([true, true])
  })
})
