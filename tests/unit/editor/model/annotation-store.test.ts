import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { AnnotationValidationError, parseAttrs, type AnnotationType } from '../../../../editor/model/annotation'
import { addComment, annotationOrigin, annotationsMap, createAnnotation, deleteAnnotation, readAnnotations, updateAnnotation } from '../../../../editor/model/annotation-store'
import { resolveAnnotations } from '../../../../editor/model/resolve-annotations'
import { readContent } from '../../../../editor/yjs/document-content'
import { anchorsFor, createReplicas, findText, send, syncAll } from './support/replicas'
import { alice, bob } from './support/seed'
import { encodeRawUpdate } from '../../collab-server/support/raw-update'

const T0 = '2026-11-26T09:00:00.000Z'
const T1 = '2026-11-26T09:05:00.000Z'
const NEEDLE = 'Avigdor Liberman'

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(T0))
})
afterEach(() => vi.useRealTimers())

function newQuote(ydoc: Y.Doc, id = 'q1') {
  const { from, to } = findText(ydoc, NEEDLE)
  return createAnnotation(ydoc, { id, type: 'quote', ...anchorsFor(ydoc, from, to), exact: NEEDLE, attrs: { speaker: 'Putin' }, createdBy: alice })
}

/** The error message a call throws; fails the test when it does not throw the typed error. */
function validationMessage(call: () => unknown): string {
  try {
    call()
  } catch (error) {
    expect(error).toBeInstanceOf(AnnotationValidationError)
    return (error as Error).message
  }
  throw new Error('expected an AnnotationValidationError')
}

describe('annotation store round trip', () => {
  it('writes a record as a nested Y.Map with a Y.Array of comments, and reads it back validated', () => {
    const [a] = createReplicas(1)
    const origins: unknown[] = []
    a.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin))
    expect(newQuote(a)).toBe('q1')
    const stored = annotationsMap(a).get('q1') as Y.Map<unknown>
    expect(stored).toBeInstanceOf(Y.Map)
    expect(stored.get('comments')).toBeInstanceOf(Y.Array)
    expect(origins).toEqual([annotationOrigin])
    const { from, to } = findText(a, NEEDLE)
    const { records, invalid } = readAnnotations(a)
    expect(invalid).toEqual([])
    expect(records).toEqual([
      { id: 'q1', type: 'quote', ...anchorsFor(a, from, to), exact: NEEDLE, attrs: { speaker: 'Putin' }, createdBy: alice, createdAt: T0, updatedAt: T0, comments: [] },
    ])
  })

  it('generates ids and refuses a duplicate id', () => {
    const [a] = createReplicas(1)
    const id = createAnnotation(a, { type: 'event', ...anchorsFor(a, 3, 6), exact: 'xyz', createdBy: alice })
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    newQuote(a)
    expect(validationMessage(() => newQuote(a))).toBe('annotation "q1" already exists')
  })

  it('updates fields, adds comments and deletes, and another replica reads the same', () => {
    const [a, b] = createReplicas(2)
    newQuote(a)
    vi.setSystemTime(new Date(T1))
    updateAnnotation(a, 'q1', { note: 'Check the date.', attrs: { speaker: 'Vladimir Putin', paraphrase: true } })
    const commentId = addComment(a, 'q1', bob, '  Source?  ')
    send(a, b)
    const [record] = readAnnotations(b).records
    expect(record).toMatchObject({ note: 'Check the date.', attrs: { speaker: 'Vladimir Putin', paraphrase: true }, createdAt: T0, updatedAt: T1 })
    expect(record.comments).toEqual([{ id: commentId, author: bob, text: 'Source?', createdAt: T1 }])
    expect(deleteAnnotation(b, 'q1')).toBe(true)
    expect(deleteAnnotation(b, 'q1')).toBe(false)
    send(b, a)
    expect(readAnnotations(a)).toEqual({ records: [], invalid: [] })
  })

  it('writes nothing for an empty patch, and refuses bad input without writing', () => {
    const [a] = createReplicas(1)
    newQuote(a)
    let updates = 0
    a.on('update', () => updates++)
    updateAnnotation(a, 'q1', {})
    expect(validationMessage(() => updateAnnotation(a, 'q1', { attrs: { paraphrase: 'yes' } }))).toBe('attrs.paraphrase: Invalid input: expected boolean, received string')
    expect(validationMessage(() => updateAnnotation(a, 'missing', { note: 'x' }))).toBe('annotation "missing" does not exist')
    expect(validationMessage(() => addComment(a, 'q1', bob, '   '))).toBe('comment: text: must not be empty')
    expect(validationMessage(() => addComment(a, 'q1', { id: 'x', name: '' }, 'Hi'))).toBe('author: name: Too small: expected string to have >=1 characters')
    expect(updates).toBe(0)
  })

  it('merges concurrent updates of different fields made on two replicas', () => {
    const [a, b] = createReplicas(2)
    newQuote(a)
    syncAll(a, b)
    updateAnnotation(a, 'q1', { note: 'Written on A.' })
    updateAnnotation(b, 'q1', { attrs: { speaker: 'Zhirinovsky', date: '2006' } })
    addComment(a, 'q1', alice, 'From A')
    addComment(b, 'q1', bob, 'From B')
    syncAll(b, a)
    const [onA] = readAnnotations(a).records
    expect(readAnnotations(b).records).toEqual([onA])
    expect(onA).toMatchObject({ note: 'Written on A.', attrs: { speaker: 'Zhirinovsky', date: '2006' } })
    expect(onA.comments.map((comment) => comment.text).sort()).toEqual(['From A', 'From B'])
  })
})

describe('attribute validation', () => {
  const rejected: Array<[AnnotationType, unknown, string]> = [
    ['event', { date: '2016-13' }, 'attrs.date: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD'],
    ['event', { date: '2016-02-30' }, 'attrs.date: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD'],
    ['event', { date: '2016-09', endDate: '2016-08-31' }, 'attrs.endDate: must not be before date'],
    ['event', { date: '2016-13', endDate: '2016-01' }, 'attrs.date: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD'],
    ['claim', { verdict: 'true' }, 'attrs.verdict: Invalid option: expected one of "unreviewed"|"supported"|"disputed"|"false"|"misleading"|"unverifiable"'],
    ['event', { speaker: 'Putin' }, 'attrs: Unrecognized key: "speaker"'],
    ['quote', { paraphrase: 'yes' }, 'attrs.paraphrase: Invalid input: expected boolean, received string'],
    ['claim', { reviewedAt: 'yesterday' }, 'attrs.reviewedAt: must be an ISO 8601 date-time'],
    ['event', { participants: ['Putin', 7] }, 'attrs.participants.1: Invalid input: expected string, received number'],
  ]
  for (const [type, attrs, message] of rejected) {
    it(`rejects ${type} attrs ${JSON.stringify(attrs)}, naming the field`, () => {
      expect(validationMessage(() => parseAttrs(type, attrs))).toBe(message)
    })
  }

  it('accepts partial date ranges whose end overlaps the start’s period', () => {
    for (const [date, endDate] of [
      ['2016-09-25', '2016-09'],
      ['2016', '2016-03'],
      ['2016-03', '2016'],
      ['2016-09', '2016-09-30'],
    ]) {
      expect(parseAttrs('event', { date, endDate })).toEqual({ date, endDate })
    }
  })

  it('refuses to create an annotation with bad attrs, and writes nothing', () => {
    const [a] = createReplicas(1)
    const input = { type: 'claim' as const, ...anchorsFor(a, 3, 6), exact: 'xyz', attrs: { verdict: 'wrong' }, createdBy: alice }
    expect(validationMessage(() => createAnnotation(a, input))).toMatch(/^attrs\.verdict: Invalid option/)
    expect(annotationsMap(a).size).toBe(0)
  })
})

describe('records written by a rogue client', () => {
  /** A hand-written record: every field valid unless overridden; `undefined` leaves a field out. */
  function writeRecord(ydoc: Y.Doc, key: string, overrides: Record<string, unknown> = {}) {
    const { from, to } = findText(ydoc, NEEDLE)
    const fields: Record<string, unknown> = {
      id: key,
      type: 'event',
      ...anchorsFor(ydoc, from, to),
      exact: NEEDLE,
      attrs: {},
      createdBy: bob,
      createdAt: T0,
      updatedAt: T0,
      comments: new Y.Array(),
      ...overrides,
    }
    const record = new Y.Map<unknown>()
    for (const [field, value] of Object.entries(fields)) if (value !== undefined) record.set(field, value)
    annotationsMap(ydoc).set(key, record)
  }

  it('lists malformed records as invalid with a message, and never throws', () => {
    const [rogue, reader] = createReplicas(2)
    rogue.transact(() => {
      annotationsMap(rogue).set('plain', { id: 'plain', type: 'event' })
      annotationsMap(rogue).set('number', 42)
      writeRecord(rogue, 'no-start', { start: undefined })
      writeRecord(rogue, 'wrong-type', { type: 'note' })
      writeRecord(rogue, 'bad-attrs', { attrs: { date: 'soon' } })
      writeRecord(rogue, 'bad-anchor', { end: { assoc: -1 } })
      writeRecord(rogue, 'other-key', { id: 'someone-else' })
      writeRecord(rogue, 'fine')
      writeRecord(rogue, 'dangling', { start: { item: { client: 99, clock: 5 }, assoc: 0 } })
    })
    send(rogue, reader)
    const snapshot = resolveAnnotations(reader, readContent(reader))
    expect(snapshot.invalid).toEqual([
      { id: 'plain', error: 'record: must be a Y.Map' },
      { id: 'number', error: 'record: must be a Y.Map' },
      { id: 'no-start', error: 'start: Invalid input: expected object, received undefined' },
      { id: 'wrong-type', error: "type: Invalid discriminator value. Expected 'event' | 'quote' | 'claim'" },
      { id: 'bad-attrs', error: 'attrs.date: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD' },
      { id: 'bad-anchor', error: 'end: must name a type (type or tname) or an item' },
      { id: 'other-key', error: 'id: must equal the map key "other-key"' },
    ])
    expect(snapshot.annotations.map(({ id, status, text }) => ({ id, status, text }))).toEqual([
      { id: 'fine', status: 'attached', text: NEEDLE },
      { id: 'dangling', status: 'detached', text: '' },
    ])
  })

  it('gives typed errors when editing a record that is not a Y.Map or has no thread', () => {
    const [ydoc] = createReplicas(1)
    annotationsMap(ydoc).set('plain', { id: 'plain' })
    writeRecord(ydoc, 'array-thread', { comments: [] })
    expect(validationMessage(() => updateAnnotation(ydoc, 'plain', { note: 'x' }))).toBe('annotation "plain" does not exist')
    expect(validationMessage(() => addComment(ydoc, 'array-thread', alice, 'Hi'))).toBe('annotation "array-thread" has no comment thread')
  })
})

describe('readers never recurse into what a client nested', () => {
  it('lists a record holding 10,000 nested Y.Maps, or a 20,000-deep JSON value, as invalid without overflowing the stack', () => {
    const ydoc = new Y.Doc()
    const client = 4711
    Y.applyUpdate(
      ydoc,
      encodeRawUpdate(
        Array.from({ length: 10_000 }, (_, clock) =>
          clock === 0
            ? { client, clock, root: 'annotations', key: 'deep', type: 'map' as const }
            : { client, clock, parentId: [client, clock - 1] as const, key: 'attrs', type: 'map' as const },
        ),
      ),
    )
    let value: unknown = 'leaf'
    for (let level = 0; level < 20_000; level++) value = [value]
    const record = new Y.Map<unknown>()
    ydoc.getMap('annotations').set('json', record)
    record.set('attrs', value)
    expect(readAnnotations(ydoc)).toEqual({
      records: [],
      invalid: [
        { id: 'deep', error: 'attrs: must be a plain value' },
        { id: 'json', error: 'attrs: a value nests deeper than 16 levels' },
      ],
    })
  })

  it('refuses to convert text nested deeper than the data model allows, with a clear error', () => {
    const ydoc = new Y.Doc()
    let element = new Y.XmlElement('blockquote')
    ydoc.getXmlFragment('prosemirror').push([element])
    for (let level = 0; level < 40; level++) {
      const inner = new Y.XmlElement('blockquote')
      element.push([inner])
      element = inner
    }
    expect(() => readContent(ydoc)).toThrow("the document's text nests more than 32 elements deep")
  })
})
