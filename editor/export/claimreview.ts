import type { ClaimAttrs, Verdict } from '../model/annotation'
import { selectAnnotations, type ExportOptions } from './options'
import type { ExportResult } from './result'
import type { DocumentSnapshot, SnapshotAnnotation } from './snapshot'
import { annotationUrn, documentUrn } from './w3c'

/**
 * The rating of each verdict on a 1 (worst) to 5 (best) scale. `unverifiable` is not a point on
 * that scale: its rating has no ratingValue, only the verdict as alternateName.
 */
export const VERDICT_RATINGS: Record<Exclude<Verdict, 'unreviewed'>, number | null> = {
  false: 1,
  misleading: 2,
  disputed: 3,
  supported: 5,
  unverifiable: null,
}

/** A schema.org Person. */
export interface SchemaPerson {
  '@type': 'Person'
  name: string
}

/** A schema.org ClaimReview as this exporter writes it. */
export interface ClaimReview {
  '@context': 'https://schema.org'
  '@type': 'ClaimReview'
  /** The W3C annotation of the span (see the w3c exporter), same id. */
  sameAs: string
  claimReviewed: string
  reviewRating: { '@type': 'Rating'; ratingValue?: number; bestRating: 5; worstRating: 1; alternateName: string }
  itemReviewed: {
    '@type': 'Claim'
    author?: SchemaPerson
    appearance: { '@type': 'CreativeWork'; name: string; identifier: string }
  }
  author?: SchemaPerson
  datePublished?: string
  reviewBody?: string
  /** The evidence the review rests on: annotations linked to the claim (only when there are some). */
  isBasedOn?: SchemaEvidence[]
}

/** An annotation the review rests on, as a schema.org CreativeWork: its W3C id, its words, and how it bears on the claim. */
export interface SchemaEvidence {
  '@type': 'CreativeWork'
  identifier: string
  text: string
  description: 'supports the claim' | 'contradicts the claim' | 'quoted by the claim' | 'cited by the claim'
}

/** The evidence of a claim: what supports or contradicts it, and what it quotes or cites; broken links left out. */
function evidenceOf(snapshot: DocumentSnapshot, claim: SnapshotAnnotation, byId: ReadonlyMap<string, SnapshotAnnotation>): SchemaEvidence[] {
  const evidence: SchemaEvidence[] = []
  const add = (other: SnapshotAnnotation | undefined, description: SchemaEvidence['description']) => {
    if (other) evidence.push({ '@type': 'CreativeWork', identifier: annotationUrn(snapshot.id, other.id), text: other.exact, description })
  }
  for (const other of snapshot.annotations) {
    for (const link of other.links) {
      if (link.target !== claim.id) continue
      if (link.type === 'supports') add(other, 'supports the claim')
      if (link.type === 'contradicts') add(other, 'contradicts the claim')
    }
  }
  for (const link of claim.links) {
    if (link.type === 'quotes') add(byId.get(link.target), 'quoted by the claim')
    if (link.type === 'cites') add(byId.get(link.target), 'cited by the claim')
  }
  return evidence
}

type ReviewedClaim = SnapshotAnnotation & { type: 'claim'; attrs: ClaimAttrs & { verdict: Exclude<Verdict, 'unreviewed'> } }

function isReviewedClaim(annotation: SnapshotAnnotation): annotation is ReviewedClaim {
  if (annotation.type !== 'claim') return false
  const verdict = (annotation.attrs as ClaimAttrs).verdict
  return verdict !== undefined && verdict !== 'unreviewed'
}

function person(name: string): SchemaPerson {
  return { '@type': 'Person', name }
}

function toClaimReview(snapshot: DocumentSnapshot, claim: ReviewedClaim, byId: ReadonlyMap<string, SnapshotAnnotation>): ClaimReview {
  const { verdict, summary, claimant, rationale, reviewedBy, reviewedAt, reviewedText } = claim.attrs
  const ratingValue = VERDICT_RATINGS[verdict]
  const evidence = evidenceOf(snapshot, claim, byId)
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    sameAs: annotationUrn(snapshot.id, claim.id),
    // The verdict was given on reviewedText; the span may have changed since (changed-since-review).
    claimReviewed: summary ?? reviewedText ?? claim.exact,
    reviewRating: { '@type': 'Rating', ...(ratingValue !== null ? { ratingValue } : {}), bestRating: 5, worstRating: 1, alternateName: verdict },
    itemReviewed: {
      '@type': 'Claim',
      ...(claimant ? { author: person(claimant) } : {}),
      appearance: { '@type': 'CreativeWork', name: snapshot.title, identifier: documentUrn(snapshot.id) },
    },
    ...(reviewedBy ? { author: person(reviewedBy.name) } : {}),
    ...(reviewedAt ? { datePublished: reviewedAt.slice(0, 10) } : {}),
    ...(rationale ? { reviewBody: rationale } : {}),
    ...(evidence.length > 0 ? { isBasedOn: evidence } : {}),
  }
}

/** The ClaimReviews of a snapshot: one per selected claim with a verdict other than `unreviewed`. */
export function toClaimReviews(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'type' | 'verdict' | 'author'>): ClaimReview[] {
  const byId = new Map(snapshot.annotations.map((annotation) => [annotation.id, annotation] as const))
  return selectAnnotations(snapshot, options)
    .filter(isReviewedClaim)
    .map((claim) => toClaimReview(snapshot, claim, byId))
}

/** `claimreview`: schema.org ClaimReview JSON-LD, a JSON array of reviews (`[]` when none). */
export function exportClaimReview(snapshot: DocumentSnapshot, options: ExportOptions): ExportResult {
  return { body: `${JSON.stringify(toClaimReviews(snapshot, options), null, 2)}\n`, contentType: 'application/ld+json; charset=utf-8', extension: 'claimreview.jsonld' }
}
