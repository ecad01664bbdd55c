import '../../model/zod-setup'
import { z } from 'zod'
import {
  ANNOTATION_TYPES,
  LINK_TYPES,
  threadEntrySchema,
  type AnnotationComment,
  type AnnotationLink,
  type AnnotationType,
  type Person,
  type ThreadEntry,
} from '../../model/annotation'
import { detailsFromExport } from '../../model/document-source'
import { OffsetConverter } from '../../model/offsets'
import { ImportFormatError, type AnnotatedSource, type SourceAnnotation } from './annotated-source'
import { describeImportIssues, parseJsonText } from './native-json'

const agentSchema = z.object({ id: z.string().optional(), name: z.string().optional() }).passthrough()
const bodySchema = z
  .object({
    type: z.string().optional(),
    purpose: z.string().optional(),
    value: z.string().optional(),
    label: z.string().optional(),
    creator: agentSchema.optional(),
    created: z.string().optional(),
  })
  .passthrough()
const selectorSchema = z
  .object({
    type: z.string(),
    exact: z.string().optional(),
    prefix: z.string().optional(),
    suffix: z.string().optional(),
    start: z.number().int().nonnegative().optional(),
    end: z.number().int().nonnegative().optional(),
  })
  .passthrough()
const annotationSchema = z
  .object({
    id: z.string().optional(),
    type: z.literal('Annotation', { message: 'must be "Annotation"' }),
    body: z.union([bodySchema, z.array(bodySchema)]).optional(),
    target: z.object({ selector: z.union([selectorSchema, z.array(selectorSchema)]) }).passthrough(),
    creator: agentSchema.optional(),
    created: z.string().optional(),
    modified: z.string().optional(),
  })
  .passthrough()
/** A link between two annotations, as the w3c exporter writes it (`linking`, see W3cLink). */
const resourceSchema = z.union([z.string(), z.object({ id: z.string() }).passthrough()])
const linkItemSchema = z
  .object({
    id: z.string().optional(),
    type: z.literal('Annotation', { message: 'must be "Annotation"' }),
    motivation: z.literal('linking'),
    body: resourceSchema,
    target: resourceSchema,
    'spanwise:relation': z.enum(LINK_TYPES),
    creator: agentSchema.optional(),
    created: z.string().optional(),
  })
  .passthrough()

const collectionSchema = z
  .object({
    type: z.literal('AnnotationCollection'),
    label: z.string().optional(),
    'spanwise:document': z
      .object({
        title: z.string().optional(),
        source: z.unknown().optional(),
        factcheck: z.unknown().optional(),
        text: z.string(),
        blocks: z.array(z.object({ type: z.enum(['paragraph', 'heading']), level: z.number().int().optional(), start: z.number().int(), end: z.number().int() })).optional(),
      })
      .optional(),
    first: z.object({ items: z.array(z.unknown()) }).passthrough(),
  })
  .passthrough()

const LIST_ATTRIBUTES = new Set(['participants', 'evidence'])
const STRING_ATTRIBUTES = new Set(['date', 'endDate', 'place', 'speaker', 'source', 'sourceUrl', 'archiveUrl', 'claimant', 'reviewedText', 'summary'])

/** Percent-decoded, or as it is when its percent-encoding is malformed (an id may hold a "%"). */
function decoded(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

const lastSegment = (id: string | undefined) => (id ? decoded(id.replace(/^.*[:/]/, '')) : undefined)
const person = (agent: z.infer<typeof agentSchema> | undefined): Person | undefined => (agent?.name ? { id: lastSegment(agent.id) || agent.name, name: agent.name } : undefined)

function readBodies(bodies: Array<z.infer<typeof bodySchema>>, index: number): Pick<SourceAnnotation, 'type' | 'attrs' | 'note' | 'comments' | 'thread'> {
  const tag = bodies.find((body) => body.purpose === 'tagging' && ANNOTATION_TYPES.includes(body.value as AnnotationType))
  if (!tag) throw new ImportFormatError(`items.${index}.body: no tagging body with value event, quote or claim`)
  const type = tag.value as AnnotationType
  const attrs: Record<string, unknown> = {}
  const comments: AnnotationComment[] = []
  let note: string | undefined
  let thread: ThreadEntry | undefined
  for (const body of bodies) {
    const value = body.value ?? ''
    if (body.purpose === 'commenting') {
      if (body.label === 'note') note = value
      else
        comments.push({
          id: `comment-${index}-${comments.length + 1}`,
          author: person(body.creator) ?? { id: 'import', name: 'Import' },
          text: value,
          createdAt: body.created ?? new Date(0).toISOString(),
        })
    } else if (body.purpose === 'assessing' && body.label === 'verdict') {
      attrs.verdict = value
      if (body.creator) attrs.reviewedBy = person(body.creator)
      if (body.created) attrs.reviewedAt = body.created
    } else if (body.purpose === 'assessing' && body.label === 'rationale') {
      attrs.rationale = value
    } else if (body.purpose === 'moderating' && body.label === 'thread' && value === 'resolved') {
      // A resolution without a valid person and time is left out: the thread stays open.
      const entry = threadEntrySchema.safeParse({ state: 'resolved', by: person(body.creator), at: body.created })
      if (entry.success) thread = entry.data
    } else if (body.purpose === 'describing' && body.label) {
      if (LIST_ATTRIBUTES.has(body.label)) attrs[body.label] = [...((attrs[body.label] as string[]) ?? []), value]
      else if (body.label === 'paraphrase') attrs.paraphrase = value === 'true'
      else if (STRING_ATTRIBUTES.has(body.label)) attrs[body.label] = value
    }
  }
  return { type, attrs, ...(note !== undefined ? { note } : {}), comments, ...(thread ? { thread } : {}) }
}

function readAnnotation(raw: unknown, index: number, offsets: OffsetConverter): SourceAnnotation {
  const parsed = annotationSchema.safeParse(raw)
  if (!parsed.success) throw new ImportFormatError(`items.${index}: ${describeImportIssues(parsed.error)}`)
  const annotation = parsed.data
  const bodies = annotation.body === undefined ? [] : Array.isArray(annotation.body) ? annotation.body : [annotation.body]
  const selectors = Array.isArray(annotation.target.selector) ? annotation.target.selector : [annotation.target.selector]
  const quote = selectors.find((selector) => selector.type === 'TextQuoteSelector' && selector.exact !== undefined)
  if (!quote) throw new ImportFormatError(`items.${index}.target.selector: a TextQuoteSelector with "exact" is required`)
  const position = selectors.find((selector) => selector.type === 'TextPositionSelector' && selector.start !== undefined && selector.end !== undefined)
  const toUtf16 = (value: number | undefined) => {
    try {
      return value === undefined ? null : offsets.toUtf16(value, 'codepoint')
    } catch {
      return null
    }
  }
  return {
    id: lastSegment(annotation.id),
    ...readBodies(bodies, index),
    createdBy: person(annotation.creator),
    createdAt: annotation.created,
    updatedAt: annotation.modified,
    start: toUtf16(position?.start),
    end: toUtf16(position?.end),
    exact: quote.exact!,
    prefix: quote.prefix,
    suffix: quote.suffix,
  }
}

const isLinkItem = (raw: unknown) => typeof raw === 'object' && raw !== null && (raw as { motivation?: unknown }).motivation === 'linking'
const resourceId = (resource: z.infer<typeof resourceSchema>) => (typeof resource === 'string' ? resource : resource.id)

/** A `linking` item: the link and the id of the annotation that holds it (its target). */
function readLink(raw: unknown, index: number): { source: string; link: AnnotationLink } {
  const parsed = linkItemSchema.safeParse(raw)
  if (!parsed.success) throw new ImportFormatError(`items.${index}: ${describeImportIssues(parsed.error)}`)
  const item = parsed.data
  const marker = item.id?.lastIndexOf('#link-') ?? -1
  return {
    source: lastSegment(resourceId(item.target)) ?? '',
    link: {
      id: item.id && marker >= 0 ? decoded(item.id.slice(marker + '#link-'.length)) : `link-${index}`,
      type: item['spanwise:relation'],
      target: lastSegment(resourceId(item.body)) ?? '',
      createdBy: person(item.creator) ?? { id: 'import', name: 'Import' },
      createdAt: item.created ?? new Date().toISOString(),
    },
  }
}

/** Puts each link on the annotation that holds it; a link whose annotation is not in the collection is an error. */
function attachLinks(annotations: SourceAnnotation[], links: ReadonlyArray<{ index: number; source: string; link: AnnotationLink }>): void {
  const byId = new Map(annotations.filter((annotation) => annotation.id !== undefined).map((annotation) => [annotation.id!, annotation]))
  for (const { index, source, link } of links) {
    const holder = byId.get(source)
    if (!holder) throw new ImportFormatError(`items.${index}.target: no annotation "${source.slice(0, 100)}" in this collection`)
    holder.links = [...(holder.links ?? []), link]
  }
}

/**
 * Reads a W3C Web Annotation collection as Spanwise exports it (or any collection whose items tag
 * with `event`/`quote`/`claim`), with the links between them (`linking` items). The text comes from the collection's `spanwise:document`, or from
 * `companionText` (a .txt) for collections made elsewhere. TextPositionSelector offsets are code points.
 */
export function importW3c(source: string, companionText?: string): AnnotatedSource {
  const parsed = collectionSchema.safeParse(parseJsonText(source))
  if (!parsed.success) throw new ImportFormatError(describeImportIssues(parsed.error))
  const collection = parsed.data
  const embedded = collection['spanwise:document']
  const text = embedded?.text ?? companionText
  if (text === undefined) throw new ImportFormatError('text: this collection does not carry its document text; import it together with the .txt')
  const offsets = new OffsetConverter(text)
  const annotations: SourceAnnotation[] = []
  const links: Array<{ index: number; source: string; link: AnnotationLink }> = []
  collection.first.items.forEach((item, index) => {
    if (isLinkItem(item)) links.push({ index, ...readLink(item, index) })
    else annotations.push(readAnnotation(item, index, offsets))
  })
  attachLinks(annotations, links)
  const { source: documentSource, factcheck } = detailsFromExport(embedded?.source, embedded?.factcheck)
  return {
    title: embedded?.title ?? collection.label,
    details: { source: documentSource, factcheck },
    text,
    blocks: embedded?.blocks?.map((block) => ({ ...block, start: offsets.toUtf16(block.start, 'codepoint'), end: offsets.toUtf16(block.end, 'codepoint') })),
    annotations,
  }
}
