import { readFileSync } from 'node:fs'
import jsonld from 'jsonld'
import { describe, expect, it } from 'vitest'
import type { DocumentSnapshot } from '../../../../editor/export/snapshot'
import { SPANWISE_CONTEXT, SPANWISE_VOCAB } from '../../../../editor/export/spanwise-context'
import { ANNO_CONTEXT, toW3cCollection, type W3cLink } from '../../../../editor/export/w3c'
import { bodyText } from './support/exactness'
import { FIXTURES_DIR, REPO_ROOT, loadAstralFixture, loadSeedFixture } from './support/fixtures'

// The Web Annotation context as the W3C serves it at http://www.w3.org/ns/anno.jsonld (Appendix A
// of the Web Annotation Vocabulary): the W3C's own copy (w3c/web-annotation, admin/ns/anno.jsonld,
// 2016-11-23) plus the "assessing" term the W3C added to the served file in 2021
// (w3c/web-annotation#444). Served locally: these tests never reach the network.
const ANNO = JSON.parse(readFileSync(`${FIXTURES_DIR}w3c-anno-context.jsonld`, 'utf8')) as unknown
const PUBLISHED = JSON.parse(readFileSync(`${REPO_ROOT}docs/spanwise-context.jsonld`, 'utf8')) as { '@context': unknown }

const V = SPANWISE_VOCAB
const OA = 'http://www.w3.org/ns/oa#'
const NON_NEGATIVE = 'http://www.w3.org/2001/XMLSchema#nonNegativeInteger'

const requested: string[] = []
/** A document loader that serves the Web Annotation context from its local copy and refuses every other URL. */
async function offlineLoader(url: string) {
  requested.push(url)
  if (url === ANNO_CONTEXT) return { contextUrl: null, documentUrl: url, document: ANNO }
  throw new Error(`refused to fetch ${url}: the tests run offline`)
}

/** JSON-LD expansion in safe mode: jsonld.js throws instead of dropping a key that has no IRI. */
const expandSafely = (document: unknown) => jsonld.expand(document, { documentLoader: offlineLoader, safe: true })
const expand = (document: unknown) => jsonld.expand(document, { documentLoader: offlineLoader })

const seed = loadSeedFixture().snapshot
const sourced: DocumentSnapshot = {
  ...seed,
  source: {
    url: 'https://www.israpundit.example/israel-russia-part-2',
    publisher: 'Israpundit',
    authors: ['Ted Belman', 'Alexander Maistrovoy'],
    published: '2020-03',
    language: 'en',
  },
  factcheck: { baseUrl: 'https://factcheck.example/reviews/israel-russia-part-2', organization: { name: 'Example Fact Check', url: 'https://factcheck.example/' } },
}
const DANA = { id: 'user-dana', name: 'Dana Levi' }
/** The seed with links between its annotations (the fixture has none). */
const linked: DocumentSnapshot = {
  ...seed,
  annotations: seed.annotations.map((annotation) =>
    annotation.id === 'qt-compatriots'
      ? {
          ...annotation,
          links: [
            { id: 'l-1', type: 'supports', target: 'cl-putin-2001', createdBy: DANA, createdAt: '2026-11-25T18:00:00.000Z' },
            { id: 'l 2/é', type: 'same-event-as', target: 'ev-annexation', createdBy: DANA, createdAt: '2026-11-25T18:01:00.000Z' },
          ],
        }
      : annotation,
  ),
}
const exported = (snapshot: DocumentSnapshot) => JSON.parse(bodyText('w3c', snapshot)) as Record<string, unknown>

/** Every key of every object in a plain JSON value. */
function jsonKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => jsonKeys(item, keys))
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) jsonKeys(item, keys.add(key))
  return keys
}

/** Every property of every node object in expanded JSON-LD (value objects and lists are not nodes). */
function expandedProperties(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => expandedProperties(item, keys))
  else if (typeof value === 'object' && value !== null && !('@value' in value)) {
    for (const [key, item] of Object.entries(value)) expandedProperties(item, key === '@list' ? keys : keys.add(key))
  }
  return keys
}

/** A plain JSON value with nested `@context`s removed and one-item arrays unwrapped, as JSON-LD compaction writes them. */
function compactForm(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? compactForm(value[0]) : value.map(compactForm)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '@context')
      .map(([key, item]) => [key, compactForm(item)]),
  )
}

describe('w3c export as JSON-LD: Spanwise’s own context', () => {
  it('is published in docs/spanwise-context.jsonld and embedded in the export after the Web Annotation context', () => {
    expect(PUBLISHED['@context']).toEqual(SPANWISE_CONTEXT)
    const collection = exported(sourced)
    expect(collection['@context']).toEqual([ANNO_CONTEXT, PUBLISHED['@context']])
    const links = toW3cCollection(linked, {}).first.items.filter((item): item is W3cLink => item.motivation === 'linking')
    expect(links).toHaveLength(2)
    for (const link of links) expect(link['@context']).toEqual([ANNO_CONTEXT, { spanwise: V }])
    // Every IRI is under Spanwise's namespace, and no identifier an export holds is.
    expect(Object.values(SPANWISE_CONTEXT).every((term) => (typeof term === 'string' ? term : term['@id']).startsWith('spanwise:') || term === V)).toBe(true)
    const data = JSON.stringify(exported(linked), (key, value: unknown) => (key === '@context' ? undefined : value))
    expect(data.includes(V)).toBe(false)
  })

  it('keeps the document’s title, text and blocks under their IRIs after a JSON-LD expansion', async () => {
    const [collection] = await expandSafely(exported(sourced))
    const [document] = collection[`${V}document`] as Array<Record<string, unknown>>
    expect(document['@id']).toBe('urn:spanwise:israel-russia-part-2')
    expect(document[`${V}title`]).toEqual([{ '@value': 'Israel – Russia relations, Part II' }])
    expect(document[`${V}text`]).toEqual([{ '@value': seed.text }])
    const [blocks] = document[`${V}blocks`] as Array<{ '@list': unknown[] }>
    expect(blocks['@list']).toHaveLength(seed.blocks.length)
    expect(blocks['@list'].slice(0, 2)).toEqual([
      {
        '@type': [`${V}Heading`],
        [`${V}level`]: [{ '@value': 1 }],
        [`${OA}start`]: [{ '@type': NON_NEGATIVE, '@value': 0 }],
        [`${OA}end`]: [{ '@type': NON_NEGATIVE, '@value': 34 }],
      },
      { '@type': [`${V}Paragraph`], [`${OA}start`]: [{ '@type': NON_NEGATIVE, '@value': 36 }], [`${OA}end`]: [{ '@type': NON_NEGATIVE, '@value': 160 }] },
    ])
    expect(document[`${OA}hasSource`]).toEqual([
      {
        [`${V}url`]: [{ '@id': 'https://www.israpundit.example/israel-russia-part-2' }],
        [`${V}publisher`]: [{ '@value': 'Israpundit' }],
        [`${V}authors`]: [{ '@list': [{ '@value': 'Ted Belman' }, { '@value': 'Alexander Maistrovoy' }] }],
        [`${V}published`]: [{ '@value': '2020-03' }],
        'http://purl.org/dc/elements/1.1/language': [{ '@value': 'en' }],
      },
    ])
    expect(requested.every((url) => url === ANNO_CONTEXT)).toBe(true)
  })

  it('drops nothing of spanwise:document: every key it uses has an IRI after expansion', async () => {
    // What each key of spanwise:document expands to: Spanwise's own terms, or the Web Annotation
    // context's where it already names the key (extensions must not redefine those).
    const iris: Record<string, string> = {
      id: '@id',
      type: '@type',
      title: `${V}title`,
      text: `${V}text`,
      blocks: `${V}blocks`,
      level: `${V}level`,
      start: `${OA}start`,
      end: `${OA}end`,
      source: `${OA}hasSource`,
      url: `${V}url`,
      publisher: `${V}publisher`,
      authors: `${V}authors`,
      published: `${V}published`,
      language: 'http://purl.org/dc/elements/1.1/language',
      factcheck: `${V}factcheck`,
      baseUrl: `${V}baseUrl`,
      organization: `${V}organization`,
      name: 'http://xmlns.com/foaf/0.1/name',
    }
    const before = jsonKeys(exported(sourced)['spanwise:document'])
    expect([...before].sort()).toEqual(Object.keys(iris).sort())
    const [collection] = await expandSafely(exported(sourced))
    const after = expandedProperties(collection[`${V}document`])
    expect([...after].sort()).toEqual([...before].map((key) => iris[key]).sort())
  })

  it('loses them with the Web Annotation context alone, as exports did before (what this test guards)', async () => {
    const annoOnly = { ...exported(sourced), '@context': ANNO_CONTEXT }
    await expect(expandSafely(annoOnly)).rejects.toThrow(/Safe mode validation error/)
    const [collection] = await expand(annoOnly)
    const after = expandedProperties(collection['spanwise:document'])
    expect(after.has(`${V}title`) || after.has(`${V}text`) || after.has(`${V}blocks`)).toBe(false)
  })

  it.each([
    ['the seed', seed],
    ['the seed with a source and fact-check settings', sourced],
    ['the seed with links', linked],
    ['the astral fixture', loadAstralFixture().snapshot],
  ])('expands the whole export of %s without loss and compacts back to it', async (_name, snapshot) => {
    const collection = exported(snapshot)
    const expanded = await expandSafely(collection)
    const compacted = await jsonld.compact(expanded, collection['@context'], { documentLoader: offlineLoader })
    expect(compactForm(compacted)).toEqual(compactForm(collection))
  })

  it('expands a linking item taken out of the collection to the same relation IRI', async () => {
    const link = toW3cCollection(linked, {})
      .first.items.filter((item): item is W3cLink => item.motivation === 'linking')
      .at(-1)!
    const [alone] = await expandSafely(link)
    expect(alone[`${V}relation`]).toEqual([{ '@value': 'same-event-as' }])
    const [collection] = await expandSafely(exported(linked))
    const [page] = collection['http://www.w3.org/ns/activitystreams#first'] as Array<Record<string, Array<{ '@list': Array<Record<string, unknown>> }>>>
    const inside = page['http://www.w3.org/ns/activitystreams#items'][0]['@list'].find((item) => item['@id'] === link.id)!
    expect(inside[`${V}relation`]).toEqual(alone[`${V}relation`])
  })
})
