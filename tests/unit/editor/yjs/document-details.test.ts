import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { DocumentDetails } from '../../../../editor/model/document-source'
import { schema } from '../../../../editor/schema'
import { encodeInitialDocument, readMeta, writeInitialContent } from '../../../../editor/yjs/document-content'
import { DocumentDetailsError, observeDocumentDetails, readDocumentDetailsOf, updateDocumentDetails } from '../../../../editor/yjs/document-details'

const CREATED = '2026-12-05T10:00:00.000Z'
const content = () => schema.nodes.doc.create(null, [schema.nodes.paragraph.create(null, schema.text('Text.'))])
const SOURCE = { url: 'https://www.israpundit.org/archives/1', publisher: 'Israpundit', authors: ['Ted Belman', 'Alexander Maistrovoy'], language: 'en' }

/** Two replicas of one document created with `details`, as two browsers get it. */
function replicas(details: Partial<DocumentDetails> = {}): [Y.Doc, Y.Doc] {
  const initial = encodeInitialDocument(content(), { title: 'Sourced', createdAt: CREATED, details })
  return [1, 2].map((clientID) => {
    const doc = new Y.Doc()
    doc.clientID = clientID
    Y.applyUpdate(doc, initial)
    return doc
  }) as [Y.Doc, Y.Doc]
}

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('a new document with a source', () => {
  it('has the source in meta, one entry per field, written with the content', () => {
    const [doc] = replicas({ source: SOURCE, factcheck: { baseUrl: 'https://factcheck.example/a' } })
    expect(doc.getMap('meta').toJSON()).toEqual({
      title: 'Sourced',
      createdAt: CREATED,
      schemaVersion: 2,
      'source.url': SOURCE.url,
      'source.publisher': 'Israpundit',
      'source.authors': ['Ted Belman', 'Alexander Maistrovoy'],
      'source.language': 'en',
      'factcheck.baseUrl': 'https://factcheck.example/a',
    })
    expect(readMeta(doc)).toEqual({ title: 'Sourced', createdAt: CREATED, schemaVersion: 2 })
    expect(readDocumentDetailsOf(doc)).toEqual({ source: SOURCE, factcheck: { baseUrl: 'https://factcheck.example/a' }, problems: [] })
  })

  it('refuses to seed details that do not validate (callers check them first)', () => {
    expect(() => writeInitialContent(new Y.Doc(), content(), { title: 'T', createdAt: CREATED, details: { source: { url: 'javascript:alert(1)' } } })).toThrow()
  })
})

describe('updateDocumentDetails: what the form changed, field by field', () => {
  it('writes only the fields that differ from what the form showed, and deletes cleared ones', () => {
    const [doc] = replicas({ source: SOURCE })
    const opened = { source: SOURCE, factcheck: {} }
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    expect(updateDocumentDetails(doc, opened, opened)).toBe(0)
    expect(updates).toHaveLength(0)
    const { url: _url, ...withoutUrl } = SOURCE
    const changed = updateDocumentDetails(
      doc,
      { source: { ...withoutUrl, publisher: 'Israpundit.org', published: '2020-03' }, factcheck: { organization: { name: 'Example Fact Check' } } },
      opened,
    )
    expect(changed).toBe(4)
    expect(updates).toHaveLength(1)
    expect(readDocumentDetailsOf(doc)).toEqual({
      source: { publisher: 'Israpundit.org', authors: SOURCE.authors, published: '2020-03', language: 'en' },
      factcheck: { organization: { name: 'Example Fact Check' } },
      problems: [],
    })
    expect(doc.getMap('meta').has('source.url')).toBe(false)
  })

  it('refuses details that do not validate, naming the field, and writes nothing', () => {
    const [doc] = replicas({ source: SOURCE })
    const before = Y.encodeStateVector(doc)
    const attempt = (details: DocumentDetails) => () => updateDocumentDetails(doc, details, { source: SOURCE, factcheck: {} })
    expect(attempt({ source: { ...SOURCE, url: 'javascript:alert(1)' }, factcheck: {} })).toThrow(
      new DocumentDetailsError('source.url: must be an absolute http:// or https:// URL'),
    )
    expect(attempt({ source: SOURCE, factcheck: { baseUrl: 'https://factcheck.example/#x' } })).toThrow(
      new DocumentDetailsError('factcheck.baseUrl: must be an absolute http:// or https:// URL without a #fragment'),
    )
    expect(attempt({ source: { ...SOURCE, published: 'March 2020' }, factcheck: {} })).toThrow(/^source\.published: must be an ISO 8601 date/)
    expect(Y.encodeStateVector(doc)).toEqual(before)
  })

  it('merges two editors changing different fields at once; the same field is last writer wins, the same on both', () => {
    const [a, b] = replicas({ source: SOURCE })
    const opened = { source: SOURCE, factcheck: {} }
    updateDocumentDetails(a, { source: { ...SOURCE, publisher: 'Israpundit (Jerusalem)' }, factcheck: {} }, opened)
    updateDocumentDetails(b, { source: { ...SOURCE, published: '2020-03-05' }, factcheck: { baseUrl: 'https://factcheck.example/x' } }, opened)
    sync(a, b)
    const merged = { source: { ...SOURCE, publisher: 'Israpundit (Jerusalem)', published: '2020-03-05' }, factcheck: { baseUrl: 'https://factcheck.example/x' }, problems: [] }
    expect(readDocumentDetailsOf(a)).toEqual(merged)
    expect(readDocumentDetailsOf(b)).toEqual(merged)

    updateDocumentDetails(a, { source: { ...merged.source, language: 'he' }, factcheck: merged.factcheck }, merged)
    updateDocumentDetails(b, { source: { ...merged.source, language: 'ru' }, factcheck: merged.factcheck }, merged)
    sync(a, b)
    expect(readDocumentDetailsOf(a).source.language).toBe(readDocumentDetailsOf(b).source.language)
    expect(['he', 'ru']).toContain(readDocumentDetailsOf(a).source.language)
  })
})

describe('observeDocumentDetails', () => {
  it('reports changes of the details, local or remote, and nothing else of meta', () => {
    const [a, b] = replicas()
    const seen: string[] = []
    const stop = observeDocumentDetails(a, (details) => seen.push(details.source.publisher ?? '(none)'))
    a.getMap('meta').set('title', 'Renamed')
    updateDocumentDetails(b, { source: { publisher: 'Israpundit' }, factcheck: {} }, { source: {}, factcheck: {} })
    sync(a, b)
    b.getMap('meta').set('source.publisher', { nested: true })
    sync(a, b)
    stop()
    a.getMap('meta').set('source.publisher', 'Unseen')
    expect(seen).toEqual(['Israpundit', '(none)'])
  })
})
