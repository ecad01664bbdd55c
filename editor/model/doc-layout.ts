import './zod-setup'
import { z } from 'zod'

/**
 * The layout of a shared Spanwise Y.Doc — the versioned contract in docs/data-model.md.
 * Third-party Yjs clients read a document by these names alone.
 */
export const DATA_MODEL_VERSION = 2

/** Y.XmlFragment holding the ProseMirror content (y-prosemirror's layout). */
export const CONTENT_FRAGMENT = 'prosemirror'
/** Y.Map of stand-off annotation records, keyed by annotation id; each record is a Y.Map (see RECORD_KEYS). */
export const ANNOTATIONS_MAP = 'annotations'
/** Y.Map of document metadata (see {@link docMetaSchema}). */
export const META_MAP = 'meta'

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
} as const

/** Whether `key` may be an entry of a record's Y.Map (what the collab server lets anyone write). */
export function isRecordKey(key: string): boolean {
  if (key === RECORD_KEYS.base || key === RECORD_KEYS.span || key === RECORD_KEYS.note || key === RECORD_KEYS.updatedAt) return true
  for (const prefix of [RECORD_KEYS.attrPrefix, RECORD_KEYS.commentPrefix]) {
    if (key.startsWith(prefix) && key.length > prefix.length) return true
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
