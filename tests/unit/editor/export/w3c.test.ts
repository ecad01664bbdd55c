import { describe, expect, it } from 'vitest'
import { exportDocument } from '../../../../editor/export/index'
import { SPANWISE_CONTEXT } from '../../../../editor/export/spanwise-context'
import { annotationUrn, documentUrn, personUrn, toW3cCollection, type W3cCollection } from '../../../../editor/export/w3c'
import { optionsFor } from './support/exactness'
import { loadAstralFixture, loadSeedFixture } from './support/fixtures'
import { spanAnnotations } from './support/w3c-items'

const seed = loadSeedFixture().snapshot
const astral = loadAstralFixture().snapshot
const item = (collection: W3cCollection, id: string) => spanAnnotations(collection).find((annotation) => annotation.id.endsWith(`:${id}`))!
const bob = { id: 'urn:spanwise:users/user-bob', type: 'Person', name: 'Bob Ivanov' }
const alice = { id: 'urn:spanwise:users/user-alice', type: 'Person', name: 'Alice Cohen' }
const dana = { id: 'urn:spanwise:users/user-dana', type: 'Person', name: 'Dana Levi' }

describe('w3c: W3C Web Annotation collection', () => {
  it('is an AnnotationCollection with one embedded page holding every annotation', () => {
    const collection = toW3cCollection(seed, {})
    const document = collection['spanwise:document']
    expect({
      ...collection,
      'spanwise:document': { ...document, text: document.text.length, blocks: document.blocks.length },
      first: { ...collection.first, items: collection.first.items.length },
    }).toEqual({
      '@context': ['http://www.w3.org/ns/anno.jsonld', SPANWISE_CONTEXT],
      id: 'urn:spanwise:israel-russia-part-2#annotations',
      type: 'AnnotationCollection',
      label: 'Israel – Russia relations, Part II',
      total: 37,
      'spanwise:document': {
        id: 'urn:spanwise:israel-russia-part-2',
        title: 'Israel – Russia relations, Part II',
        source: { publisher: 'Israpundit', authors: ['Ted Belman', 'Alexander Maistrovoy'], language: 'en' },
        text: seed.text.length,
        blocks: seed.blocks.length,
      },
      first: { id: 'urn:spanwise:israel-russia-part-2#annotations-page-1', type: 'AnnotationPage', startIndex: 0, items: 37 },
    })
    expect(document.text).toBe(seed.text)
    expect(document.blocks[0]).toEqual({ type: 'heading', level: 1, start: 0, end: 34 })
  })

  it('writes a reviewed claim as an assessment: tag, summary, verdict by the reviewer, rationale, attributes, note, comments', () => {
    expect(item(toW3cCollection(seed, {}), 'cl-putin-2001')).toEqual({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:spanwise:israel-russia-part-2:cl-putin-2001',
      type: 'Annotation',
      motivation: 'assessing',
      body: [
        { type: 'TextualBody', purpose: 'tagging', value: 'claim' },
        { type: 'TextualBody', purpose: 'describing', label: 'summary', value: 'Putin was elected in 2001' },
        { type: 'TextualBody', purpose: 'assessing', label: 'verdict', value: 'false', creator: bob, created: '2026-11-25T14:00:00.000Z' },
        { type: 'TextualBody', purpose: 'assessing', label: 'rationale', value: 'Putin was first elected President of Russia on 26 March 2000.' },
        { type: 'TextualBody', purpose: 'moderating', label: 'review', value: 'reviewed' },
        { type: 'TextualBody', purpose: 'describing', label: 'claimant', value: 'Article author' },
        { type: 'TextualBody', purpose: 'describing', label: 'evidence', value: 'https://en.wikipedia.org/wiki/2000_Russian_presidential_election' },
        { type: 'TextualBody', purpose: 'describing', label: 'reviewedText', value: 'Vladimir Putin was elected in 2001' },
        { type: 'TextualBody', purpose: 'commenting', label: 'note', value: 'Check the CEC archive.\nSecond line\twith a tab.', creator: alice },
        { type: 'TextualBody', purpose: 'commenting', value: 'Elected March 2000, re-elected 2004.', creator: bob, created: '2026-11-25T13:55:00.000Z' },
        { type: 'TextualBody', purpose: 'commenting', value: 'Agreed — “false”, not "misleading"; see the CEC, p. 3.', creator: dana, created: '2026-11-25T14:10:00.000Z' },
      ],
      target: {
        source: 'urn:spanwise:israel-russia-part-2',
        selector: [
          { type: 'TextQuoteSelector', exact: 'Vladimir Putin was elected in 2001', prefix: ' better days ahead.\n\nPro-Israel ', suffix: ' as was the more pro-Russian Ari' },
          { type: 'TextPositionSelector', start: 475, end: 509 },
        ],
      },
      creator: alice,
      created: '2026-11-25T11:00:00.000Z',
      modified: '2026-11-25T14:10:00.000Z',
    })
  })

  it('tags unreviewed claims, events and quotes; booleans and lists become one body each', () => {
    const collection = toW3cCollection(seed, {})
    expect(item(collection, 'cl-trump-favored').motivation).toBe('tagging')
    expect(item(collection, 'cl-trump-favored').body).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'claim' },
      { type: 'TextualBody', purpose: 'describing', label: 'claimant', value: 'Article author' },
    ])
    expect(item(collection, 'qt-compatriots').body.slice(1, 3)).toEqual([
      { type: 'TextualBody', purpose: 'describing', label: 'speaker', value: 'Vladimir Putin' },
      { type: 'TextualBody', purpose: 'describing', label: 'paraphrase', value: 'true' },
    ])
    expect(item(collection, 'ev-annexation').body.map((body) => `${body.label}=${body.value}`)).toEqual([
      'undefined=event',
      'date=2014-02',
      'endDate=2014-03-18',
      'place=Crimea',
      'participants=Russia',
      'participants=Ukraine',
    ])
  })

  it('gives a detached annotation a TextQuoteSelector only, and a changed claim its reviewed text', () => {
    const collection = toW3cCollection(seed, {})
    expect(item(collection, 'ev-airstrikes-warning').target.selector).toEqual([
      { type: 'TextQuoteSelector', exact: 'the Russian Deputy Foreign Minister urged Israel to cease its airstrikes in Syria' },
    ])
    const churkin = item(collection, 'cl-churkin')
    expect(churkin.target.selector[0]).toMatchObject({ exact: 'Russian UN Ambassador Vitaly Churkin proposed delaying a vote on Security Council Resolution 2334' })
    expect(churkin.body.find((body) => body.label === 'reviewedText')?.value).toBe(
      'Russian UN Ambassador Vitaly Churkin proposed postponing a vote on Security Council Resolution 2334',
    )
  })

  // Expected offsets were computed independently with Python's str indices.
  it('counts TextPositionSelector offsets in code points whatever the offsets option says', () => {
    const codepoint = exportDocument(astral, optionsFor('w3c', { offsets: 'codepoint' }))
    expect(exportDocument(astral, optionsFor('w3c', { offsets: 'utf16' }))).toEqual(codepoint)
    const collection = toW3cCollection(astral, {})
    expect(item(collection, 'a-thumbs').target.selector).toEqual([
      { type: 'TextQuoteSelector', exact: '👍🏽', prefix: 'ure\n\nAstral 😀 test\n\nEmoji 😀 and ', suffix: ' meet 𝔘nicode in one line,\nthen ' },
      { type: 'TextPositionSelector', start: 45, end: 47 },
    ])
    expect(item(collection, 'a-family').target.selector[1]).toEqual({ type: 'TextPositionSelector', start: 154, end: 159 })
    expect(item(collection, 'a-end').target.selector[1]).toEqual({ type: 'TextPositionSelector', start: 184, end: 185 })
  })

  it('applies the type, verdict and author filters, and names things with URNs', () => {
    expect(toW3cCollection(seed, { type: ['quote'] }).total).toBe(seed.annotations.filter((annotation) => annotation.type === 'quote').length)
    expect(spanAnnotations(toW3cCollection(seed, { verdict: ['false'] })).map((annotation) => annotation.id)).toEqual([
      'urn:spanwise:israel-russia-part-2:cl-putin-2001',
      'urn:spanwise:israel-russia-part-2:cl-feb-29',
    ])
    expect(spanAnnotations(toW3cCollection(seed, { author: 'Dana Levi' })).every((annotation) => annotation.creator.name === 'Dana Levi')).toBe(true)
    expect([documentUrn('doc-1'), annotationUrn('doc-1', 'a b/c:d'), personUrn('u 1')]).toEqual([
      'urn:spanwise:doc-1',
      'urn:spanwise:doc-1:a%20b%2Fc%3Ad',
      'urn:spanwise:users/u%201',
    ])
  })

  it('is served as JSON-LD with the Web Annotation profile', () => {
    const result = exportDocument(seed, optionsFor('w3c'))
    expect([result.contentType, result.extension]).toEqual(['application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8', 'w3c.jsonld'])
    expect(JSON.parse(result.body as string)).toEqual(toW3cCollection(seed, {}))
  })
})
