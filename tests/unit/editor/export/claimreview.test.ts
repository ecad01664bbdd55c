import { describe, expect, it } from 'vitest'
import { VERDICT_RATINGS, toClaimReviews } from '../../../../editor/export/claimreview'
import { exportDocument } from '../../../../editor/export/index'
import { toW3cCollection } from '../../../../editor/export/w3c'
import { optionsFor } from './support/exactness'
import { loadAstralFixture, loadSeedFixture } from './support/fixtures'
import { spanAnnotations } from './support/w3c-items'

const seed = loadSeedFixture().snapshot
const astral = loadAstralFixture().snapshot
const appearance = {
  '@type': 'CreativeWork',
  name: 'Israel – Russia relations, Part II',
  identifier: 'urn:spanwise:israel-russia-part-2',
  author: [
    { '@type': 'Person', name: 'Ted Belman' },
    { '@type': 'Person', name: 'Alexander Maistrovoy' },
  ],
  publisher: { '@type': 'Organization', name: 'Israpundit' },
  inLanguage: 'en',
}

describe('claimreview: schema.org ClaimReview for reviewed claims', () => {
  it('writes one ClaimReview per claim with a verdict other than unreviewed, in document order', () => {
    expect(toClaimReviews(seed, {}).map((review) => [review.sameAs.split(':').at(-1), review.reviewRating.alternateName])).toEqual([
      ['cl-putin-2001', 'false'],
      ['cl-russian-speaking', 'misleading'],
      ['cl-1-5-million', 'disputed'],
      ['cl-yisrael-beyteinu', 'unverifiable'],
      ['cl-churkin', 'supported'],
      ['cl-bolton', 'disputed'],
      ['cl-feb-29', 'false'],
      ['cl-hamas', 'supported'],
    ])
  })

  it('fills in the claim, its claimant and appearance, the rating, the reviewer, the date and the rationale', () => {
    expect(toClaimReviews(seed, {})[0]).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      sameAs: 'urn:spanwise:israel-russia-part-2:cl-putin-2001',
      identifier: 'urn:spanwise:israel-russia-part-2:cl-putin-2001',
      claimReviewed: 'Putin was elected in 2001',
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'false' },
      itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'Article author' }, appearance },
      author: { '@type': 'Person', name: 'Bob Ivanov' },
      datePublished: '2026-11-25',
      reviewBody: 'Putin was first elected President of Russia on 26 March 2000.',
    })
  })

  it('rates verdicts on a 1–5 scale; unverifiable has no value; without a summary the reviewed words are the claim', () => {
    expect(VERDICT_RATINGS).toEqual({ false: 1, misleading: 2, disputed: 3, supported: 5, unverifiable: null })
    const reviews = toClaimReviews(seed, {})
    const byId = (id: string) => reviews.find((review) => review.sameAs.endsWith(`:${id}`))!
    expect(byId('cl-yisrael-beyteinu').reviewRating).toEqual({ '@type': 'Rating', bestRating: 5, worstRating: 1, alternateName: 'unverifiable' })
    expect(byId('cl-churkin').claimReviewed).toBe('Russian UN Ambassador Vitaly Churkin proposed postponing a vote on Security Council Resolution 2334')
    expect(byId('cl-feb-29').claimReviewed).toBe('February 29, 2019')
  })

  it('links each review to the W3C annotation of its span by the same URN', () => {
    for (const snapshot of [seed, astral]) {
      const w3c = new Map(spanAnnotations(toW3cCollection(snapshot, {})).map((annotation) => [annotation.id, annotation]))
      for (const review of toClaimReviews(snapshot, {})) {
        const annotation = w3c.get(review.sameAs)!
        expect(annotation.motivation).toBe('assessing')
        expect(annotation.body.find((body) => body.purpose === 'assessing' && body.label === 'verdict')?.value).toBe(review.reviewRating.alternateName)
      }
    }
    // The detached, reviewed claim of the astral fixture is still reviewed; its text is the reviewed one.
    expect(toClaimReviews(astral, {}).find((review) => review.sameAs.endsWith(':a-temporary'))).toMatchObject({
      claimReviewed: 'Temporary words',
      reviewRating: { ratingValue: 1 },
    })
  })

  it('applies the filters and writes a JSON array as JSON-LD', () => {
    expect(toClaimReviews(seed, { verdict: ['false'] })).toHaveLength(2)
    expect(toClaimReviews(seed, { type: ['event'] })).toEqual([])
    expect(toClaimReviews(seed, { author: 'user-dana' }).map((review) => review.sameAs.split(':').at(-1))).toEqual(['cl-yisrael-beyteinu', 'cl-churkin', 'cl-feb-29'])
    const result = exportDocument(seed, optionsFor('claimreview', { type: 'event' }))
    expect(result).toEqual({ body: '[]\n', contentType: 'application/ld+json; charset=utf-8', extension: 'claimreview.jsonld' })
  })
})
