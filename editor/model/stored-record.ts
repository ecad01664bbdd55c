import './zod-setup'
import { z } from 'zod'
import {
  ANNOTATION_TYPES,
  attrsSchemaByType,
  commentSchema,
  describeRecordIssues,
  historyEntrySchema,
  linkSchema,
  MAX_HISTORY_ENTRIES,
  noteSchema,
  personSchema,
  reviewStatusEntrySchema,
  threadEntrySchema,
  type AnnotationComment,
  type AnnotationLink,
  type AnnotationRecord,
  type AnnotationType,
  type HistoryEntry,
  type Person,
  type ReviewStatusEntry,
  type ThreadEntry,
} from './annotation'
import { anchorFromStored, MAX_STORED_ANCHOR_CHARS } from './anchor-encoding'
import { isAttributeName, RECORD_KEYS } from './doc-layout'

/**
 * Data model v2's stored record (docs/data-model.md): the entries of one record's Y.Map, turned
 * into an {@link AnnotationRecord}. Pure: no Yjs types, only the plain values of the entries.
 */

const isoDateTime = z.string().datetime({ message: 'must be an ISO 8601 date-time' })
const storedAnchor = z.string().min(1).max(MAX_STORED_ANCHOR_CHARS)

/** `base`: the record as created. Its attributes are then checked against its type. */
export const storedBaseSchema = z
  .object({
    type: z.enum(ANNOTATION_TYPES),
    start: storedAnchor,
    end: storedAnchor,
    exact: z.string().max(20000),
    attrs: z.record(z.string(), z.unknown()),
    note: noteSchema.optional(),
    createdBy: personSchema,
    createdAt: isoDateTime,
  })
  .strict()
export type StoredBase = z.infer<typeof storedBaseSchema>

/** `span`: the span moved or re-attached. */
export const storedSpanSchema = z.object({ start: storedAnchor, end: storedAnchor, exact: z.string().max(20000) }).strict()
export type StoredSpan = z.infer<typeof storedSpanSchema>

/** `comment.<id>`: one comment; its id is in the key. */
export const storedCommentSchema = commentSchema.omit({ id: true }).strict()
export type StoredComment = z.infer<typeof storedCommentSchema>

/** `link.<id>`: one link; its id is in the key. */
export const storedLinkSchema = linkSchema.omit({ id: true }).strict()
export type StoredLink = z.infer<typeof storedLinkSchema>

/** `history.<id>`: one step of the history; its id is in the key. */
export const storedHistoryEntrySchema = historyEntrySchema.omit({ id: true }).strict()
export type StoredHistoryEntry = z.infer<typeof storedHistoryEntrySchema>

/** The entry key of an attribute / a comment / a link / a history step. */
export const attrKey = (name: string) => `${RECORD_KEYS.attrPrefix}${name}`
export const commentKey = (id: string) => `${RECORD_KEYS.commentPrefix}${id}`
export const linkKey = (id: string) => `${RECORD_KEYS.linkPrefix}${id}`
export const historyKey = (id: string) => `${RECORD_KEYS.historyPrefix}${id}`

type Read<T> = { value: T } | { error: string }

/** `value` parsed with `schema`; issues are reported under `field` (a name or a path). */
function parse<T>(schema: z.ZodType<T>, value: unknown, field: string | readonly string[]): Read<T> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return { value: parsed.data }
  const prefix = typeof field === 'string' ? [field] : field
  return { error: describeRecordIssues(new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] })))) }
}

function anchors(span: { start: string; end: string }, field: string): Read<Pick<AnnotationRecord, 'start' | 'end'>> {
  const start = anchorFromStored(span.start)
  if (!start) return { error: `${field}.start: must be a base64-encoded Yjs relative position` }
  const end = anchorFromStored(span.end)
  if (!end) return { error: `${field}.end: must be a base64-encoded Yjs relative position` }
  return { value: { start, end } }
}

/** A base with its anchors decoded. */
type DecodedBase = Omit<StoredBase, 'start' | 'end'> & Pick<AnnotationRecord, 'start' | 'end'>

/** The checked, decoded base of a record: the same value object always reads the same, so it is read once. */
const baseCache = new WeakMap<object, Read<DecodedBase>>()

function readBase(value: unknown): Read<DecodedBase> {
  if (value === null || typeof value !== 'object') return { error: `${RECORD_KEYS.base}: must be an object (the record as created)` }
  const cached = baseCache.get(value)
  if (cached) return cached
  const parsed = parse(storedBaseSchema, value, RECORD_KEYS.base)
  let read: Read<DecodedBase>
  if ('error' in parsed) read = parsed
  else {
    const attrs = parseAttrsOf(parsed.value.type, parsed.value.attrs, [RECORD_KEYS.base, 'attrs'])
    const decoded = anchors(parsed.value, RECORD_KEYS.base)
    read = 'error' in attrs ? attrs : 'error' in decoded ? decoded : { value: { ...parsed.value, attrs: attrs.value, ...decoded.value } }
  }
  baseCache.set(value, read)
  return read
}

/** Attributes checked against the type's schema; issues are reported under `path`. */
function parseAttrsOf(type: AnnotationType, attrs: unknown, path: readonly string[]): Read<Record<string, unknown>> {
  return parse<Record<string, unknown>>(attrsSchemaByType[type], attrs, path)
}

/** Annotation and comment ids: 1–100 characters. */
const idSchema = commentSchema.shape.id

const byAtThenId = (a: HistoryEntry, b: HistoryEntry) => byTimeThenId({ id: a.id, createdAt: a.at }, { id: b.id, createdAt: b.at })

/**
 * The history as read: oldest first, at most MAX_HISTORY_ENTRIES; when there are more, the ones
 * kept are the newest by {@link historyRank} (steps dated in the future are the first to go).
 */
function newestSteps(history: HistoryEntry[]): HistoryEntry[] {
  history.sort(byAtThenId)
  if (history.length <= MAX_HISTORY_ENTRIES) return history
  const now = Date.now()
  const ranked = history.map((step) => {
    const { id, ...stored } = step
    return { step, rank: historyRank(`${RECORD_KEYS.historyPrefix}${id}`, stored, now) }
  })
  ranked.sort((a, b) => compareHistoryRanks(a.rank, b.rank))
  const kept = new Set(ranked.slice(-MAX_HISTORY_ENTRIES).map(({ step }) => step))
  return history.filter((step) => kept.has(step))
}

const byTimeThenId = (a: { id: string; createdAt: string }, b: { id: string; createdAt: string }) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/** A `link.<id>` entry as a link, or null when it is not a valid link of record `recordId`. */
function readLink(recordId: string, key: string, value: unknown): AnnotationLink | null {
  const link = storedLinkSchema.safeParse(value)
  const linkId = idSchema.safeParse(key.slice(RECORD_KEYS.linkPrefix.length))
  if (!link.success || !linkId.success || link.data.target === recordId) return null
  return { id: linkId.data, ...link.data }
}

/** A `history.<id>` entry as a history step, or null when it does not validate. */
function readHistoryEntry(key: string, value: unknown): HistoryEntry | null {
  const entry = storedHistoryEntrySchema.safeParse(value)
  const entryId = idSchema.safeParse(key.slice(RECORD_KEYS.historyPrefix.length))
  return entry.success && entryId.success ? { id: entryId.data, ...entry.data } : null
}

/** How long after now a history step may be dated before it counts as from a wrong clock. */
const CLOCK_SKEW_MS = 24 * 60 * 60 * 1000

/**
 * Where a history entry stands when the history is cut to its newest MAX_HISTORY_ENTRIES: entries
 * that do not validate lowest, then steps dated more than a day after `now` (a rogue or wrong
 * clock, which must not push the real steps out), then every other step by time and id.
 */
export interface HistoryRank {
  readonly tier: 0 | 1 | 2
  readonly at: string
  readonly id: string
}

export function historyRank(key: string, value: unknown, now: number): HistoryRank {
  const entry = readHistoryEntry(key, value)
  if (!entry) return { tier: 0, at: '', id: key }
  return { tier: Date.parse(entry.at) > now + CLOCK_SKEW_MS ? 1 : 2, at: entry.at, id: entry.id }
}

export function compareHistoryRanks(a: HistoryRank, b: HistoryRank): number {
  return a.tier - b.tier || (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/**
 * Whether a record entry is one readers leave out when it does not validate (a link, a history
 * step, `assignee`, `status`, `thread`), rather than listing the whole record as invalid.
 */
export function isOptionalEntry(key: string): boolean {
  return (
    key === RECORD_KEYS.assignee || key === RECORD_KEYS.status || key === RECORD_KEYS.thread || key.startsWith(RECORD_KEYS.linkPrefix) || key.startsWith(RECORD_KEYS.historyPrefix)
  )
}

const assigneeSchema = personSchema.nullable()
const typeSchema = z.enum(ANNOTATION_TYPES)

/**
 * Assembles a record from its entries: `base`, then each override (`span`, `note`, `updatedAt`,
 * `attr.<key>`), the comments (`comment.<id>`), the links (`link.<id>`; one that does not
 * validate, or links the record to itself, is left out) and the workflow entries (`assignee`,
 * `status`, `history.<id>`, `thread`; each left out when it does not validate); entries it does
 * not know are ignored. Every part is validated
 * with the rules of `annotationRecordSchema` — the base once per value (cached), the attributes
 * again against the type, cross-field rules included, when entries override them; an error names
 * the entry (`attrs.<key>` for attributes).
 */
export function assembleRecord(id: string, entries: Iterable<readonly [string, unknown]>): { record: AnnotationRecord } | { error: string } {
  let base: unknown = undefined
  let span: unknown = undefined
  let note: unknown = undefined
  let updatedAt: unknown = undefined
  const attrs = new Map<string, unknown>()
  const comments: AnnotationComment[] = []
  const links: AnnotationLink[] = []
  const history: HistoryEntry[] = []
  let assignee: Person | null | undefined = undefined
  let reviewStatus: ReviewStatusEntry | undefined = undefined
  let thread: ThreadEntry | undefined = undefined
  let changedType: AnnotationType | undefined = undefined
  for (const [key, value] of entries) {
    if (key === RECORD_KEYS.base) base = value
    else if (key === RECORD_KEYS.span) span = value
    else if (key === RECORD_KEYS.note) note = value
    else if (key === RECORD_KEYS.type) {
      // A type that is not one of ours (a later revision's, a rogue client's) leaves the base's.
      const parsed = typeSchema.safeParse(value)
      if (parsed.success) changedType = parsed.data
    } else if (key === RECORD_KEYS.updatedAt) updatedAt = value
    else if (key.startsWith(RECORD_KEYS.attrPrefix)) {
      const name = key.slice(RECORD_KEYS.attrPrefix.length)
      // Never `__proto__` or the like: the name becomes a property of the merged attributes.
      if (!isAttributeName(name)) return { error: `${key.slice(0, 60)}: no annotation type has this attribute` }
      attrs.set(name, value)
    } else if (key.startsWith(RECORD_KEYS.commentPrefix)) {
      const comment = parse(storedCommentSchema, value, key.slice(0, 60))
      if ('error' in comment) return comment
      const commentId = parse(idSchema, key.slice(RECORD_KEYS.commentPrefix.length), `${key.slice(0, 60)} id`)
      if ('error' in commentId) return commentId
      comments.push({ id: commentId.value, ...comment.value })
    } else if (key.startsWith(RECORD_KEYS.linkPrefix)) {
      // A link that does not validate (a type of a later revision, a link to itself) is left out,
      // not the record: one stray link must not hide the annotation it hangs on.
      const link = readLink(id, key, value)
      if (link) links.push(link)
    } else if (key.startsWith(RECORD_KEYS.historyPrefix)) {
      // Likewise for the review workflow's entries: a stray one is left out, never the record.
      const entry = readHistoryEntry(key, value)
      if (entry) history.push(entry)
    } else if (key === RECORD_KEYS.assignee) {
      const parsed = assigneeSchema.safeParse(value)
      if (parsed.success) assignee = parsed.data
    } else if (key === RECORD_KEYS.status) {
      const parsed = reviewStatusEntrySchema.safeParse(value)
      if (parsed.success) reviewStatus = parsed.data
    } else if (key === RECORD_KEYS.thread) {
      // Likewise: a thread entry that does not validate reads as no resolution (an open thread).
      const parsed = threadEntrySchema.safeParse(value)
      if (parsed.success) thread = parsed.data
    }
  }
  if (base === undefined) return { error: `${RECORD_KEYS.base}: missing (not a data model 2 record)` }
  const readBaseResult = readBase(base)
  if ('error' in readBaseResult) return readBaseResult
  const created = readBaseResult.value
  let place: Pick<AnnotationRecord, 'start' | 'end' | 'exact'> = { start: created.start, end: created.end, exact: created.exact }
  if (span !== undefined) {
    const parsed = parse(storedSpanSchema, span, RECORD_KEYS.span)
    if ('error' in parsed) return parsed
    const decoded = anchors(parsed.value, RECORD_KEYS.span)
    if ('error' in decoded) return decoded
    place = { ...decoded.value, exact: parsed.value.exact }
  }
  const type = changedType ?? created.type
  let effectiveAttrs = created.attrs
  if (attrs.size > 0 || type !== created.type) {
    // With its type changed, a record keeps the attributes the new type has and sets the others
    // aside (they come back if the type is changed back).
    const kept = type === created.type ? null : new Set(Object.keys(attrsSchemaByType[type].shape))
    const merged: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(created.attrs)) if (!kept || kept.has(name)) merged[name] = value
    for (const [name, value] of attrs) {
      if (kept && !kept.has(name)) continue
      if (value === null) delete merged[name]
      else merged[name] = value
    }
    const parsed = parseAttrsOf(type, merged, ['attrs'])
    if ('error' in parsed) return parsed
    effectiveAttrs = parsed.value
  }
  let effectiveNote = created.note
  if (note !== undefined) {
    const parsed = parse(noteSchema, note, RECORD_KEYS.note)
    if ('error' in parsed) return parsed
    effectiveNote = parsed.value
  }
  let lastChange = created.createdAt
  if (updatedAt !== undefined) {
    const parsed = parse(isoDateTime, updatedAt, RECORD_KEYS.updatedAt)
    if ('error' in parsed) return parsed
    lastChange = parsed.value
  }
  const checkedId = parse(idSchema, id, 'id')
  if ('error' in checkedId) return checkedId
  // Every part is checked above, against the same rules as annotationRecordSchema.
  const record = {
    id,
    type,
    ...place,
    attrs: effectiveAttrs,
    ...(effectiveNote === undefined ? {} : { note: effectiveNote }),
    createdBy: created.createdBy,
    createdAt: created.createdAt,
    updatedAt: lastChange,
    comments: comments.sort(byTimeThenId),
    links: links.sort(byTimeThenId),
    ...(assignee ? { assignee } : {}),
    ...(reviewStatus ? { reviewStatus } : {}),
    history: newestSteps(history),
    ...(thread ? { thread } : {}),
  }
  return { record }
}
