import '../model/zod-setup'
import { z } from 'zod'
import { docIdSchema } from '../model/doc-id'
import { sourceMetadataSchema } from '../model/document-source'

/** One entry of content/documents.json: a document the collab server creates on first start. */
export const seedEntrySchema = z.object({
  id: docIdSchema,
  title: z.string().min(1),
  /** Where the text comes from: written into the new document's `meta` (its `source.*` entries). */
  source: sourceMetadataSchema.optional(),
  file: z.string().regex(/^[\w.-]+\.txt$/, 'file must be a .txt file name inside content/'),
})
export const seedManifestSchema = z.array(seedEntrySchema)
export type SeedEntry = z.infer<typeof seedEntrySchema>
