import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { AnnotationLink } from '../../../../editor/model/annotation'
import { indexLinks, LINK_CHOICES, linkWording, summarizeLinks } from '../../../../editor/model/annotation-links'
import { addLink, annotationsMap, createAnnotation, deleteAnnotation, readAnnotation, removeLink } from '../../../../editor/model/annotation-store'
import { RECORD_KEYS } from '../../../../editor/model/doc-layout'
import { annotate, anchorsFor, createReplicas, findText, send } from './support/replicas'
import { alice, bob } from './support/seed'
import { SYNC_ORDERS } from './support/sync-orders'
import { at, T0, T1, useFakeClock } from './support/fake-clock'

useFakeClock()

const CLAIM = 'a special state to us'
const QUOTE = 'It is practically'
const EVENT = 'Avigdor Liberman'

/** One replica with a claim, a quote and an event tagged. */
function tagged() {
  const [doc] = createReplicas(1)
  const claim = annotate(doc, CLAIM, 'claim', 'claim-1')
  const quote = annotate(doc, QUOTE, 'quote', 'quote-1')
  const event = annotate(doc, EVENT, 'event', 'event-1')
  return { doc, claim, quote, event }
}

const linksOf = (doc: Y.Doc, id: string) => {
  const read = readAnnotation(doc, id)
  if (read === null || !('record' in read)) throw new Error(`no valid record ${id}: ${JSON.stringify(read)}`)
  return read.record.links
}

describe('addLink and removeLink', () => {
  it('stores a link as its own entry of the source record, with author and time', () => {
    const { doc, claim, quote } = tagged()
    const id = at(T1, () => addLink(doc, quote, { type: 'supports', target: claim }, bob))
    const map = annotationsMap(doc).get(quote) as Y.Map<unknown>
    expect(map.get(`${RECORD_KEYS.linkPrefix}${id}`)).toEqual({ type: 'supports', target: claim, createdBy: bob, createdAt: T1 })
    expect(map.get(RECORD_KEYS.updatedAt)).toBe(T1)
    expect(linksOf(doc, quote)).toEqual([{ id, type: 'supports', target: claim, createdBy: bob, createdAt: T1 }])
    expect(linksOf(doc, claim)).toEqual([])
    expect(removeLink(doc, quote, id)).toBe(true)
    expect(linksOf(doc, quote)).toEqual([])
    expect(removeLink(doc, quote, id)).toBe(false)
    expect(removeLink(doc, 'nobody', id)).toBe(false)
  })

  it.each<[string, (ids: ReturnType<typeof tagged>) => [string, { type: never; target: string }], RegExp]>([
    ['to itself', ({ claim }) => [claim, { type: 'cites' as never, target: claim }], /cannot link to itself/],
    ['to an annotation that does not exist', ({ claim }) => [claim, { type: 'cites' as never, target: 'gone' }], /annotation "gone" does not exist/],
    ['from an annotation that does not exist', ({ claim }) => ['gone', { type: 'cites' as never, target: claim }], /annotation "gone" does not exist/],
    ['of an unknown type', ({ claim, quote }) => [quote, { type: 'endorses' as never, target: claim }], /^link: type: /],
    ['with a target id of 101 characters', ({ quote }) => [quote, { type: 'cites' as never, target: 'x'.repeat(101) }], /target: must be at most 100 characters/],
  ])('refuses a link %s, naming the problem', (_name, make, message) => {
    const ids = tagged()
    const [source, link] = make(ids)
    expect(() => addLink(ids.doc, source, link, alice)).toThrow(message)
    for (const id of [ids.claim, ids.quote, ids.event]) expect(linksOf(ids.doc, id)).toEqual([])
  })

  it('refuses the same link twice, but takes another type or the other direction', () => {
    const { doc, claim, quote } = tagged()
    addLink(doc, quote, { type: 'supports', target: claim }, alice)
    expect(() => addLink(doc, quote, { type: 'supports', target: claim }, bob)).toThrow('link: this annotation already has a "supports" link to "claim-1"')
    // Later, so it is listed second (links are ordered by time, then id).
    at(T1, () => addLink(doc, quote, { type: 'cites', target: claim }, alice))
    addLink(doc, claim, { type: 'quotes', target: quote }, alice)
    expect(linksOf(doc, quote).map((link) => link.type)).toEqual(['supports', 'cites'])
    expect(linksOf(doc, claim).map((link) => link.type)).toEqual(['quotes'])
  })

  it('refuses "same event as" from the other end when the link exists already (it reads the same both ways)', () => {
    const { doc, event } = tagged()
    const other = annotate(doc, 'Abraham Accords', 'event', 'event-2')
    addLink(doc, event, { type: 'same-event-as', target: other }, alice)
    expect(() => addLink(doc, other, { type: 'same-event-as', target: event }, bob)).toThrow('link: "event-1" already has a "same-event-as" link to this annotation')
    // Other types may go both ways: a claim cites a quote that cites it back.
    const { claim, quote } = { claim: 'claim-1', quote: 'quote-1' }
    addLink(doc, claim, { type: 'cites', target: quote }, alice)
    addLink(doc, quote, { type: 'cites', target: claim }, alice)
  })

  it('keeps a link whose target was deleted: the record stays valid and the link points at nothing', () => {
    const { doc, claim, quote } = tagged()
    addLink(doc, quote, { type: 'supports', target: claim }, alice)
    deleteAnnotation(doc, claim)
    expect(linksOf(doc, quote)).toEqual([expect.objectContaining({ type: 'supports', target: claim })])
    const index = indexLinks([readAnnotation(doc, quote)].map((read) => (read as { record: { id: string; links: AnnotationLink[] } }).record))
    expect(summarizeLinks(index.get(quote) ?? [], (id) => (annotationsMap(doc).has(id) ? 'claim' : null))).toBe('1 broken')
  })
})

describe('stored links: what a rogue or later client may have written', () => {
  /** The quote's record with a good link `good` and the entry `key` = `value`. */
  const recordWith = (key: string, value: unknown) => {
    const { doc, quote } = tagged()
    const map = annotationsMap(doc).get(quote) as Y.Map<unknown>
    map.set('link.good', { type: 'cites', target: 'claim-1', createdBy: alice, createdAt: T0 })
    map.set(key, value)
    return readAnnotation(doc, quote)
  }
  const valid = { type: 'supports', target: 'claim-1', createdBy: alice, createdAt: T0 }

  it.each<[string, string, unknown]>([
    ['an unknown type (one of a later revision)', 'link.l1', { ...valid, type: 'endorses' }],
    ['a missing target', 'link.l1', { ...valid, target: undefined }],
    ['a link to the record itself', 'link.l1', { ...valid, target: 'quote-1' }],
    ['an extra field', 'link.l1', { ...valid, weight: 3 }],
    ['not an object', 'link.l1', 'supports claim-1'],
    ['an id of 101 characters', `link.${'i'.repeat(101)}`, valid],
  ])('leaves out a link with %s, and keeps the record and its other links', (_name, key, value) => {
    const read = recordWith(key, value)
    expect(read).toMatchObject({ record: { id: 'quote-1', links: [{ id: 'good', type: 'cites', target: 'claim-1' }] } })
  })

  it('reads links in order of time, then id, wherever they are in the map', () => {
    const { doc, quote } = tagged()
    const map = annotationsMap(doc).get(quote) as Y.Map<unknown>
    map.set('link.b', { ...valid, createdAt: T1 })
    map.set('link.z', { ...valid, type: 'cites', createdAt: T0 })
    map.set('link.a', { ...valid, type: 'mentions', createdAt: T1 })
    expect(linksOf(doc, quote).map((link) => link.id)).toEqual(['z', 'a', 'b'])
  })

  it('keeps links through createAnnotation (an import) and refuses repeated link ids or a link to itself', () => {
    const { doc, claim } = tagged()
    const { from, to } = findText(doc, 'Abraham Accords')
    const link = { id: 'l1', type: 'supports' as const, target: claim, createdBy: alice, createdAt: T0 }
    const base = { type: 'quote' as const, ...anchorsFor(doc, from, to), exact: 'Abraham Accords', createdBy: alice }
    createAnnotation(doc, { ...base, id: 'imported', links: [link] })
    expect(linksOf(doc, 'imported')).toEqual([link])
    expect(() => createAnnotation(doc, { ...base, id: 'twice', links: [link, link] })).toThrow('annotation: links: two links have the id "l1"')
    expect(() => createAnnotation(doc, { ...base, id: 'self', links: [{ ...link, target: 'self' }] })).toThrow('an annotation cannot link to itself')
  })
})

describe('links merge', () => {
  for (const [name, bringTogether] of Object.entries(SYNC_ORDERS)) {
    it(`two people linking the same annotation at once both keep their link, a third sees both (${name})`, () => {
      const [a, b, c] = createReplicas(3)
      const claim = annotate(a, CLAIM, 'claim', 'claim-1')
      const quote = annotate(a, QUOTE, 'quote', 'quote-1')
      const event = annotate(a, EVENT, 'event', 'event-1')
      send(a, b)
      send(a, c)
      addLink(a, quote, { type: 'supports', target: claim }, alice)
      addLink(b, quote, { type: 'mentions', target: event }, bob)
      bringTogether(a, b, c)
      for (const replica of [a, b, c])
        expect(
          linksOf(replica, quote)
            .map((link) => `${link.type}:${link.target}`)
            .sort(),
        ).toEqual(['mentions:event-1', 'supports:claim-1'])
    })

    it(`a link made while its target is deleted elsewhere stays, broken (${name})`, () => {
      const [a, b, c] = createReplicas(3)
      const claim = annotate(a, CLAIM, 'claim', 'claim-1')
      const quote = annotate(a, QUOTE, 'quote', 'quote-1')
      send(a, b)
      send(a, c)
      addLink(a, quote, { type: 'supports', target: claim }, alice)
      deleteAnnotation(b, claim)
      bringTogether(a, b, c)
      for (const replica of [a, b, c]) {
        expect(annotationsMap(replica).has(claim)).toBe(false)
        expect(linksOf(replica, quote)).toEqual([expect.objectContaining({ target: claim })])
      }
    })
  }
})

describe('indexLinks and summarizeLinks', () => {
  const link = (id: string, type: AnnotationLink['type'], target: string): AnnotationLink => ({ id, type, target, createdBy: alice, createdAt: T0 })
  const records = [
    { id: 'q1', links: [link('l1', 'supports', 'c1')] },
    { id: 'q2', links: [link('l2', 'supports', 'c1'), link('l3', 'contradicts', 'c2')] },
    { id: 'c1', links: [link('l4', 'quotes', 'q1'), link('l5', 'cites', 'gone')] },
    { id: 'c2', links: [] },
  ]
  const types: Record<string, 'quote' | 'claim'> = { q1: 'quote', q2: 'quote', c1: 'claim', c2: 'claim' }
  const typeOf = (id: string) => types[id] ?? null

  it('lists every link under both of its ends', () => {
    const index = indexLinks(records)
    expect(index.get('c1')?.map((end) => `${end.direction}:${end.link.id}:${end.other}`)).toEqual(['in:l1:q1', 'in:l2:q2', 'out:l4:q1', 'out:l5:gone'])
    expect(index.get('q1')?.map((end) => `${end.direction}:${end.link.id}:${end.other}`)).toEqual(['out:l1:c1', 'in:l4:c1'])
    expect(index.get('gone')?.map((end) => `${end.direction}:${end.source}`)).toEqual(['in:c1'])
    expect(index.has('c2')).toBe(true)
  })

  it('lists "same event as" made from both ends at once only once, under both annotations', () => {
    const index = indexLinks([
      { id: 'e1', links: [link('x1', 'same-event-as', 'e2')] },
      { id: 'e2', links: [link('x2', 'same-event-as', 'e1')] },
    ])
    expect(index.get('e1')?.map((end) => `${end.direction}:${end.link.id}`)).toEqual(['out:x1'])
    expect(index.get('e2')?.map((end) => `${end.direction}:${end.link.id}`)).toEqual(['in:x1'])
  })

  it('summarizes an annotation\u2019s links by wording and the other end\u2019s type', () => {
    const index = indexLinks(records)
    expect(summarizeLinks(index.get('c1')!, typeOf)).toBe('supported by 2 quotes · quotes 1 quote · 1 broken')
    expect(summarizeLinks(index.get('c2')!, typeOf)).toBe('contradicted by 1 quote')
    expect(summarizeLinks([], typeOf)).toBe('')
  })

  it('offers every relation from either side, same-event-as once', () => {
    expect(LINK_CHOICES.map((choice) => choice.label)).toEqual([
      'supports',
      'supported by',
      'contradicts',
      'contradicted by',
      'quotes',
      'quoted by',
      'same event as',
      'cites',
      'cited by',
      'mentions',
      'mentioned by',
    ])
    expect(linkWording('same-event-as', 'in')).toBe('same event as')
  })
})
