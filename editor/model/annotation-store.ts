import { uuidv4 } from 'lib0/random'
import * as Y from 'yjs'
import { z } from 'zod'
import {
  ANNOTATION_TYPES,
  ATTRIBUTE_GROUPS,
  annotationRecordSchema,
  AnnotationValidationError,
  commentSchema,
  describeRecordIssues,
  linkSchema,
  MAX_HISTORY_ENTRIES,
  noteSchema,
  SYMMETRIC_LINK_TYPES,
  parseAttrs,
  personSchema,
  relativePositionJSONSchema,
  reviewStatusEntrySchema,
  threadEntrySchema,
  type AnnotationComment,
  type AnnotationLink,
  type AnnotationRecord,
  type AnnotationType,
  type HistoryEntry,
  type LinkType,
  type Person,
  type RelativePositionJSON,
  type ReviewStatusEntry,
  type ThreadState,
} from './annotation'
import { anchorToStored } from './anchor-encoding'
import { threadStatusOf } from './comment-thread'
import { ANNOTATIONS_MAP, RECORD_KEYS } from './doc-layout'
import { jsonValueProblem } from './shape-limits'
import {
  assembleRecord,
  attrKey,
  compareHistoryRanks,
  historyRank,
  isOptionalEntry,
  commentKey,
  historyKey,
  linkKey,
  type StoredBase,
  type StoredComment,
  type StoredHistoryEntry,
  type StoredLink,
  type StoredSpan,
} from './stored-record'

/**
 * The transaction origin of every local annotation change. The editor's undo manager tracks it,
 * so Mod-z takes back one's own annotation changes along with one's own typing.
 */
export const annotationOrigin = { name: 'spanwise-annotations' } as const

/** A record that failed validation: listed as invalid, never shown as a highlight. */
export interface InvalidAnnotation {
  id: string
  error: string
}

/** What a new annotation needs; ids and times are filled in. */
export interface NewAnnotation {
  id?: string
  type: AnnotationType
  start: RelativePositionJSON
  end: RelativePositionJSON
  exact: string
  attrs?: unknown
  note?: string
  createdBy: Person
  /** Kept from an import; a new annotation gets the current time and an empty thread. */
  createdAt?: string
  updatedAt?: string
  comments?: AnnotationComment[]
  /** Links kept from an import; their targets need not exist (a link to a missing annotation is shown as broken). */
  links?: AnnotationLink[]
  /** Review workflow state and history kept from an import. */
  assignee?: Person | null
  reviewStatus?: AnnotationRecord['reviewStatus']
  history?: HistoryEntry[]
  /** The comment thread resolved or reopened, kept from an import. */
  thread?: AnnotationRecord['thread']
}

/** The fields an edit may change. `attrs` replaces the attributes as a whole, validated. */
export interface AnnotationPatch {
  attrs?: unknown
  /**
   * The attributes `attrs` was made from (what an edit form showed when it was opened). Only the
   * attributes that differ from these are written, so attributes someone else changed meanwhile
   * keep their change. Default: the record's current attributes.
   */
  attrsBefore?: Record<string, unknown>
  note?: string
  /** The note `note` was made from; the note is written only when it differs. Default: the current note. */
  noteBefore?: string
  start?: RelativePositionJSON
  end?: RelativePositionJSON
  exact?: string
  /** Who makes the change: when given, the change is added to the annotation's history. */
  by?: Person
}

const now = () => new Date().toISOString()
const annotationTypeSchema = z.enum(ANNOTATION_TYPES)

/** The `annotations` map of a document. */
export function annotationsMap(ydoc: Y.Doc): Y.Map<unknown> {
  return ydoc.getMap(ANNOTATIONS_MAP)
}

function recordMap(ydoc: Y.Doc, id: string): Y.Map<unknown> {
  const record = annotationsMap(ydoc).get(id)
  if (!(record instanceof Y.Map)) throw new AnnotationValidationError(`annotation "${id}" does not exist`)
  return record
}

function ensure<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, value: unknown, field: string): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new AnnotationValidationError(`${field}: ${describeRecordIssues(parsed.error)}`)
  return parsed.data
}

/**
 * Writes a new annotation record in one transaction: a Y.Map holding `base` (the record as
 * created, one value), `updatedAt` when it differs from `createdAt`, and one `comment.<id>` entry
 * per comment (docs/data-model.md, version 2). Throws {@link AnnotationValidationError} naming
 * the field when the input is invalid.
 */
export function createAnnotation(ydoc: Y.Doc, input: NewAnnotation, origin: unknown = annotationOrigin): string {
  const id = input.id ?? uuidv4()
  const timestamp = now()
  const comments = input.comments ?? []
  const candidate = {
    id,
    type: input.type,
    start: input.start,
    end: input.end,
    exact: input.exact,
    attrs: parseAttrs(input.type, input.attrs ?? {}),
    ...(input.note !== undefined && input.note !== '' ? { note: input.note } : {}),
    createdBy: input.createdBy,
    createdAt: input.createdAt ?? timestamp,
    updatedAt: input.updatedAt ?? input.createdAt ?? timestamp,
    comments,
    links: input.links ?? [],
    ...(input.assignee ? { assignee: input.assignee } : {}),
    ...(input.reviewStatus ? { reviewStatus: input.reviewStatus } : {}),
    history: (input.history ?? []).slice(-MAX_HISTORY_ENTRIES),
    ...(input.thread ? { thread: input.thread } : {}),
  }
  const record = ensure(annotationRecordSchema, candidate, 'annotation')
  const repeated = firstRepeatedId(record.comments)
  if (repeated) throw new AnnotationValidationError(`annotation: comments: two comments have the id "${repeated.slice(0, 100)}"`)
  const repeatedLink = firstRepeatedId(record.links)
  if (repeatedLink) throw new AnnotationValidationError(`annotation: links: two links have the id "${repeatedLink.slice(0, 100)}"`)
  const repeatedStep = firstRepeatedId(record.history)
  if (repeatedStep) throw new AnnotationValidationError(`annotation: history: two entries have the id "${repeatedStep.slice(0, 100)}"`)
  if (record.links.some((link) => link.target === id)) throw new AnnotationValidationError('annotation: links: an annotation cannot link to itself')
  if (annotationsMap(ydoc).has(id)) throw new AnnotationValidationError(`annotation "${id}" already exists`)
  ydoc.transact(() => annotationsMap(ydoc).set(id, recordToMap(record)), origin)
  return id
}

/** The first id that two items share, or null. */
function firstRepeatedId(items: ReadonlyArray<{ id: string }>): string | null {
  const seen = new Set<string>()
  for (const { id } of items) {
    if (seen.has(id)) return id
    seen.add(id)
  }
  return null
}

/** A validated record as a v2 record map (not yet in a document). */
export function recordToMap(record: AnnotationRecord): Y.Map<unknown> {
  const map = new Y.Map<unknown>()
  for (const [key, value] of recordEntries(record)) map.set(key, value)
  return map
}

/** The entries of a record's v2 map: `base`, `updatedAt` when it differs from `createdAt`, a `comment.<id>` per comment, a `link.<id>` per link. */
export function recordEntries(record: AnnotationRecord): Array<[string, unknown]> {
  const base: StoredBase = {
    type: record.type,
    start: anchorToStored(record.start),
    end: anchorToStored(record.end),
    exact: record.exact,
    attrs: record.attrs,
    ...(record.note !== undefined ? { note: record.note } : {}),
    createdBy: record.createdBy,
    createdAt: record.createdAt,
  }
  const entries: Array<[string, unknown]> = [[RECORD_KEYS.base, base]]
  if (record.updatedAt !== record.createdAt) entries.push([RECORD_KEYS.updatedAt, record.updatedAt])
  for (const comment of record.comments) entries.push([commentKey(comment.id), storedComment(comment)])
  for (const link of record.links) entries.push([linkKey(link.id), storedLink(link)])
  if (record.assignee) entries.push([RECORD_KEYS.assignee, record.assignee])
  if (record.reviewStatus) entries.push([RECORD_KEYS.status, record.reviewStatus])
  for (const { id, ...step } of record.history) entries.push([historyKey(id), step satisfies StoredHistoryEntry])
  if (record.thread) entries.push([RECORD_KEYS.thread, record.thread])
  return entries
}

/** A history step about to be written: who and when are added by {@link appendHistory}. */
type NewHistoryStep = Pick<HistoryEntry, 'change'> & Partial<Pick<HistoryEntry, 'fields' | 'value'>>

/**
 * Adds steps to a record's history (one `history.<id>` entry each, inside the caller's
 * transaction) and removes the oldest beyond MAX_HISTORY_ENTRIES, so the history stays bounded.
 * The steps just written are never removed; entries that do not validate go first, then those
 * dated in the future (a rogue or badly set clock must not keep the real steps out), then by age.
 */
function appendHistory(map: Y.Map<unknown>, by: Person, at: string, steps: readonly NewHistoryStep[]): void {
  if (steps.length === 0) return
  const author = ensure(personSchema, by, 'by')
  const written = new Set<string>()
  for (const step of steps) {
    const value = step.value === undefined ? {} : { value: step.value.slice(0, 300) }
    const stored: StoredHistoryEntry = { by: author, at, change: step.change, ...(step.fields ? { fields: step.fields.slice(0, 20) } : {}), ...value }
    const key = historyKey(uuidv4())
    map.set(key, stored)
    written.add(key)
  }
  const older: Array<[string, unknown]> = []
  let count = 0
  for (const [key, value] of map.entries()) {
    if (!key.startsWith(RECORD_KEYS.historyPrefix)) continue
    count++
    if (!written.has(key)) older.push([key, value])
  }
  // Entries are validated (to rank them) only when some must go: not on every change.
  if (count <= MAX_HISTORY_ENTRIES) return
  const now = Date.parse(at)
  const ranked = older.map(([key, value]) => ({ key, rank: historyRank(key, value, now) }))
  ranked.sort((a, b) => compareHistoryRanks(a.rank, b.rank))
  for (const { key } of ranked.slice(0, count - MAX_HISTORY_ENTRIES)) map.delete(key)
}

/**
 * The history steps of an attribute change: a new verdict (`verdict`), the same verdict stamped
 * again on the current words (`review`), and the other attributes by name (`attrs`).
 */
function attrSteps(before: Record<string, unknown>, changes: ReadonlyArray<[string, unknown]>): NewHistoryStep[] {
  const changed = new Map(changes.map(([key, value]) => [key.slice(RECORD_KEYS.attrPrefix.length), value]))
  const steps: NewHistoryStep[] = []
  if (changed.has('verdict')) {
    const verdict = typeof changed.get('verdict') === 'string' ? (changed.get('verdict') as string) : 'unreviewed'
    steps.push(verdict === (before.verdict ?? 'unreviewed') ? { change: 'review', value: verdict } : { change: 'verdict', value: verdict })
  }
  const others = [...changed.keys()].filter((name) => !REVIEW_GROUP.includes(name))
  if (others.length > 0) steps.push({ change: 'attrs', fields: others })
  return steps
}

function storedLink(link: AnnotationLink): StoredLink {
  return { type: link.type, target: link.target, createdBy: link.createdBy, createdAt: link.createdAt }
}

function storedComment(comment: AnnotationComment): StoredComment {
  return { author: comment.author, text: comment.text, createdAt: comment.createdAt }
}

/** A claim's verdict and its stamp, written together (ATTRIBUTE_GROUPS). */
const REVIEW_GROUP: readonly string[] = ATTRIBUTE_GROUPS.find((group) => group.includes('verdict')) ?? []

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * The attribute entries to write for a change from `before` to `next`: each attribute whose value
 * differs (an absent or `undefined` one counts as removed: `null`), and with it every attribute of
 * its group (ATTRIBUTE_GROUPS), so that attributes a rule ties together always come from the same
 * writer when two people change them at once.
 */
function attrChanges(before: Record<string, unknown>, next: Record<string, unknown>): Array<[string, unknown]> {
  const valueOf = (attrs: Record<string, unknown>, name: string) => (Object.hasOwn(attrs, name) && attrs[name] !== undefined ? attrs[name] : null)
  const changed = new Set<string>()
  for (const name of new Set([...Object.keys(before), ...Object.keys(next)])) {
    if (!sameValue(valueOf(before, name), valueOf(next, name))) changed.add(name)
  }
  for (const group of ATTRIBUTE_GROUPS) if (group.some((name) => changed.has(name))) for (const name of group) changed.add(name)
  return [...changed].map((name) => [attrKey(name), valueOf(next, name)])
}

/**
 * Changes some parts of an annotation. Each part is its own entry of the record's map, so
 * concurrent changes of different parts merge: every attribute that changed (`attr.<key>`, with
 * the rest of its group; the others are left alone), the note, the span (`start`, `end` and
 * `exact` together), `updatedAt`.
 */
export function updateAnnotation(ydoc: Y.Doc, id: string, patch: AnnotationPatch, origin: unknown = annotationOrigin): void {
  const map = recordMap(ydoc, id)
  const read = readAnnotation(ydoc, id)
  if (read === null || 'invalid' in read) throw new AnnotationValidationError(`annotation "${id}" is invalid: ${read === null ? 'missing' : read.invalid.error}`)
  const current = read.record
  const changes: Array<[string, unknown]> = []
  const steps: NewHistoryStep[] = []
  if (patch.attrs !== undefined) {
    const before = patch.attrsBefore ?? current.attrs
    const changed = attrChanges(before, parseAttrs(current.type, patch.attrs))
    changes.push(...changed)
    steps.push(...attrSteps(before, changed))
  }
  if (patch.note !== undefined) {
    const note = ensure(noteSchema, patch.note, 'note')
    if (note !== (patch.noteBefore ?? current.note ?? '')) {
      changes.push([RECORD_KEYS.note, note])
      steps.push({ change: 'note' })
    }
  }
  if (patch.start !== undefined || patch.end !== undefined || patch.exact !== undefined) {
    const span: StoredSpan = {
      start: anchorToStored(patch.start === undefined ? current.start : ensure(relativePositionJSONSchema, patch.start, 'start')),
      end: anchorToStored(patch.end === undefined ? current.end : ensure(relativePositionJSONSchema, patch.end, 'end')),
      exact: patch.exact ?? current.exact,
    }
    changes.push([RECORD_KEYS.span, span])
    steps.push({ change: 'span', value: span.exact })
  }
  if (changes.length === 0) return
  const at = now()
  ydoc.transact(() => {
    for (const [key, value] of changes) map.set(key, value)
    map.set(RECORD_KEYS.updatedAt, at)
    if (patch.by) appendHistory(map, patch.by, at, steps)
  }, origin)
}

/**
 * Moves annotations' anchors to the same words elsewhere in the Yjs content (text an undo brought
 * back): one `span` entry each, its `exact` kept. Not a change anyone made to the annotation, so
 * neither `updatedAt` nor the history changes. Records that are gone or invalid are skipped.
 */
export function reanchorAnnotations(ydoc: Y.Doc, moves: ReadonlyArray<{ id: string; start: RelativePositionJSON; end: RelativePositionJSON }>, origin: unknown): void {
  const spans: Array<[Y.Map<unknown>, StoredSpan]> = []
  for (const move of moves) {
    const read = readAnnotation(ydoc, move.id)
    if (read === null || 'invalid' in read) continue
    spans.push([recordMap(ydoc, move.id), { start: anchorToStored(move.start), end: anchorToStored(move.end), exact: read.record.exact }])
  }
  if (spans.length === 0) return
  ydoc.transact(() => {
    for (const [map, span] of spans) map.set(RECORD_KEYS.span, span)
  }, origin)
}

/** Removes an annotation; false when there was none with that id. */
export function deleteAnnotation(ydoc: Y.Doc, id: string, origin: unknown = annotationOrigin): boolean {
  const map = annotationsMap(ydoc)
  if (!map.has(id)) return false
  ydoc.transact(() => map.delete(id), origin)
  return true
}

/**
 * Adds a comment to an annotation's thread (its own `comment.<id>` entry); returns the comment's
 * id. A comment on a resolved thread reopens it: the `thread` entry is set to `open` in the same
 * transaction (so a resolution dated ahead by a wrong clock does not keep the new comment folded).
 */
export function addComment(ydoc: Y.Doc, id: string, author: Person, text: string, origin: unknown = annotationOrigin): string {
  const map = recordMap(ydoc, id)
  const comment = ensure(commentSchema, { id: uuidv4(), author: ensure(personSchema, author, 'author'), text: text.trim(), createdAt: now() }, 'comment')
  const read = readAnnotation(ydoc, id)
  const resolved = read !== null && 'record' in read && threadStatusOf(read.record).state === 'resolved'
  ydoc.transact(() => {
    map.set(commentKey(comment.id), storedComment(comment))
    map.set(RECORD_KEYS.updatedAt, comment.createdAt)
    if (resolved) map.set(RECORD_KEYS.thread, { state: 'open', by: comment.author, at: comment.createdAt })
    appendHistory(map, comment.author, comment.createdAt, [...(resolved ? [{ change: 'reopen-thread' as const }] : []), { change: 'comment', value: comment.text.slice(0, 120) }])
  }, origin)
  return comment.id
}

/**
 * Resolves (`resolved`) or reopens (`open`) an annotation's comment thread as `by`: its `thread`
 * entry, last writer wins, recorded in the history. Throws {@link AnnotationValidationError} when
 * the annotation is invalid or the thread is already in that state (a thread without comments is
 * open and cannot be resolved).
 */
export function setThreadState(ydoc: Y.Doc, id: string, state: ThreadState, by: Person, origin: unknown = annotationOrigin): void {
  const map = recordMap(ydoc, id)
  const read = readAnnotation(ydoc, id)
  if (read === null || 'invalid' in read) throw new AnnotationValidationError(`annotation "${id}" is invalid: ${read === null ? 'missing' : read.invalid.error}`)
  const current = threadStatusOf(read.record)
  if (state === 'resolved' && current.comments === 0) throw new AnnotationValidationError('thread: there are no comments to resolve')
  if (current.state === state) throw new AnnotationValidationError(`thread: the thread is already ${state}`)
  const at = now()
  // A resolution covers every comment the resolver sees, even one dated ahead of their clock.
  const resolvedAt =
    state === 'resolved'
      ? latestOf(
          at,
          read.record.comments.map((comment) => comment.createdAt),
        )
      : at
  const entry = ensure(threadEntrySchema, { state, by: ensure(personSchema, by, 'by'), at: resolvedAt }, 'thread')
  if (threadStatusOf({ ...read.record, thread: entry }).state !== state) throw new AnnotationValidationError(`thread: the thread cannot be ${state} now`)
  ydoc.transact(() => {
    map.set(RECORD_KEYS.thread, entry)
    map.set(RECORD_KEYS.updatedAt, at)
    appendHistory(map, entry.by, at, [{ change: state === 'resolved' ? 'resolve' : 'reopen-thread' }])
  }, origin)
}

/** The latest of ISO times (compared as instants), as written. */
function latestOf(first: string, others: readonly string[]): string {
  let latest = first
  for (const time of others) if (Date.parse(time) > Date.parse(latest)) latest = time
  return latest
}

/** What a new link needs: its type and target; the id, author and time are filled in. */
export interface NewLink {
  type: LinkType
  target: string
}

/**
 * Links annotation `source` to annotation `target` (its own `link.<id>` entry in the source's
 * record); returns the link's id. Throws {@link AnnotationValidationError} when either annotation
 * does not exist, they are the same, the type is unknown, or the source has that link already.
 */
export function addLink(ydoc: Y.Doc, source: string, link: NewLink, author: Person, origin: unknown = annotationOrigin): string {
  const map = recordMap(ydoc, source)
  const read = readAnnotation(ydoc, source)
  if (read === null || 'invalid' in read) throw new AnnotationValidationError(`annotation "${source}" is invalid: ${read === null ? 'missing' : read.invalid.error}`)
  const created = ensure(linkSchema, { id: uuidv4(), type: link.type, target: link.target, createdBy: ensure(personSchema, author, 'author'), createdAt: now() }, 'link')
  if (created.target === source) throw new AnnotationValidationError('link: an annotation cannot link to itself')
  if (!annotationsMap(ydoc).has(created.target)) throw new AnnotationValidationError(`link: annotation "${created.target.slice(0, 100)}" does not exist`)
  if (read.record.links.some((existing) => existing.type === created.type && existing.target === created.target)) {
    throw new AnnotationValidationError(`link: this annotation already has a "${created.type}" link to "${created.target.slice(0, 100)}"`)
  }
  if (SYMMETRIC_LINK_TYPES.has(created.type)) {
    const target = readAnnotation(ydoc, created.target)
    if (target && 'record' in target && target.record.links.some((existing) => existing.type === created.type && existing.target === source)) {
      throw new AnnotationValidationError(`link: "${created.target.slice(0, 100)}" already has a "${created.type}" link to this annotation`)
    }
  }
  ydoc.transact(() => {
    map.set(linkKey(created.id), storedLink(created))
    map.set(RECORD_KEYS.updatedAt, created.createdAt)
    appendHistory(map, created.createdBy, created.createdAt, [{ change: 'link', value: created.type, fields: [created.target] }])
  }, origin)
  return created.id
}

/** Removes link `linkId` of annotation `source` (recorded in its history when `by` is given); false when there is no such link. */
export function removeLink(ydoc: Y.Doc, source: string, linkId: string, by?: Person, origin: unknown = annotationOrigin): boolean {
  const map = annotationsMap(ydoc).get(source)
  if (!(map instanceof Y.Map) || !map.has(linkKey(linkId))) return false
  const removed = storedLinkSchemaOf(map.get(linkKey(linkId)))
  const at = now()
  ydoc.transact(() => {
    map.delete(linkKey(linkId))
    map.set(RECORD_KEYS.updatedAt, at)
    if (by) appendHistory(map, by, at, [{ change: 'unlink', ...(removed ? { value: removed.type, fields: [removed.target] } : {}) }])
  }, origin)
  return true
}

/** A stored link's type and target, or null when the entry is not a valid link. */
function storedLinkSchemaOf(value: unknown): Pick<AnnotationLink, 'type' | 'target'> | null {
  const parsed = linkSchema.omit({ id: true }).safeParse(value)
  return parsed.success ? parsed.data : null
}

/**
 * Changes an annotation's type (its `type` entry, last writer wins), recorded in its history as
 * done by `by`. The attributes the new type has are kept; the others are set aside, not deleted,
 * and come back if the type is changed back.
 */
export function changeType(ydoc: Y.Doc, id: string, type: AnnotationType, by: Person, origin: unknown = annotationOrigin): void {
  const map = recordMap(ydoc, id)
  const read = readAnnotation(ydoc, id)
  if (read === null || 'invalid' in read) throw new AnnotationValidationError(`annotation "${id}" is invalid: ${read === null ? 'missing' : read.invalid.error}`)
  const next = ensure(annotationTypeSchema, type, 'type')
  if (read.record.type === next) return
  const at = now()
  ydoc.transact(() => {
    map.set(RECORD_KEYS.type, next)
    map.set(RECORD_KEYS.updatedAt, at)
    appendHistory(map, by, at, [{ change: 'type', value: next }])
  }, origin)
}

/** The claim record `id`, read and valid; throws {@link AnnotationValidationError} otherwise. */
function claimRecord(ydoc: Y.Doc, id: string): { map: Y.Map<unknown>; record: AnnotationRecord & { type: 'claim' } } {
  const map = recordMap(ydoc, id)
  const read = readAnnotation(ydoc, id)
  if (read === null || 'invalid' in read) throw new AnnotationValidationError(`annotation "${id}" is invalid: ${read === null ? 'missing' : read.invalid.error}`)
  if (read.record.type !== 'claim') throw new AnnotationValidationError(`annotation "${id}" is a ${read.record.type}: only claims are reviewed`)
  return { map, record: read.record }
}

/**
 * Assigns a claim to a person (or to nobody with null): its `assignee` entry, last writer wins.
 * Recorded in the history as done by `by`.
 */
export function setAssignee(ydoc: Y.Doc, id: string, assignee: Person | null, by: Person, origin: unknown = annotationOrigin): void {
  const { map, record } = claimRecord(ydoc, id)
  const next = assignee === null ? null : ensure(personSchema, assignee, 'assignee')
  if ((record.assignee?.id ?? null) === (next?.id ?? null)) return
  const at = now()
  ydoc.transact(() => {
    map.set(RECORD_KEYS.assignee, next)
    map.set(RECORD_KEYS.updatedAt, at)
    appendHistory(map, by, at, [{ change: 'assign', value: next?.name ?? '' }])
  }, origin)
}

/**
 * Signs off (`approved`) or sends back (`reopened`) a claim's current review: its `status` entry,
 * naming the review by its `reviewedAt`. Throws {@link AnnotationValidationError} when the claim
 * has no review, or when the reviewer tries to approve their own review.
 */
export function setReviewStatus(ydoc: Y.Doc, id: string, state: ReviewStatusEntry['state'], by: Person, origin: unknown = annotationOrigin): void {
  const { map, record } = claimRecord(ydoc, id)
  const { verdict, reviewedAt, reviewedBy } = record.attrs
  if (!verdict || verdict === 'unreviewed' || !reviewedAt || !reviewedBy) throw new AnnotationValidationError('status: the claim has no review yet (give it a verdict first)')
  const person = ensure(personSchema, by, 'by')
  if (state === 'approved' && reviewedBy.id === person.id) throw new AnnotationValidationError('status: the reviewer cannot approve their own review: a second person signs it off')
  const at = now()
  const entry = ensure(reviewStatusEntrySchema, { state, by: person, at, reviewedAt }, 'status')
  ydoc.transact(() => {
    map.set(RECORD_KEYS.status, entry)
    map.set(RECORD_KEYS.updatedAt, at)
    appendHistory(map, person, at, [{ change: state === 'approved' ? 'approve' : 'reopen', value: verdict }])
  }, origin)
}

/** The last read of each record map: its entries (keys, and values compared by identity) and what they read as. */
const readCache = new WeakMap<Y.Map<unknown>, { entries: Array<[string, unknown]>; read: { record: AnnotationRecord } | { invalid: InvalidAnnotation } }>()

/**
 * A record's entries as plain values, without recursing into anything a rogue client nested: every
 * entry must be a plain value within the shape limits (checked iteratively) before a schema walks it.
 */
function plainEntries(map: Y.Map<unknown>): { entries: Array<[string, unknown]>; kept: Array<[string, unknown]> } | { error: string } {
  const entries: Array<[string, unknown]> = []
  const kept: Array<[string, unknown]> = []
  for (const [key, value] of map.entries()) {
    entries.push([key, value])
    const problem = value instanceof Y.AbstractType ? 'must be a plain value' : jsonValueProblem(value)
    if (problem === null) kept.push([key, value])
    // An entry readers leave out when it does not validate (a link, a history step, the workflow and
    // thread entries) is left out when it is outside the limits too: it never hides the record.
    else if (!isOptionalEntry(key)) return { error: `${key.slice(0, 60)}: ${problem}` }
  }
  return { entries, kept }
}

/** Whether a map holds the same entries: the keys too, as an entry replaced by another with an equal primitive value keeps the values alike. */
function sameEntries(cached: Array<[string, unknown]>, map: Y.Map<unknown>): boolean {
  if (cached.length !== map.size) return false
  let index = 0
  for (const [key, value] of map.entries()) {
    const [cachedKey, cachedValue] = cached[index++]
    if (cachedKey !== key || cachedValue !== value) return false
  }
  return true
}

/**
 * One record of the `annotations` map, read and validated: null when there is no such key. A
 * record map whose entries have not changed since it was last read is not validated again.
 */
export function readAnnotation(ydoc: Y.Doc, id: string): { record: AnnotationRecord } | { invalid: InvalidAnnotation } | null {
  const value = annotationsMap(ydoc).get(id)
  if (value === undefined) return null
  if (!(value instanceof Y.Map)) return { invalid: { id, error: 'record: must be a Y.Map' } }
  const cached = readCache.get(value)
  if (cached && sameEntries(cached.entries, value)) return cached.read
  const plain = plainEntries(value)
  let read: { record: AnnotationRecord } | { invalid: InvalidAnnotation }
  if ('error' in plain) read = { invalid: { id, error: plain.error } }
  else {
    const assembled = assembleRecord(id, plain.kept)
    read = 'error' in assembled ? { invalid: { id, error: assembled.error } } : assembled
  }
  readCache.set(value, { entries: 'entries' in plain ? plain.entries : [...value.entries()], read })
  return read
}

/**
 * Reads and validates every record. Malformed ones (from a rogue or outdated client) come back
 * in `invalid` with a message naming the field; they never throw.
 */
export function readAnnotations(ydoc: Y.Doc): { records: AnnotationRecord[]; invalid: InvalidAnnotation[] } {
  const records: AnnotationRecord[] = []
  const invalid: InvalidAnnotation[] = []
  for (const id of annotationsMap(ydoc).keys()) {
    const read = readAnnotation(ydoc, id)
    if (read === null) continue
    if ('record' in read) records.push(read.record)
    else invalid.push(read.invalid)
  }
  return { records, invalid }
}
