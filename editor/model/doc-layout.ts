import './zod-setup'
import { z } from 'zod'
import { attrsSchemaByType } from './annotation'

/**
 * The layout of a shared Spanwise Y.Doc — the versioned contract in docs/data-model.md.
 * Third-party Yjs clients read a document by these names alone.
 */
export const DATA_MODEL_VERSION = 2

/**
 * The revision of data model 2 this code reads and writes (4: revision 2.4), sent as the websocket
 * URL's `revision`. Revision 2.4 adds the suggestion marks, which an editor of an earlier revision
 * cannot show: y-prosemirror then deletes the whole block from the shared document. So the server
 * turns away (4410) a client naming its copy of the document with an older revision.
 */
export const DATA_MODEL_REVISION = 4
/** The oldest revision of a client the server lets edit a document it names a copy of. */
export const MIN_CLIENT_REVISION = 4

/** Y.XmlFragment holding the ProseMirror content (y-prosemirror's layout). */
export const CONTENT_FRAGMENT = 'prosemirror'
/** Y.Map of stand-off annotation records, keyed by annotation id; each record is a Y.Map (see RECORD_KEYS). */
export const ANNOTATIONS_MAP = 'annotations'
/** Y.Map of document metadata (see {@link docMetaSchema}). */
export const META_MAP = 'meta'
/** Y.Map of who suggested each suggestion in the text, keyed by suggestion id (data model 2.4). */
export const SUGGESTIONS_MAP = 'suggestions'

/** Every attribute name of some annotation type: the names `attr.<name>` entries may have. */
const ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(Object.values(attrsSchemaByType).flatMap((schema) => Object.keys(schema.shape)))

/** Whether some annotation type has an attribute `name`. */
export const isAttributeName = (name: string): boolean => ATTRIBUTE_NAMES.has(name)

/**
 * The entries of a v2 record's Y.Map. `base` is the record as created, written once; every other
 * entry overrides one part of it and is last-writer-wins on its own, so concurrent changes of
 * different parts merge (docs/data-model.md, "Merge rules").
 */
export const RECORD_KEYS = {
  /** The record as created: `{type, start, end, exact, attrs, note?, createdBy, createdAt}`. Never rewritten. */
  base: 'base',
  /** `{start, end, exact}`: the span, moved or re-attached (replaces the base's three). */
  span: 'span',
  /** The note (replaces the base's). */
  note: 'note',
  /** When the record last changed (ISO date-time). */
  updatedAt: 'updatedAt',
  /** `attr.<key>`: one attribute, or `null` when it was removed (overrides `base.attrs[key]`). */
  attrPrefix: 'attr.',
  /** `comment.<comment id>`: one comment `{author, text, createdAt}` of the thread. */
  commentPrefix: 'comment.',
  /** `link.<link id>`: one typed link `{type, target, createdBy, createdAt}` to another annotation. */
  linkPrefix: 'link.',
  /** `{name, id}` or `null`: who is checking a claim. */
  assignee: 'assignee',
  /** `{state: "approved" | "reopened", by, at, reviewedAt}`: a sign-off or a review sent back. */
  status: 'status',
  /** `"event" | "quote" | "claim"`: the type, changed after the record was made (replaces the base's). */
  type: 'type',
  /** `history.<entry id>`: one step `{by, at, change, fields?, value?}` of the annotation's history. */
  historyPrefix: 'history.',
  /** `{state: "resolved" | "open", by, at}`: the comment thread resolved or reopened (data model 2.3). */
  thread: 'thread',
} as const

/** The longest annotation or comment id (characters). */
export const MAX_ID_CHARS = 100

const SINGLE_ENTRY_KEYS: ReadonlySet<string> = new Set([
  RECORD_KEYS.base,
  RECORD_KEYS.span,
  RECORD_KEYS.note,
  RECORD_KEYS.updatedAt,
  RECORD_KEYS.type,
  RECORD_KEYS.assignee,
  RECORD_KEYS.status,
  RECORD_KEYS.thread,
])

/**
 * Whether `key` may be an entry of a record's Y.Map (what the collab server lets anyone write):
 * `base`, `span`, `note`, `updatedAt`, `type`, `assignee`, `status`, `thread`, `attr.<name>` for an attribute some
 * annotation type has, and `comment.<id>`, `link.<id>` and `history.<id>` with an id of 1–100 characters.
 */
export function isRecordKey(key: string): boolean {
  if (SINGLE_ENTRY_KEYS.has(key)) return true
  if (key.startsWith(RECORD_KEYS.attrPrefix)) return isAttributeName(key.slice(RECORD_KEYS.attrPrefix.length))
  for (const prefix of [RECORD_KEYS.commentPrefix, RECORD_KEYS.linkPrefix, RECORD_KEYS.historyPrefix]) {
    if (!key.startsWith(prefix)) continue
    const id = key.length - prefix.length
    return id > 0 && id <= MAX_ID_CHARS
  }
  return false
}

/** The values of the `meta` Y.Map. */
export const docMetaSchema = z.object({
  title: z.string().min(1).max(300),
  createdAt: z.string().datetime(),
  schemaVersion: z.number().int().positive(),
})

export type DocMeta = z.infer<typeof docMetaSchema>
