import type { Node as PMNode } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { acceptAllSuggestions, rejectAllSuggestions } from '../../../../editor/commands/suggestions'
import { EXPORT_FORMATS, exportDocument, takeSnapshot } from '../../../../editor/export/index'
import type { NativeExport } from '../../../../editor/export/json'
import { suggestionsPlugins } from '../../../../editor/plugins/suggestions-plugin'
import { schema } from '../../../../editor/schema'
import { writeInitialContent } from '../../../../editor/yjs/document-content'
import { HeadlessEditor } from '../view/support/headless-editor'
import { bodyText, optionsFor } from './support/exactness'
import { tagWords } from './support/tag-text'

const DANA = { id: 'user-dana', name: 'Dana' }
const CREATED = '2026-12-05T10:00:00.000Z'

const inserted = (text: string, id: string) => schema.text(text, [schema.marks.insertion.create({ id })])
const deleted = (text: string, id: string) => schema.text(text, [schema.marks.deletion.create({ id })])

/** "The [+very +]quick [-brown -]fox [+(new)+]jumps." and a second, untouched paragraph. */
function suggestedContent(): PMNode {
  return schema.nodes.doc.create(null, [
    schema.nodes.paragraph.create(null, [
      schema.text('The '),
      inserted('very ', 's-ins'),
      schema.text('quick '),
      deleted('brown ', 's-del'),
      schema.text('fox '),
      inserted('(new) ', 's-new'),
      schema.text('jumps.'),
    ]),
    schema.nodes.paragraph.create(null, [schema.text('The lazy dog sleeps.')]),
  ])
}

function plainContent(): PMNode {
  return schema.nodes.doc.create(null, [
    schema.nodes.paragraph.create(null, [schema.text('The quick brown fox jumps.')]),
    schema.nodes.paragraph.create(null, [schema.text('The lazy dog sleeps.')]),
  ])
}

/** A document with `content`, and annotations on words before, inside and after the suggestions. */
function documentOf(content: PMNode): Y.Doc {
  const ydoc = new Y.Doc()
  ydoc.clientID = 1
  writeInitialContent(ydoc, content, { title: 'Suggestions', createdAt: CREATED })
  tagWords(ydoc, { needle: 'quick' }, { id: 'a-quick', type: 'event', createdBy: DANA, createdAt: CREATED })
  tagWords(ydoc, { needle: 'brown' }, { id: 'a-brown', type: 'event', createdBy: DANA, createdAt: CREATED })
  tagWords(ydoc, { needle: 'lazy dog' }, { id: 'a-dog', type: 'event', createdBy: DANA, createdAt: CREATED })
  if (content.textContent.includes('(new)')) tagWords(ydoc, { needle: '(new)' }, { id: 'a-new', type: 'event', createdBy: DANA, createdAt: CREATED })
  return ydoc
}

const json = (ydoc: Y.Doc) => JSON.parse(bodyText('json', takeSnapshot('doc', ydoc))) as NativeExport
const spans = (exported: NativeExport) => exported.annotations.map(({ id, state, start, end, exact }) => ({ id, state, start, end, exact }))
const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id))

describe('exports of a document with pending suggestions', () => {
  it('hold the accepted text only: inserted text left out, deleted text kept, offsets on that text', () => {
    const exported = json(documentOf(suggestedContent()))
    expect(exported.text).toBe('The quick brown fox jumps.\n\nThe lazy dog sleeps.')
    expect(exported.document.pendingSuggestions).toBe(3)
    expect(spans(exported)).toEqual([
      { id: 'a-quick', state: 'attached', start: 4, end: 9, exact: 'quick' },
      { id: 'a-brown', state: 'attached', start: 10, end: 15, exact: 'brown' },
      { id: 'a-new', state: 'detached', start: null, end: null, exact: '(new)' },
      { id: 'a-dog', state: 'attached', start: 32, end: 40, exact: 'lazy dog' },
    ])
    for (const { id, start, end, exact } of spans(exported)) if (start !== null) expect(exported.text.slice(start, end!), id).toBe(exact)
  })

  it('no format carries suggested text', () => {
    const snapshot = takeSnapshot('doc', documentOf(suggestedContent()))
    for (const format of EXPORT_FORMATS) {
      const { body } = exportDocument(snapshot, optionsFor(format))
      if (typeof body !== 'string') continue
      expect(body, format).not.toContain('very')
      expect(body, format).not.toContain('\u200B')
    }
  })

  it('rejected suggestions leave no trace: rejecting them all exports what the untouched document exports', () => {
    const ydoc = documentOf(suggestedContent())
    const editor = new HeadlessEditor(ydoc, suggestionsPlugins({ ydoc }))
    expect(rejectAllSuggestions(editor)).toBe(true)
    const rejected = json(ydoc)
    expect(rejected.document.pendingSuggestions).toBeUndefined()
    expect(rejected.text).toBe(json(documentOf(plainContent())).text)
    expect(byId(spans(rejected).filter(({ id }) => id !== 'a-new'))).toEqual(byId(spans(json(documentOf(plainContent())))))
    expect(spans(rejected).find(({ id }) => id === 'a-new')).toMatchObject({ state: 'detached', exact: '(new)' })
  })

  it('accepted suggestions are in the text; an annotation on deleted words is detached as with any deletion', () => {
    const ydoc = documentOf(suggestedContent())
    const editor = new HeadlessEditor(ydoc, suggestionsPlugins({ ydoc }))
    expect(acceptAllSuggestions(editor)).toBe(true)
    const accepted = json(ydoc)
    expect(accepted.text).toBe('The very quick fox (new) jumps.\n\nThe lazy dog sleeps.')
    expect(accepted.document.pendingSuggestions).toBeUndefined()
    expect(spans(accepted).find(({ id }) => id === 'a-brown')).toMatchObject({ state: 'detached', exact: 'brown' })
    expect(spans(accepted).find(({ id }) => id === 'a-new')).toMatchObject({ state: 'attached', exact: '(new)' })
  })

  it('a modification mark from another client does not break the export', () => {
    const modification = schema.marks.modification.create({ id: 'm', type: 'bogus', attrName: null, previousValue: null, newValue: null })
    const content = schema.nodes.doc.create(null, [schema.nodes.paragraph.create(null, [schema.text('Odd ', [modification]), inserted('added ', 's-1'), schema.text('end.')])])
    const ydoc = new Y.Doc()
    writeInitialContent(ydoc, content, { title: 'Odd', createdAt: CREATED })
    const exported = json(ydoc)
    expect(exported.text).toBe('Odd end.')
    expect(exported.document.pendingSuggestions).toBe(1)
  })

  it('a reviewed claim whose words only gained a suggested insertion is not changed-since-review; one whose accepted text changed is', () => {
    const ydoc = documentOf(suggestedContent())
    const reviewed = (reviewedText: string) => ({ verdict: 'false', reviewedBy: DANA, reviewedAt: CREATED, reviewedText })
    tagWords(ydoc, { needle: 'The very quick' }, { id: 'c-same', type: 'claim', attrs: reviewed('The quick'), createdBy: DANA, createdAt: CREATED })
    tagWords(ydoc, { needle: 'The lazy' }, { id: 'c-other', type: 'claim', attrs: reviewed('A lazy'), createdBy: DANA, createdAt: CREATED })
    const claims = byId(json(ydoc).annotations.filter((annotation) => annotation.type === 'claim'))
    expect(claims.map(({ id, state, exact }) => ({ id, state, exact }))).toEqual([
      { id: 'c-other', state: 'changed-since-review', exact: 'The lazy' },
      { id: 'c-same', state: 'attached', exact: 'The quick' },
    ])
  })

  it('a document without suggestions exports no pendingSuggestions', () => {
    expect(json(documentOf(plainContent())).document).not.toHaveProperty('pendingSuggestions')
  })
})
