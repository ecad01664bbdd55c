import type { ClaimAttrs, Verdict } from '../model/annotation'
import type { FactCheckSettings, SourceMetadata } from '../model/document-source'
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

/** A schema.org Organization. */
export interface SchemaOrganization {
  '@type': 'Organization'
  name: string
  url?: string
}

/** The article a claim appears in: the document, with what is known of its source. */
export interface SchemaAppearance {
  '@type': 'CreativeWork'
  url?: string
  name: string
  identifier: string
  author?: SchemaPerson[]
  publisher?: SchemaOrganization
  datePublished?: string
  inLanguage?: string
}

/** Where a claim was made, when the claim names it (`sourceUrl`, and `archiveUrl` as `archivedAt`). */
export interface SchemaFirstAppearance {
  '@type': 'CreativeWork'
  url: string
  archivedAt?: string
}

/** A schema.org ClaimReview as this exporter writes it. */
export interface ClaimReview {
  '@context': 'https://schema.org'
  '@type': 'ClaimReview'
  /** The published fact-check (the fact-check base URL), when one is configured. */
  url?: string
  /** This review's web address on the fact-check (`<base URL>#claim-<id>`) when a base URL is configured, else the identifier. */
  sameAs: string
  /** The W3C annotation of the span (see the w3c exporter), same id. */
  identifier: string
  claimReviewed: string
  reviewRating: { '@type': 'Rating'; ratingValue?: number; bestRating: 5; worstRating: 1; alternateName: string }
  itemReviewed: {
    '@type': 'Claim'
    author?: SchemaPerson
    appearance: SchemaAppearance
    firstAppearance?: SchemaFirstAppearance
  }
  /** The publishing organization when one is configured, else the reviewer. */
  author?: SchemaPerson | SchemaOrganization
  /** The reviewer, when `author` is the organization. */
  contributor?: SchemaPerson
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

/** The document as the work a claim appears in, with its source's address, authors, publisher, date and language when known. */
function appearanceOf(snapshot: DocumentSnapshot): SchemaAppearance {
  const { url, authors, publisher, published, language }: SourceMetadata = snapshot.source
  return {
    '@type': 'CreativeWork',
    ...(url ? { url } : {}),
    name: snapshot.title,
    identifier: documentUrn(snapshot.id),
    ...(authors ? { author: authors.map(person) } : {}),
    ...(publisher ? { publisher: { '@type': 'Organization', name: publisher } } : {}),
    ...(published ? { datePublished: published } : {}),
    ...(language ? { inLanguage: language } : {}),
  }
}

/** The review's addresses: its own web address on the fact-check when a base URL is configured, and the W3C annotation's id. */
function addressesOf(snapshot: DocumentSnapshot, claim: ReviewedClaim, factcheck: FactCheckSettings): Pick<ClaimReview, 'url' | 'sameAs' | 'identifier'> {
  const identifier = annotationUrn(snapshot.id, claim.id)
  if (!factcheck.baseUrl) return { sameAs: identifier, identifier }
  return { url: factcheck.baseUrl, sameAs: `${factcheck.baseUrl}#claim-${encodeURIComponent(claim.id)}`, identifier }
}

/** Who the review is by: the publishing organization when configured (the reviewer then a contributor), else the reviewer. */
function authorsOf(claim: ReviewedClaim, factcheck: FactCheckSettings): Pick<ClaimReview, 'author' | 'contributor'> {
  const reviewer = claim.attrs.reviewedBy ? person(claim.attrs.reviewedBy.name) : undefined
  const { organization } = factcheck
  if (!organization) return reviewer ? { author: reviewer } : {}
  return { author: { '@type': 'Organization', name: organization.name, ...(organization.url ? { url: organization.url } : {}) }, ...(reviewer ? { contributor: reviewer } : {}) }
}

function toClaimReview(snapshot: DocumentSnapshot, claim: ReviewedClaim, byId: ReadonlyMap<string, SnapshotAnnotation>, factcheck: FactCheckSettings): ClaimReview {
  const { verdict, summary, claimant, rationale, reviewedAt, reviewedText, sourceUrl, archiveUrl } = claim.attrs
  const ratingValue = VERDICT_RATINGS[verdict]
  const evidence = evidenceOf(snapshot, claim, byId)
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    ...addressesOf(snapshot, claim, factcheck),
    // The verdict was given on reviewedText; the span may have changed since (changed-since-review).
    claimReviewed: summary ?? reviewedText ?? claim.exact,
    reviewRating: { '@type': 'Rating', ...(ratingValue !== null ? { ratingValue } : {}), bestRating: 5, worstRating: 1, alternateName: verdict },
    itemReviewed: {
      '@type': 'Claim',
      ...(claimant ? { author: person(claimant) } : {}),
      appearance: appearanceOf(snapshot),
      ...(sourceUrl ? { firstAppearance: { '@type': 'CreativeWork', url: sourceUrl, ...(archiveUrl ? { archivedAt: archiveUrl } : {}) } } : {}),
    },
    ...authorsOf(claim, factcheck),
    ...(reviewedAt ? { datePublished: reviewedAt.slice(0, 10) } : {}),
    ...(rationale ? { reviewBody: rationale } : {}),
    ...(evidence.length > 0 ? { isBasedOn: evidence } : {}),
  }
}

/** The fact-check settings of an export: the document's, with the options' `baseUrl` and `organization` in their place when given. */
function factCheckOf(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'baseUrl' | 'organization'>): FactCheckSettings {
  return {
    ...snapshot.factcheck,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.organization ? { organization: { name: options.organization } } : {}),
  }
}

/**
 * The ClaimReviews of a snapshot: one per selected claim with a verdict other than `unreviewed`.
 * Each names the article the claim appears in (the document's source) and, when the fact-check's
 * base URL and organization are configured (the document's settings, or `options`), its address
 * and publisher.
 */
export function toClaimReviews(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'type' | 'verdict' | 'author' | 'baseUrl' | 'organization'>): ClaimReview[] {
  const byId = new Map(snapshot.annotations.map((annotation) => [annotation.id, annotation] as const))
  const factcheck = factCheckOf(snapshot, options)
  return selectAnnotations(snapshot, options)
    .filter(isReviewedClaim)
    .map((claim) => toClaimReview(snapshot, claim, byId, factcheck))
}

/** `claimreview`: schema.org ClaimReview JSON-LD, a JSON array of reviews (`[]` when none). */
export function exportClaimReview(snapshot: DocumentSnapshot, options: ExportOptions): ExportResult {
  return { body: `${JSON.stringify(toClaimReviews(snapshot, options), null, 2)}\n`, contentType: 'application/ld+json; charset=utf-8', extension: 'claimreview.jsonld' }
}
