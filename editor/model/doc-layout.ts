import './zod-setup'
import { z } from 'zod'

/**
 * The layout of a shared Spanwise Y.Doc — the versioned contract in docs/data-model.md.
 * Third-party Yjs clients read a document by these names alone.
 */
export const DATA_MODEL_VERSION = 1

/** Y.XmlFragment holding the ProseMirror content (y-prosemirror's layout). */
export const CONTENT_FRAGMENT = 'prosemirror'
/** Y.Map of stand-off annotation records, keyed by annotation id. */
export const ANNOTATIONS_MAP = 'annotations'
/** The keys of an annotation record's Y.Map (docs/data-model.md); nothing else may be written. */
export const ANNOTATION_RECORD_FIELDS: readonly string[] = ['id', 'type', 'start', 'end', 'exact', 'attrs', 'note', 'createdBy', 'createdAt', 'updatedAt', 'comments']
/** The record field holding the comment thread, a Y.Array of plain comment objects. */
export const COMMENTS_FIELD = 'comments'
/** Y.Map of document metadata (see {@link docMetaSchema}). */
export const META_MAP = 'meta'

/** The values of the `meta` Y.Map. */
export const docMetaSchema = z.object({
  title: z.string().min(1).max(300),
  createdAt: z.string().datetime(),
  schemaVersion: z.number().int().positive(),
})

export type DocMeta = z.infer<typeof docMetaSchema>
