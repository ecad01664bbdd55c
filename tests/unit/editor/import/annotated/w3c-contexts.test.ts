import { describe, expect, it } from 'vitest'
import type { DocumentSnapshot } from '../../../../../editor/export/snapshot'
import { ANNO_CONTEXT, toW3cCollection } from '../../../../../editor/export/w3c'
import { importW3c } from '../../../../../editor/import/annotated/w3c'
import { loadSeedFixture } from '../../export/support/fixtures'

const seed = loadSeedFixture().snapshot
const DANA = { id: 'user-dana', name: 'Dana Levi' }
const linked: DocumentSnapshot = {
  ...seed,
  source: { publisher: 'Israpundit', authors: ['Ted Belman', 'Alexander Maistrovoy'], language: 'en' },
  annotations: seed.annotations.map((annotation) =>
    annotation.id === 'qt-compatriots'
      ? { ...annotation, links: [{ id: 'l-1', type: 'supports', target: 'cl-putin-2001', createdBy: DANA, createdAt: '2026-11-25T18:00:00.000Z' }] }
      : annotation,
  ),
}

/** The export as releases before Spanwise's own JSON-LD context wrote it: the Web Annotation context alone, everywhere. */
function withAnnoContextOnly(body: string): string {
  return JSON.stringify(JSON.parse(body, (key, value: unknown) => (key === '@context' ? ANNO_CONTEXT : value)))
}

describe('w3c import: collections with and without Spanwise’s JSON-LD context', () => {
  it('reads an export with the embedded context and one with the Web Annotation context alone the same way', () => {
    const current = JSON.stringify(toW3cCollection(linked, {}))
    expect(JSON.parse(current)['@context']).toEqual([ANNO_CONTEXT, expect.objectContaining({ spanwise: 'urn:spanwise:vocab/' })])
    const earlier = withAnnoContextOnly(current)
    expect(JSON.parse(earlier)['@context']).toBe(ANNO_CONTEXT)
    const imported = importW3c(current)
    expect(importW3c(earlier)).toEqual(imported)
    expect(imported.title).toBe('Israel – Russia relations, Part II')
    expect(imported.text).toBe(seed.text)
    expect(imported.blocks).toHaveLength(seed.blocks.length)
    expect(imported.details?.source).toEqual(linked.source)
    expect(imported.annotations).toHaveLength(seed.annotations.length)
    expect(imported.annotations.find((annotation) => annotation.id === 'qt-compatriots')?.links).toEqual([
      { id: 'l-1', type: 'supports', target: 'cl-putin-2001', createdBy: DANA, createdAt: '2026-11-25T18:00:00.000Z' },
    ])
  })

  it('does not interpret @context: a collection with an odd or missing one imports the same', () => {
    const current = JSON.stringify(toW3cCollection(linked, {}))
    const expected = importW3c(current)
    for (const context of [undefined, 42, { '@vocab': 'javascript:alert(1)//' }, ['https://evil.example/context.jsonld']]) {
      const odd = JSON.parse(current) as Record<string, unknown>
      if (context === undefined) delete odd['@context']
      else odd['@context'] = context
      expect(importW3c(JSON.stringify(odd))).toEqual(expected)
    }
  })
})
