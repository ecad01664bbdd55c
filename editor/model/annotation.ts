import './zod-setup'
import { z } from 'zod'
import { describeIssues } from './describe-issues'
import { isPartialDate, partialDateEndsBefore, partialDateSchema } from './partial-date'
import { webUrlSchema } from './web-url'

/** The kinds of span a fact-checker tags. */
export const ANNOTATION_TYPES = ['event', 'quote', 'claim'] as const
export type AnnotationType = (typeof ANNOTATION_TYPES)[number]

/** A claim's fact-check verdict. */
export const VERDICTS = ['unreviewed', 'supported', 'disputed', 'false', 'misleading', 'unverifiable'] as const
export type Verdict = (typeof VERDICTS)[number]

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`)
const isoDateTime = z.string().datetime({ message: 'must be an ISO 8601 date-time' })

/** A person as recorded on annotations and comments. */
export const personSchema = z.object({ id: text(100).min(1), name: text(100).min(1) })
export type Person = z.infer<typeof personSchema>

/** Attributes of an event: when (partial ISO dates), where, who, what. */
const eventAttrsSchema = z
  .object({
    date: partialDateSchema.optional(),
    endDate: partialDateSchema.optional(),
    place: text(300).optional(),
    participants: z.array(text(200)).max(100).optional(),
    summary: text(2000).optional(),
  })
  .strict()
  // Malformed dates already have their own issue; comparing them would add a misleading second one.
  .refine((attrs) => !attrs.date || !attrs.endDate || !isPartialDate(attrs.date) || !isPartialDate(attrs.endDate) || !partialDateEndsBefore(attrs.endDate, attrs.date), {
    message: 'must not be before date',
    path: ['endDate'],
  })

/** Attributes of a quote: who said it, when, where it was reported, whether it is paraphrased. */
const quoteAttrsSchema = z
  .object({
    speaker: text(200).optional(),
    date: partialDateSchema.optional(),
    source: text(2000).optional(),
    /** Where it was reported (data model 2.2): an absolute http(s) URL, and an archived copy of that page. */
    sourceUrl: webUrlSchema.optional(),
    archiveUrl: webUrlSchema.optional(),
    paraphrase: z.boolean().optional(),
  })
  .strict()

/** An item of evidence: a URL, or the id of another annotation. */
const evidenceSchema = text(2000).min(1)

/** Attributes of a claim: who claims what, and the fact-check verdict with its review. */
export const claimAttrsSchema = z
  .object({
    claimant: text(200).optional(),
    summary: text(2000).optional(),
    verdict: z.enum(VERDICTS).optional(),
    rationale: text(5000).optional(),
    evidence: z.array(evidenceSchema).max(100).optional(),
    /** Where the claim was made (data model 2.2): an absolute http(s) URL, and an archived copy of that page. */
    sourceUrl: webUrlSchema.optional(),
    archiveUrl: webUrlSchema.optional(),
    reviewedBy: personSchema.optional(),
    reviewedAt: isoDateTime.optional(),
    reviewedText: text(20000).optional(),
  })
  .strict()

export type ClaimAttrs = z.infer<typeof claimAttrsSchema>

/**
 * Attributes that are always written together (data model 2 stores each attribute as its own
 * entry): a claim's verdict with its review stamp, and an event's dates, which a rule compares.
 * When two people change one group at once, all of it comes from the same person.
 */
export const ATTRIBUTE_GROUPS: ReadonlyArray<readonly string[]> = [
  ['verdict', 'reviewedBy', 'reviewedAt', 'reviewedText'],
  ['date', 'endDate'],
]

/** The attribute schema of each annotation type. */
export const attrsSchemaByType = {
  event: eventAttrsSchema,
  quote: quoteAttrsSchema,
  claim: claimAttrsSchema,
} as const

/** A Yjs relative position as `Y.relativePositionToJSON` writes it. */
export const relativePositionJSONSchema = z
  .object({
    type: z.object({ client: z.number().int().nonnegative(), clock: z.number().int().nonnegative() }).optional(),
    tname: z.string().optional(),
    item: z.object({ client: z.number().int().nonnegative(), clock: z.number().int().nonnegative() }).optional(),
    assoc: z.number().int().optional(),
  })
  .refine((json) => json.type !== undefined || json.tname !== undefined || json.item !== undefined, {
    message: 'must name a type (type or tname) or an item',
  })
export type RelativePositionJSON = z.infer<typeof relativePositionJSONSchema>

/** One comment in an annotation's thread. */
export const commentSchema = z.object({
  id: text(100).min(1),
  author: personSchema,
  text: text(10000).min(1, 'must not be empty'),
  createdAt: isoDateTime,
})
export type AnnotationComment = z.infer<typeof commentSchema>

/**
 * What a link says about its source (the annotation that holds it) and its target: the source
 * `supports` or `contradicts` the target (evidence for or against a claim), `quotes` it (a claim
 * resting on a quote), describes the `same-event-as` it, `cites` it, or `mentions` it (an event
 * and the claims about it).
 */
export const LINK_TYPES = ['supports', 'contradicts', 'quotes', 'same-event-as', 'cites', 'mentions'] as const
export type LinkType = (typeof LINK_TYPES)[number]

/** Link types that read the same both ways: one link between two annotations is enough. */
export const SYMMETRIC_LINK_TYPES: ReadonlySet<LinkType> = new Set<LinkType>(['same-event-as'])

/** A typed link from one annotation (the record holding it) to another (`target`, an annotation id). */
export const linkSchema = z.object({
  id: text(100).min(1),
  type: z.enum(LINK_TYPES),
  target: text(100).min(1),
  createdBy: personSchema,
  createdAt: isoDateTime,
})
export type AnnotationLink = z.infer<typeof linkSchema>

/**
 * A claim's review status as people set it (the `status` entry): `approved` is a second person's
 * sign-off of the review made at `reviewedAt`; `reopened` sends that review back to be done again.
 * Both hold only for the review they name: a new review (a new `reviewedAt`) leaves them behind.
 * The states in between (open, in review, reviewed, needs re-review) follow from the verdict, its
 * stamp and the assignee (editor/model/review-status.ts).
 */
const STORED_REVIEW_STATES = ['approved', 'reopened'] as const

/** The `status` entry: who set which state, when, about which review. */
export const reviewStatusEntrySchema = z
  .object({
    state: z.enum(STORED_REVIEW_STATES),
    by: personSchema,
    at: isoDateTime,
    /** The claim's `reviewedAt` when the state was set: the review it approves or reopens. */
    reviewedAt: isoDateTime,
  })
  .strict()
export type ReviewStatusEntry = z.infer<typeof reviewStatusEntrySchema>

/**
 * Whether an annotation's comment thread is done with (`resolved`) or taken up again (`open`), as
 * people set it (the `thread` entry, data model 2.3). A comment dated after a resolution reopens
 * the thread by itself (editor/model/comment-thread.ts).
 */
const THREAD_STATES = ['open', 'resolved'] as const
export type ThreadState = (typeof THREAD_STATES)[number]

/** The `thread` entry: who resolved or reopened the comment thread, and when. */
export const threadEntrySchema = z
  .object({
    state: z.enum(THREAD_STATES),
    by: personSchema,
    at: isoDateTime,
  })
  .strict()
export type ThreadEntry = z.infer<typeof threadEntrySchema>

/**
 * What a history entry records: a change of the span (`span`), of the type (`type`, the new one in
 * `value`), of attributes (`attrs`, the names
 * in `fields`), of a claim's verdict (`verdict`, the new one in `value`), of the note, the
 * assignee (`assign`, the person's name in `value`, empty when unassigned), a review confirmed on
 * new words (`review`), a sign-off (`approve`), a review sent back (`reopen`), a comment, a link made
 * (`link`, its type in `value`) or removed (`unlink`), the comment thread resolved (`resolve`) or
 * reopened (`reopen-thread`; data model 2.3).
 */
const HISTORY_CHANGES = ['span', 'type', 'attrs', 'verdict', 'note', 'assign', 'review', 'approve', 'reopen', 'comment', 'link', 'unlink', 'resolve', 'reopen-thread'] as const

/** One step of an annotation's history (a `history.<id>` entry; its id is in the key). */
export const historyEntrySchema = z.object({
  id: text(100).min(1),
  by: personSchema,
  at: isoDateTime,
  change: z.enum(HISTORY_CHANGES),
  fields: z.array(text(60)).max(20).optional(),
  value: text(300).optional(),
})
export type HistoryEntry = z.infer<typeof historyEntrySchema>

/** The most history entries a record keeps: the oldest are removed as new ones come. */
export const MAX_HISTORY_ENTRIES = 100

/** A free-text note on an annotation. */
export const noteSchema = text(10000)

const baseFields = {
  id: text(100).min(1),
  start: relativePositionJSONSchema,
  end: relativePositionJSONSchema,
  exact: text(20000),
  note: noteSchema.optional(),
  createdBy: personSchema,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  comments: z.array(commentSchema),
  /** Links to other annotations (none in records written before links existed, version 1 included). */
  links: z.array(linkSchema).default([]),
  /** Who is checking the claim (`assignee` entry); absent or null: nobody. */
  assignee: personSchema.nullable().optional(),
  /** The `status` entry: a sign-off or a review sent back (see STORED_REVIEW_STATES). */
  reviewStatus: reviewStatusEntrySchema.optional(),
  /** What happened to the annotation after it was created, oldest first (at most MAX_HISTORY_ENTRIES). */
  history: z.array(historyEntrySchema).default([]),
  /** The `thread` entry: the comment thread resolved or reopened (see THREAD_STATES). */
  thread: threadEntrySchema.optional(),
}

/** A whole annotation record as read from the `annotations` map (comments as a plain array). */
export const annotationRecordSchema = z.discriminatedUnion('type', [
  z.object({ ...baseFields, type: z.literal('event'), attrs: eventAttrsSchema }),
  z.object({ ...baseFields, type: z.literal('quote'), attrs: quoteAttrsSchema }),
  z.object({ ...baseFields, type: z.literal('claim'), attrs: claimAttrsSchema }),
])
export type AnnotationRecord = z.infer<typeof annotationRecordSchema>

/** A record's zod error as one message naming each field: `attrs.date: must be an ISO 8601 date…`. */
export function describeRecordIssues(error: z.ZodError): string {
  return describeIssues(error, 'record')
}

/** Raised when attributes or a record do not validate; the message names the field. */
export class AnnotationValidationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AnnotationValidationError'
  }
}

/** Validates attributes for a type; throws {@link AnnotationValidationError} naming the field. */
export function parseAttrs<T extends AnnotationType>(type: T, attrs: unknown): z.infer<(typeof attrsSchemaByType)[T]> {
  const parsed = attrsSchemaByType[type].safeParse(attrs)
  if (!parsed.success) {
    throw new AnnotationValidationError(describeRecordIssues(new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: ['attrs', ...issue.path] })))))
  }
  return parsed.data as z.infer<(typeof attrsSchemaByType)[T]>
}
