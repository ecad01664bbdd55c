import { uuidv4 } from 'lib0/random'
import * as Y from 'yjs'
import {
  annotationRecordSchema,
  AnnotationValidationError,
  commentSchema,
  describeRecordIssues,
  noteSchema,
  parseAttrs,
  personSchema,
  relativePositionJSONSchema,
  type AnnotationComment,
  type AnnotationRecord,
  type AnnotationType,
  type Person,
  type RelativePositionJSON,
} from './annotation'
import { ANNOTATIONS_MAP, COMMENTS_FIELD } from './doc-layout'
import { jsonValueProblem } from './shape-limits'

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
}

/** The fields an edit may change. `attrs` replaces the attributes as a whole, validated. */
export interface AnnotationPatch {
  attrs?: unknown
  note?: string
  start?: RelativePositionJSON
  end?: RelativePositionJSON
  exact?: string
}

const now = () => new Date().toISOString()

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
 * Writes a new annotation record (a nested Y.Map, `comments` a Y.Array) in one transaction.
 * Throws {@link AnnotationValidationError} naming the field when the input is invalid.
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
    ...(input.note ? { note: input.note } : {}),
    createdBy: input.createdBy,
    createdAt: input.createdAt ?? timestamp,
    updatedAt: input.updatedAt ?? input.createdAt ?? timestamp,
    comments,
  }
  const record = ensure(annotationRecordSchema, candidate, 'annotation')
  if (annotationsMap(ydoc).has(id)) throw new AnnotationValidationError(`annotation "${id}" already exists`)
  ydoc.transact(() => {
    const map = new Y.Map<unknown>()
    for (const [key, value] of Object.entries(record)) if (key !== 'comments') map.set(key, value)
    const thread = new Y.Array<unknown>()
    thread.push(record.comments)
    map.set('comments', thread)
    annotationsMap(ydoc).set(id, map)
  }, origin)
  return id
}

/** Changes some fields of an annotation; each field is its own map entry, so edits merge. */
export function updateAnnotation(ydoc: Y.Doc, id: string, patch: AnnotationPatch, origin: unknown = annotationOrigin): void {
  const map = recordMap(ydoc, id)
  const type = map.get('type') as AnnotationType
  const changes: Array<[string, unknown]> = []
  if (patch.attrs !== undefined) changes.push(['attrs', parseAttrs(type, patch.attrs)])
  if (patch.note !== undefined) changes.push(['note', ensure(noteSchema, patch.note, 'note')])
  if (patch.start !== undefined) changes.push(['start', ensure(relativePositionJSONSchema, patch.start, 'start')])
  if (patch.end !== undefined) changes.push(['end', ensure(relativePositionJSONSchema, patch.end, 'end')])
  if (patch.exact !== undefined) changes.push(['exact', patch.exact])
  if (changes.length === 0) return
  ydoc.transact(() => {
    for (const [key, value] of changes) map.set(key, value)
    map.set('updatedAt', now())
  }, origin)
}

/** Removes an annotation; false when there was none with that id. */
export function deleteAnnotation(ydoc: Y.Doc, id: string, origin: unknown = annotationOrigin): boolean {
  const map = annotationsMap(ydoc)
  if (!map.has(id)) return false
  ydoc.transact(() => map.delete(id), origin)
  return true
}

/** Appends a comment to an annotation's thread; returns the comment's id. */
export function addComment(ydoc: Y.Doc, id: string, author: Person, text: string, origin: unknown = annotationOrigin): string {
  const map = recordMap(ydoc, id)
  const comments = map.get('comments')
  if (!(comments instanceof Y.Array)) throw new AnnotationValidationError(`annotation "${id}" has no comment thread`)
  const comment = ensure(commentSchema, { id: uuidv4(), author: ensure(personSchema, author, 'author'), text: text.trim(), createdAt: now() }, 'comment')
  ydoc.transact(() => {
    comments.push([comment])
    map.set('updatedAt', comment.createdAt)
  }, origin)
  return comment.id
}

/**
 * A record's fields as plain values, without recursing into anything a rogue client nested: only
 * `comments` may be a shared type (a Y.Array of plain values), and every plain value must be within
 * the shape limits (checked iteratively) before a schema walks it.
 */
function plainRecord(map: Y.Map<unknown>): { fields: Record<string, unknown> } | { error: string } {
  const fields: Record<string, unknown> = {}
  for (const [key, value] of map.entries()) {
    const name = key.slice(0, 40)
    const plain = key === COMMENTS_FIELD && value instanceof Y.Array ? value.toArray() : value
    if (plain instanceof Y.AbstractType) return { error: `${name}: must be ${key === COMMENTS_FIELD ? 'a Y.Array' : 'a plain value'}` }
    if (Array.isArray(plain) && key === COMMENTS_FIELD && plain.some((comment) => comment instanceof Y.AbstractType)) return { error: `${name}: must hold plain values` }
    const problem = jsonValueProblem(plain)
    if (problem) return { error: `${name}: ${problem}` }
    fields[key] = plain
  }
  return { fields }
}

/** One record of the `annotations` map, read and validated: null when there is no such key. */
export function readAnnotation(ydoc: Y.Doc, id: string): { record: AnnotationRecord } | { invalid: InvalidAnnotation } | null {
  const value = annotationsMap(ydoc).get(id)
  if (value === undefined) return null
  if (!(value instanceof Y.Map)) return { invalid: { id, error: 'record: must be a Y.Map' } }
  const plain = plainRecord(value)
  if ('error' in plain) return { invalid: { id, error: plain.error } }
  const parsed = annotationRecordSchema.safeParse(plain.fields)
  if (!parsed.success) return { invalid: { id, error: describeRecordIssues(parsed.error) } }
  if (parsed.data.id !== id) return { invalid: { id, error: `id: must equal the map key "${id}"` } }
  return { record: parsed.data }
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
