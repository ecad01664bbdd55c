import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import type { AnnotationRecord } from '../../../../editor/model/annotation'
import { AnnotationValidationError } from '../../../../editor/model/annotation'
import { annotationsMap, createAnnotation, readAnnotation } from '../../../../editor/model/annotation-store'
import { upgradeDataModel } from '../../../../editor/model/upgrade-data-model'
import { v1RecordMap } from '../../../../editor/model/v1-records'

const PERSON = { id: 'u1', name: 'Ada' }
const AT = '2026-01-01T00:00:00.000Z'

/** A version 1 document: a paragraph, meta.schemaVersion = 1, and `records` in the v1 layout. */
function v1Document(records: (text: Y.XmlText) => AnnotationRecord[]): Y.Doc {
  const doc = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText('Hello world')
  doc.transact(() => {
    doc.getXmlFragment('prosemirror').push([paragraph])
    paragraph.insert(0, [text])
    doc.getMap('meta').set('schemaVersion', 1)
  })
  doc.transact(() => {
    for (const record of records(text)) annotationsMap(doc).set(record.id, v1RecordMap(record))
  })
  return doc
}

const anchor = (text: Y.XmlText, index: number, assoc = 0) => Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index, assoc))

function record(text: Y.XmlText, id: string, overrides: Partial<AnnotationRecord> = {}): AnnotationRecord {
  return {
    id,
    type: 'quote',
    start: anchor(text, 0),
    end: anchor(text, 5, -1),
    exact: 'Hello',
    attrs: { speaker: 'Ada' },
    createdBy: PERSON,
    createdAt: AT,
    updatedAt: AT,
    comments: [],
    ...overrides,
  } as AnnotationRecord
}

describe('upgradeDataModel: version 1 → 2 without loss', () => {
  it('keeps every comment of a thread whose comments share an id (renamed ~2, ~3), in their order', () => {
    const comment = (text: string, createdAt: string) => ({ id: 'same', author: PERSON, text, createdAt })
    const doc = v1Document((text) => [
      record(text, 'q1', { comments: [comment('first', '2026-01-01T01:00:00.000Z'), comment('second', '2026-01-01T02:00:00.000Z'), comment('third', '2026-01-01T03:00:00.000Z')] }),
    ])
    const upgrade = upgradeDataModel(doc, null)
    expect(upgrade).toMatchObject({ from: 1, to: 2, upgraded: 1, kept: [] })
    const read = readAnnotation(doc, 'q1')
    expect(read && 'record' in read ? read.record.comments.map((c) => [c.id, c.text]) : read).toEqual([
      ['same', 'first'],
      ['same~2', 'second'],
      ['same~3', 'third'],
    ])
  })

  it('leaves a v1 record v2 cannot hold as it was (listed as invalid), and upgrades the rest', () => {
    // A root-type anchor with a 300-character name: valid JSON in v1, longer than a stored v2 anchor may be.
    const doc = v1Document((text) => [record(text, 'ok'), record(text, 'odd', { start: { tname: 'r'.repeat(300), assoc: 0 } })])
    const upgrade = upgradeDataModel(doc, null)
    expect(upgrade?.upgraded).toBe(1)
    expect(upgrade?.kept.map((kept) => kept.id)).toEqual(['odd'])
    expect(readAnnotation(doc, 'ok')).toMatchObject({ record: { id: 'ok', exact: 'Hello' } })
    const odd = annotationsMap(doc).get('odd') as Y.Map<unknown>
    expect(odd.get('start')).toEqual({ tname: 'r'.repeat(300), assoc: 0 })
    expect(readAnnotation(doc, 'odd')).toMatchObject({ invalid: { id: 'odd' } })
  })

  it('does nothing to a document already in version 2, or one that names no version', () => {
    const current = v1Document(() => [])
    current.getMap('meta').set('schemaVersion', 2)
    expect(upgradeDataModel(current, null)).toBeNull()
    const unnamed = new Y.Doc()
    unnamed.getMap('annotations').set('x', new Y.Map())
    expect(upgradeDataModel(unnamed, null)).toBeNull()
    expect(unnamed.getMap('meta').size).toBe(0)
  })
})

describe('createAnnotation', () => {
  it('refuses a thread in which two comments share an id, naming it', () => {
    const doc = v1Document(() => [])
    const text = (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText
    const comments = [1, 2].map((n) => ({ id: 'dup', author: PERSON, text: `c${n}`, createdAt: AT }))
    expect(() => createAnnotation(doc, { ...record(text, 'q2'), comments })).toThrow(AnnotationValidationError)
    expect(() => createAnnotation(doc, { ...record(text, 'q2'), comments })).toThrow('two comments have the id "dup"')
    expect(annotationsMap(doc).has('q2')).toBe(false)
  })
})
