import { describe, expect, it } from 'vitest'
import { EXPORT_FORMATS, exportDocument, exportFileName } from '../../../../editor/export/index'
import { optionsFor } from './support/exactness'
import { loadSeedFixture } from './support/fixtures'

const { snapshot } = loadSeedFixture()

describe('exportDocument: one entry point for every format', () => {
  it('serves every format with its media type and file name', () => {
    const served = EXPORT_FORMATS.map((format) => {
      const result = exportDocument(snapshot, optionsFor(format))
      return [format, result.contentType, exportFileName(snapshot, result), typeof result.body]
    })
    expect(served).toEqual([
      ['json', 'application/json; charset=utf-8', 'israel-russia-part-2.json', 'string'],
      ['w3c', 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8', 'israel-russia-part-2.w3c.jsonld', 'string'],
      ['jsonl', 'application/jsonl; charset=utf-8', 'israel-russia-part-2.jsonl', 'string'],
      ['csv', 'text/csv; charset=utf-8; header=present', 'israel-russia-part-2.csv', 'string'],
      ['brat', 'application/zip', 'israel-russia-part-2.zip', 'object'],
      ['claimreview', 'application/ld+json; charset=utf-8', 'israel-russia-part-2.claimreview.jsonld', 'string'],
    ])
  })
})
