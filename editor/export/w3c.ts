import type { AnnotationLink, LinkType, Person } from '../model/annotation'
import type { FactCheckSettings, SourceMetadata } from '../model/document-source'
import { toNativeExport, type NativeAnnotation } from './json'
import type { ExportOptions } from './options'
import type { ExportResult } from './result'
import type { DocumentSnapshot } from './snapshot'
import { SPANWISE_CONTEXT, SPANWISE_PREFIX_CONTEXT } from './spanwise-context'

/** The JSON-LD context of the W3C Web Annotation Data Model. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'

/** The identifier of a document in linked-data exports: `urn:spanwise:<docId>`. */
export function documentUrn(docId: string): string {
  return `urn:spanwise:${encodeURIComponent(docId)}`
}

/**
 * The identifier of an annotation: `urn:spanwise:<docId>:<annId>` (the id percent-encoded).
 * The w3c exporter names annotations with it and the claimreview exporter links to them with it.
 */
export function annotationUrn(docId: string, annotationId: string): string {
  return `${documentUrn(docId)}:${encodeURIComponent(annotationId)}`
}

/** The identifier of a link: its source annotation's URN, `#link-<linkId>` (percent-encoded). */
function linkUrn(docId: string, sourceId: string, linkId: string): string {
  return `${annotationUrn(docId, sourceId)}#link-${encodeURIComponent(linkId)}`
}

/** The identifier of a person: `urn:spanwise:users/<id>` ("/" never occurs in doc or encoded ids). */
export function personUrn(personId: string): string {
  return `urn:spanwise:users/${encodeURIComponent(personId)}`
}

/** A W3C Web Annotation body; attribute bodies carry their attribute name in `label`. */
export interface W3cBody {
  type: 'TextualBody'
  purpose: 'tagging' | 'describing' | 'assessing' | 'commenting' | 'moderating'
  value: string
  label?: string
  creator?: W3cAgent
  created?: string
}

/** A person as a W3C agent. */
export interface W3cAgent {
  id: string
  type: 'Person'
  name: string
}

/** The selectors of a target: a quote (always) and a position in code points (attached only). */
export type W3cSelector = { type: 'TextQuoteSelector'; exact: string; prefix?: string; suffix?: string } | { type: 'TextPositionSelector'; start: number; end: number }

/** One annotation in the W3C Web Annotation model. */
export interface W3cAnnotation {
  '@context': typeof ANNO_CONTEXT
  id: string
  type: 'Annotation'
  motivation: 'tagging' | 'assessing'
  body: W3cBody[]
  target: { source: string; selector: W3cSelector[] }
  creator: W3cAgent
  created: string
  modified: string
}

/**
 * A link between two annotations, as a W3C annotation of its own: motivation `linking`, its target
 * the annotation holding the link, its body the linked annotation, and the relation under the
 * extension property `spanwise:relation` (its context defines the `spanwise:` prefix, so it
 * expands to the same IRI on its own as in the collection).
 */
export interface W3cLink {
  '@context': [typeof ANNO_CONTEXT, typeof SPANWISE_PREFIX_CONTEXT]
  id: string
  type: 'Annotation'
  motivation: 'linking'
  body: string
  target: string
  'spanwise:relation': LinkType
  creator: W3cAgent
  created: string
}

/**
 * The annotated document itself, carried under the extension property `spanwise:document` (its
 * fields have IRIs in SPANWISE_CONTEXT, so JSON-LD processors keep them; other readers ignore it):
 * its plain text and blocks, in code points, so the collection can be imported back without another file.
 */
export interface W3cDocument {
  id: string
  title: string
  /** Where the document comes from, when something of it is known (as in the native export). */
  source?: SourceMetadata
  /** How its fact-checks are published, when set. */
  factcheck?: FactCheckSettings
  text: string
  blocks: Array<{ type: 'paragraph' | 'heading'; level?: number; start: number; end: number }>
}

/** The exported collection: one embedded page holding every annotation; its context is the Web Annotation one, then Spanwise's. */
export interface W3cCollection {
  '@context': [typeof ANNO_CONTEXT, typeof SPANWISE_CONTEXT]
  id: string
  type: 'AnnotationCollection'
  label: string
  total: number
  'spanwise:document': W3cDocument
  first: { id: string; type: 'AnnotationPage'; startIndex: 0; items: Array<W3cAnnotation | W3cLink> }
}

// Attributes written as `describing` bodies, in this order; summary, verdict, rationale,
// reviewedBy and reviewedAt have bodies of their own (see attributeBodies).
const DESCRIBING_ATTRIBUTES = [
  'date',
  'endDate',
  'place',
  'participants',
  'speaker',
  'source',
  'sourceUrl',
  'archiveUrl',
  'paraphrase',
  'claimant',
  'evidence',
  'reviewedText',
] as const

function agent(person: Person): W3cAgent {
  return { id: personUrn(person.id), type: 'Person', name: person.name }
}

/** The verdict of a claim when it has been reviewed (anything but `unreviewed`), else null. */
function reviewedVerdict(annotation: Pick<NativeAnnotation, 'type' | 'attrs'>): string | null {
  if (annotation.type !== 'claim' || !('verdict' in annotation.attrs)) return null
  const verdict = annotation.attrs.verdict
  return verdict && verdict !== 'unreviewed' ? verdict : null
}

function attributeBodies(annotation: NativeAnnotation): W3cBody[] {
  const attrs = annotation.attrs as Record<string, unknown>
  const bodies: W3cBody[] = []
  if (typeof attrs.summary === 'string') bodies.push({ type: 'TextualBody', purpose: 'describing', label: 'summary', value: attrs.summary })
  const verdict = reviewedVerdict(annotation)
  if (verdict) {
    const reviewer = attrs.reviewedBy as Person | undefined
    const reviewedAt = attrs.reviewedAt as string | undefined
    bodies.push({
      type: 'TextualBody',
      purpose: 'assessing',
      label: 'verdict',
      value: verdict,
      ...(reviewer ? { creator: agent(reviewer) } : {}),
      ...(reviewedAt ? { created: reviewedAt } : {}),
    })
  }
  if (typeof attrs.rationale === 'string') bodies.push({ type: 'TextualBody', purpose: 'assessing', label: 'rationale', value: attrs.rationale })
  // The review workflow once it has started: the state (signed by the approver when approved) and who is assigned.
  if (annotation.review && annotation.review.state !== 'open') {
    const { state, approvedBy, approvedAt, assignee } = annotation.review
    bodies.push({
      type: 'TextualBody',
      purpose: 'moderating',
      label: 'review',
      value: state,
      ...(approvedBy ? { creator: agent(approvedBy) } : {}),
      ...(approvedAt ? { created: approvedAt } : {}),
    })
    if (assignee) bodies.push({ type: 'TextualBody', purpose: 'moderating', label: 'assignee', value: assignee.name, creator: agent(assignee) })
  }
  for (const key of DESCRIBING_ATTRIBUTES) {
    const value = attrs[key]
    if (value === undefined) continue
    // A list becomes one body per item, so no separator can be confused with the data.
    for (const item of Array.isArray(value) ? value : [value]) bodies.push({ type: 'TextualBody', purpose: 'describing', label: key, value: String(item) })
  }
  return bodies
}

function selectors(annotation: NativeAnnotation): W3cSelector[] {
  if (annotation.start === null || annotation.end === null) return [{ type: 'TextQuoteSelector', exact: annotation.exact }]
  return [
    { type: 'TextQuoteSelector', exact: annotation.exact, prefix: annotation.prefix, suffix: annotation.suffix },
    { type: 'TextPositionSelector', start: annotation.start, end: annotation.end },
  ]
}

/**
 * What annotations target: the article's address when the document's source URL is known (a
 * TextQuoteSelector finds the words on that page), else the document's URN.
 */
function targetSource(snapshot: Pick<DocumentSnapshot, 'id' | 'source'>): string {
  return snapshot.source.url ?? documentUrn(snapshot.id)
}

function toW3cAnnotation(docId: string, source: string, annotation: NativeAnnotation): W3cAnnotation {
  const body: W3cBody[] = [{ type: 'TextualBody', purpose: 'tagging', value: annotation.type }, ...attributeBodies(annotation)]
  if (annotation.note) body.push({ type: 'TextualBody', purpose: 'commenting', label: 'note', value: annotation.note, creator: agent(annotation.createdBy) })
  for (const comment of annotation.comments) {
    body.push({ type: 'TextualBody', purpose: 'commenting', value: comment.text, creator: agent(comment.author), created: comment.createdAt })
  }
  // A resolved comment thread, signed by who resolved it (an open one writes nothing: that is the default).
  if (annotation.thread?.state === 'resolved') {
    body.push({ type: 'TextualBody', purpose: 'moderating', label: 'thread', value: 'resolved', creator: agent(annotation.thread.by), created: annotation.thread.at })
  }
  return {
    '@context': ANNO_CONTEXT,
    id: annotationUrn(docId, annotation.id),
    type: 'Annotation',
    motivation: reviewedVerdict(annotation) ? 'assessing' : 'tagging',
    body,
    target: { source, selector: selectors(annotation) },
    creator: agent(annotation.createdBy),
    created: annotation.createdAt,
    modified: annotation.updatedAt,
  }
}

function toW3cLink(docId: string, sourceId: string, link: AnnotationLink): W3cLink {
  return {
    '@context': [ANNO_CONTEXT, SPANWISE_PREFIX_CONTEXT],
    id: linkUrn(docId, sourceId, link.id),
    type: 'Annotation',
    motivation: 'linking',
    body: annotationUrn(docId, link.target),
    target: annotationUrn(docId, sourceId),
    'spanwise:relation': link.type,
    creator: agent(link.createdBy),
    created: link.createdAt,
  }
}

/**
 * Builds the W3C Web Annotation collection of a snapshot: the annotations, then the links they
 * hold (each a `linking` annotation). TextPositionSelector offsets are always
 * Unicode code points, as the Web Annotation model requires, whatever `options.offsets` says.
 */
export function toW3cCollection(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'type' | 'verdict' | 'author'>): W3cCollection {
  const native = toNativeExport(snapshot, { ...options, offsets: 'codepoint' })
  const collectionId = `${documentUrn(snapshot.id)}#annotations`
  const source = targetSource(snapshot)
  const items: Array<W3cAnnotation | W3cLink> = native.annotations.map((annotation) => toW3cAnnotation(snapshot.id, source, annotation))
  for (const annotation of native.annotations) for (const link of annotation.links ?? []) items.push(toW3cLink(snapshot.id, annotation.id, link))
  return {
    '@context': [ANNO_CONTEXT, SPANWISE_CONTEXT],
    id: collectionId,
    type: 'AnnotationCollection',
    label: snapshot.title,
    total: items.length,
    'spanwise:document': {
      id: documentUrn(snapshot.id),
      title: snapshot.title,
      ...(native.document.source ? { source: native.document.source } : {}),
      ...(native.document.factcheck ? { factcheck: native.document.factcheck } : {}),
      text: native.text,
      blocks: native.blocks.map(({ index: _index, ...block }) => block),
    },
    first: { id: `${collectionId}-page-1`, type: 'AnnotationPage', startIndex: 0, items },
  }
}

/** `w3c`: a W3C Web Annotation `AnnotationCollection` (JSON-LD) with every annotation embedded. */
export function exportW3c(snapshot: DocumentSnapshot, options: ExportOptions): ExportResult {
  return {
    body: `${JSON.stringify(toW3cCollection(snapshot, options), null, 2)}\n`,
    contentType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
    extension: 'w3c.jsonld',
  }
}
