import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { toBratFiles } from '../../../../editor/export/brat'
import { EXPORT_FORMATS, takeSnapshot } from '../../../../editor/export/index'
import { schema } from '../../../../editor/schema'
import { writeInitialContent } from '../../../../editor/yjs/document-content'
import { bodyText } from './support/exactness'
import { tagWords } from './support/tag-text'

const REVIEWER = { id: 'user-dana', name: 'Dana Levi' }
const HOSTILE_SOURCE = 'javascript:alert("source")'
const HOSTILE_EVIDENCE = '//evil.example/evidence'

/** A document whose links are hostile (as a rogue Yjs client writes them) next to a safe one. */
function documentWithLinks(): Y.Doc {
  const link = (text: string, href: string) => schema.text(text, [schema.marks.link.create({ href, title: null })])
  const content = schema.nodes.doc.create(null, [
    schema.nodes.paragraph.create(null, [
      schema.text('Read '),
      link('this', 'javascript:window.__pwned=1'),
      schema.text(', '),
      link('that', '//evil.example/link'),
      schema.text(' and '),
      link('the safe one', 'https://example.org/safe-link'),
      schema.text('.'),
    ]),
  ])
  const ydoc = new Y.Doc()
  ydoc.clientID = 1
  writeInitialContent(ydoc, content, { title: 'Links', createdAt: '2026-11-25T10:00:00.000Z' })
  tagWords(ydoc, { needle: 'this' }, { id: 'q-1', type: 'quote', attrs: { source: HOSTILE_SOURCE }, createdBy: REVIEWER })
  tagWords(
    ydoc,
    { needle: 'that' },
    {
      id: 'c-1',
      type: 'claim',
      attrs: { verdict: 'false', evidence: [HOSTILE_EVIDENCE], reviewedBy: REVIEWER, reviewedAt: '2026-11-25T11:00:00.000Z', reviewedText: 'that' },
      createdBy: REVIEWER,
    },
  )
  return ydoc
}

/** The JSON paths (keys joined by ".") at which `needle` is a whole string value. */
function pathsOf(value: unknown, needle: string, path: string[] = []): string[] {
  if (value === needle) return [path.join('.')]
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, child]) => pathsOf(child, needle, [...path, key]))
}

describe('links in exports', () => {
  const snapshot = takeSnapshot('links', documentWithLinks())

  it('no export carries a link mark or its href, safe or not', () => {
    const bodies = [...EXPORT_FORMATS.filter((format) => format !== 'brat').map((format) => bodyText(format, snapshot)), ...Object.values(toBratFiles(snapshot, {}))]
    expect(bodies).toHaveLength(EXPORT_FORMATS.length - 1 + 4)
    for (const body of bodies) {
      expect(body).not.toContain('__pwned')
      expect(body).not.toContain('evil.example/link')
      expect(body).not.toContain('example.org/safe-link')
    }
    expect(snapshot.text).toBe('Read this, that and the safe one.')
  })

  it('writes URL-ish attributes as text only: never as an id, a source or a link', () => {
    const w3c = JSON.parse(bodyText('w3c', snapshot))
    expect(pathsOf(w3c, HOSTILE_SOURCE)).toEqual(['first.items.0.body.1.value'])
    expect(w3c.first.items[0].body[1]).toEqual({ type: 'TextualBody', purpose: 'describing', label: 'source', value: HOSTILE_SOURCE })
    expect(pathsOf(w3c, HOSTILE_EVIDENCE)).toEqual(['first.items.1.body.3.value'])
    expect(w3c.first.items[1].body[3]).toEqual({ type: 'TextualBody', purpose: 'describing', label: 'evidence', value: HOSTILE_EVIDENCE })

    const native = JSON.parse(bodyText('json', snapshot))
    expect(pathsOf(native, HOSTILE_SOURCE)).toEqual(['annotations.0.attrs.source'])
    expect(pathsOf(native, HOSTILE_EVIDENCE)).toEqual(['annotations.1.attrs.evidence.0'])

    const claimReviews = bodyText('claimreview', snapshot)
    expect(JSON.parse(claimReviews)).toHaveLength(1)
    expect(claimReviews).not.toContain('evil.example')
    expect(claimReviews).not.toContain('javascript:')
  })
})
