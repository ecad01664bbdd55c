import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { AnnotationValidationError, parseAttrs, type AnnotationType } from '../../../../editor/model/annotation'
import { anchorToStored } from '../../../../editor/model/anchor-encoding'
import {
  addComment,
  annotationOrigin,
  annotationsMap,
  createAnnotation,
  deleteAnnotation,
  readAnnotation,
  readAnnotations,
  updateAnnotation,
} from '../../../../editor/model/annotation-store'
import { v1RecordMap } from '../../../../editor/model/v1-records'
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
  it('writes a record as a Y.Map holding its base (anchors in base64) and one entry per comment, and reads it back validated', () => {
    const [a] = createReplicas(1)
    const origins: unknown[] = []
    a.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin))
    expect(newQuote(a)).toBe('q1')
    const { from, to } = findText(a, NEEDLE)
    const anchors = anchorsFor(a, from, to)
    const stored = annotationsMap(a).get('q1') as Y.Map<unknown>
    expect(stored).toBeInstanceOf(Y.Map)
    expect(stored.toJSON()).toEqual({
      base: { type: 'quote', start: anchorToStored(anchors.start), end: anchorToStored(anchors.end), exact: NEEDLE, attrs: { speaker: 'Putin' }, createdBy: alice, createdAt: T0 },
    })
    expect(typeof stored.get('base')).toBe('object')
    expect(stored.get('base')).not.toBeInstanceOf(Y.AbstractType)
    expect(origins).toEqual([annotationOrigin])
    const { records, invalid } = readAnnotations(a)
    expect(invalid).toEqual([])
    // The encoded anchor names the item and leaves out the type it implies, so it reads back without `type`.
    const decoded = (anchor: typeof anchors.start) => ({ item: { client: anchor.item!.client, clock: anchor.item!.clock }, assoc: anchor.assoc })
    expect(records).toEqual([
      {
        id: 'q1',
        type: 'quote',
        start: decoded(anchors.start),
        end: decoded(anchors.end),
        exact: NEEDLE,
        attrs: { speaker: 'Putin' },
        createdBy: alice,
        createdAt: T0,
        updatedAt: T0,
        comments: [],
        links: [],
        history: [],
      },
    ])
  })

  it('writes an imported thread as one comment.<id> entry per comment, and updatedAt only when it differs from createdAt', () => {
    const [a] = createReplicas(1)
    const comments = [
      { id: 'z-first', author: bob, text: 'First', createdAt: T0 },
      { id: 'a-second', author: alice, text: 'Second', createdAt: T1 },
    ]
    createAnnotation(a, { id: 'imported', type: 'event', ...anchorsFor(a, 3, 6), exact: 'xyz', createdBy: alice, createdAt: T0, updatedAt: T1, comments })
    const stored = annotationsMap(a).get('imported') as Y.Map<unknown>
    expect([...stored.keys()].sort()).toEqual(['base', 'comment.a-second', 'comment.z-first', 'updatedAt'])
    expect(stored.get('comment.z-first')).toEqual({ author: bob, text: 'First', createdAt: T0 })
    expect(stored.get('updatedAt')).toBe(T1)
    expect(readAnnotation(a, 'imported')).toMatchObject({ record: { updatedAt: T1, comments } })
  })

  it('writes only the entries of the parts an edit changed', () => {
    const [a] = createReplicas(1)
    newQuote(a)
    const stored = annotationsMap(a).get('q1') as Y.Map<unknown>
    const base = stored.get('base')
    vi.setSystemTime(new Date(T1))
    updateAnnotation(a, 'q1', { attrs: { speaker: 'Putin', paraphrase: true } })
    expect(stored.toJSON()).toEqual({ base, 'attr.paraphrase': true, updatedAt: T1 })
    updateAnnotation(a, 'q1', { attrs: { paraphrase: true }, note: 'Said twice.' })
    expect(stored.toJSON()).toEqual({ base, 'attr.paraphrase': true, 'attr.speaker': null, note: 'Said twice.', updatedAt: T1 })
    expect(stored.get('base')).toBe(base)
    expect(readAnnotation(a, 'q1')).toMatchObject({ record: { attrs: { paraphrase: true }, note: 'Said twice.' } })
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
  /** The stored anchors of NEEDLE, as a client following docs/data-model.md writes them. */
  function storedAnchors(ydoc: Y.Doc) {
    const { from, to } = findText(ydoc, NEEDLE)
    const { start, end } = anchorsFor(ydoc, from, to)
    return { start: anchorToStored(start), end: anchorToStored(end) }
  }

  /**
   * A hand-written v2 record: a `base` with every field valid unless overridden (`undefined` leaves
   * a field out), plus the given entries. `base` itself may be replaced through `entries`.
   */
  function writeRecord(ydoc: Y.Doc, key: string, baseOverrides: Record<string, unknown> = {}, entries: Record<string, unknown> = {}) {
    const base: Record<string, unknown> = { type: 'event', ...storedAnchors(ydoc), exact: NEEDLE, attrs: {}, createdBy: bob, createdAt: T0 }
    for (const [field, value] of Object.entries(baseOverrides)) {
      if (value === undefined) delete base[field]
      else base[field] = value
    }
    const record = new Y.Map<unknown>()
    record.set('base', base)
    for (const [entry, value] of Object.entries(entries)) {
      if (value === undefined) record.delete(entry)
      else record.set(entry, value)
    }
    annotationsMap(ydoc).set(key, record)
  }

  /** Base64 of bytes that are not an encoded relative position. */
  const base64 = (bytes: number[]) => Buffer.from(bytes).toString('base64')

  it('lists malformed records as invalid with a message naming the entry, and never throws', () => {
    const [rogue, reader] = createReplicas(2)
    const { from, to } = findText(rogue, NEEDLE)
    const v1Record = v1RecordMap({
      id: 'v1',
      type: 'event',
      ...anchorsFor(rogue, from, to),
      exact: NEEDLE,
      attrs: {},
      createdBy: bob,
      createdAt: T0,
      updatedAt: T0,
      comments: [],
      links: [],
      history: [],
    })
    rogue.transact(() => {
      annotationsMap(rogue).set('plain', { base: { type: 'event' } })
      annotationsMap(rogue).set('number', 42)
      annotationsMap(rogue).set('v1', v1Record)
      writeRecord(rogue, 'no-base', {}, { base: undefined, note: 'A note without a record.' })
      writeRecord(rogue, 'base-string', {}, { base: 'event' })
      writeRecord(rogue, 'base-array', {}, { base: [] })
      writeRecord(rogue, 'no-start', { start: undefined })
      writeRecord(rogue, 'wrong-type', { type: 'note' })
      writeRecord(rogue, 'json-anchor', { end: { type: { client: 1, clock: 0 }, assoc: -1 } })
      writeRecord(rogue, 'not-base64', { start: 'not base64!' })
      writeRecord(rogue, 'random-bytes', { end: base64([0xff, 0xff, 0xff, 0xff]) })
      writeRecord(rogue, 'names-nothing', { start: base64([7, 0]) })
      writeRecord(rogue, 'unknown-field', { id: 'unknown-field' })
      writeRecord(rogue, 'bad-base-attrs', { attrs: { date: 'soon' } })
      writeRecord(rogue, 'nested-map', {}, { 'attr.place': new Y.Map() })
      writeRecord(rogue, 'bad-comment', {}, { 'comment.c1': { author: bob, text: '', createdAt: T0 } })
      writeRecord(rogue, 'comment-with-id', {}, { 'comment.c2': { id: 'c2', author: bob, text: 'Hi', createdAt: T0 } })
      writeRecord(rogue, 'bad-date', {}, { 'attr.date': 'soon' })
      writeRecord(rogue, 'date-after-end', { attrs: { endDate: '2016-09' } }, { 'attr.date': '2016-10' })
      writeRecord(rogue, 'foreign-attr', {}, { 'attr.speaker': 'Putin' })
      writeRecord(rogue, 'span-no-exact', {}, { span: storedAnchors(rogue) })
      writeRecord(rogue, 'bad-span', {}, { span: { start: 'xx', end: storedAnchors(rogue).end, exact: NEEDLE } })
      writeRecord(rogue, 'bad-note', {}, { note: 7 })
      writeRecord(rogue, 'bad-updated-at', {}, { updatedAt: 'yesterday' })
      writeRecord(rogue, 'fine', {}, { 'later.entry': { from: 'a later revision' } })
      writeRecord(rogue, 'removed-place', { attrs: { place: 'Moscow' } }, { 'attr.place': null })
      writeRecord(rogue, 'dangling', { start: anchorToStored({ item: { client: 99, clock: 5 }, assoc: 0 }) })
    })
    send(rogue, reader)
    const snapshot = resolveAnnotations(reader, readContent(reader))
    expect(snapshot.invalid).toEqual([
      { id: 'plain', error: 'record: must be a Y.Map' },
      { id: 'number', error: 'record: must be a Y.Map' },
      { id: 'v1', error: 'comments: must be a plain value' },
      { id: 'no-base', error: 'base: missing (not a data model 2 record)' },
      { id: 'base-string', error: 'base: must be an object (the record as created)' },
      { id: 'base-array', error: 'base: Invalid input: expected object, received array' },
      { id: 'no-start', error: 'base.start: Invalid input: expected string, received undefined' },
      { id: 'wrong-type', error: 'base.type: Invalid option: expected one of "event"|"quote"|"claim"' },
      { id: 'json-anchor', error: 'base.end: Invalid input: expected string, received object' },
      { id: 'not-base64', error: 'base.start: must be a base64-encoded Yjs relative position' },
      { id: 'random-bytes', error: 'base.end: must be a base64-encoded Yjs relative position' },
      { id: 'names-nothing', error: 'base.start: must be a base64-encoded Yjs relative position' },
      { id: 'unknown-field', error: 'base: Unrecognized key: "id"' },
      { id: 'bad-base-attrs', error: 'base.attrs.date: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD' },
      { id: 'nested-map', error: 'attr.place: must be a plain value' },
      { id: 'bad-comment', error: 'comment.c1.text: must not be empty' },
      { id: 'comment-with-id', error: 'comment.c2: Unrecognized key: "id"' },
      { id: 'bad-date', error: 'attrs.date: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD' },
      { id: 'date-after-end', error: 'attrs.endDate: must not be before date' },
      { id: 'foreign-attr', error: 'attrs: Unrecognized key: "speaker"' },
      { id: 'span-no-exact', error: 'span.exact: Invalid input: expected string, received undefined' },
      { id: 'bad-span', error: 'span.start: must be a base64-encoded Yjs relative position' },
      { id: 'bad-note', error: 'note: Invalid input: expected string, received number' },
      { id: 'bad-updated-at', error: 'updatedAt: must be an ISO 8601 date-time' },
    ])
    expect(snapshot.annotations.map(({ id, status, text, record }) => ({ id, status, text, attrs: record.attrs }))).toEqual([
      { id: 'fine', status: 'attached', text: NEEDLE, attrs: {} },
      { id: 'removed-place', status: 'attached', text: NEEDLE, attrs: {} },
      { id: 'dangling', status: 'detached', text: '', attrs: {} },
    ])
  })

  it('never throws on anchors of random bytes: each record reads as invalid, naming the anchor, or as a detached one', () => {
    const [rogue] = createReplicas(1)
    let seed = 12345
    const nextByte = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed & 0xff
    }
    rogue.transact(() => {
      for (let index = 0; index < 300; index++) {
        const bytes = Array.from({ length: 1 + (index % 12) }, nextByte)
        writeRecord(rogue, `random-${index}`, { [index % 2 === 0 ? 'start' : 'end']: base64(bytes) })
      }
    })
    const { records, invalid } = readAnnotations(rogue)
    expect(records.length + invalid.length).toBe(300)
    expect(records.length).toBeGreaterThan(0)
    expect(invalid.length).toBeGreaterThan(0)
    for (const { error } of invalid) expect(error).toMatch(/^base\.(start|end): must be a base64-encoded Yjs relative position$/)
    const snapshot = resolveAnnotations(rogue, readContent(rogue))
    for (const annotation of snapshot.annotations) expect(annotation.status).toBe('detached')
  })

  it('gives typed errors when editing a record that is not a Y.Map or does not validate', () => {
    const [ydoc] = createReplicas(1)
    annotationsMap(ydoc).set('plain', { base: {} })
    writeRecord(ydoc, 'bad-date', {}, { 'attr.date': 'soon' })
    writeRecord(ydoc, 'no-base', {}, { base: undefined })
    let updates = 0
    ydoc.on('update', () => updates++)
    expect(validationMessage(() => updateAnnotation(ydoc, 'plain', { note: 'x' }))).toBe('annotation "plain" does not exist')
    expect(validationMessage(() => addComment(ydoc, 'plain', alice, 'Hi'))).toBe('annotation "plain" does not exist')
    expect(validationMessage(() => updateAnnotation(ydoc, 'bad-date', { note: 'x' }))).toBe(
      'annotation "bad-date" is invalid: attrs.date: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD',
    )
    expect(validationMessage(() => updateAnnotation(ydoc, 'no-base', { note: 'x' }))).toBe('annotation "no-base" is invalid: base: missing (not a data model 2 record)')
    expect(updates).toBe(0)
  })
})

describe('the read cache', () => {
  function quoteMap(ydoc: Y.Doc): Y.Map<unknown> {
    newQuote(ydoc)
    return annotationsMap(ydoc).get('q1') as Y.Map<unknown>
  }

  it('returns the cached object while nothing in the record changed, even when other records or the text change', () => {
    const [a] = createReplicas(1)
    quoteMap(a)
    const first = readAnnotation(a, 'q1')
    expect(first).toMatchObject({ record: { id: 'q1' } })
    expect(readAnnotation(a, 'q1')).toBe(first)
    createAnnotation(a, { id: 'other', type: 'event', ...anchorsFor(a, 3, 6), exact: 'xyz', createdBy: alice })
    findText(a, NEEDLE).run.insert(0, 'typed ')
    expect(readAnnotation(a, 'q1')).toBe(first)
    expect(readAnnotations(a).records[0]).toBe((first as { record: unknown }).record)
  })

  it('validates the record again after an entry changes, is added or is deleted, locally or from another replica', () => {
    const [a, b] = createReplicas(2)
    const onA = quoteMap(a)
    send(a, b)
    const onB = annotationsMap(b).get('q1') as Y.Map<unknown>
    const valid = readAnnotation(b, 'q1')
    expect(valid).toMatchObject({ record: { attrs: { speaker: 'Putin' } } })

    onA.set('attr.date', 'soon')
    send(a, b)
    expect(readAnnotation(b, 'q1')).toEqual({ invalid: { id: 'q1', error: 'attrs.date: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD' } })

    onB.set('attr.date', '2016-09')
    expect(readAnnotation(b, 'q1')).toMatchObject({ record: { attrs: { speaker: 'Putin', date: '2016-09' } } })

    onB.delete('attr.date')
    const again = readAnnotation(b, 'q1')
    expect(again).toEqual(valid)
    expect(again).not.toBe(valid)

    onB.set('comment.c1', { author: bob, text: 'Hi', createdAt: T1 })
    expect(readAnnotation(b, 'q1')).toMatchObject({ record: { comments: [{ id: 'c1', text: 'Hi' }] } })
    onB.set('comment.c1', { author: bob, text: '', createdAt: T1 })
    expect(readAnnotation(b, 'q1')).toEqual({ invalid: { id: 'q1', error: expect.stringMatching(/^comment\.c1\.text: /) } })
  })

  it('notices an entry replaced by another holding an equal value', () => {
    const [a] = createReplicas(1)
    const stored = quoteMap(a)
    stored.set('attr.speaker', null)
    expect(readAnnotation(a, 'q1')).toMatchObject({ record: { attrs: {} } })
    a.transact(() => {
      stored.delete('attr.speaker')
      stored.set('attr.paraphrase', null)
    })
    expect(readAnnotation(a, 'q1')).toMatchObject({ record: { attrs: { speaker: 'Putin' } } })
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
            : { client, clock, parentId: [client, clock - 1] as const, key: 'base', type: 'map' as const },
        ),
      ),
    )
    let value: unknown = 'leaf'
    for (let level = 0; level < 20_000; level++) value = [value]
    const record = new Y.Map<unknown>()
    ydoc.getMap('annotations').set('json', record)
    record.set('attr.participants', value)
    expect(readAnnotations(ydoc)).toEqual({
      records: [],
      invalid: [
        { id: 'deep', error: 'base: must be a plain value' },
        { id: 'json', error: 'attr.participants: a value nests deeper than 16 levels' },
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
