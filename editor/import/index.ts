import type { Node as PMNode } from 'prosemirror-model'
import { z } from 'zod'
import { schema } from '../schema'
import type { HtmlDocumentParser } from './html'
import { importHtml } from './html'
import { importMarkdown } from './markdown'
import { importPlainText } from './plain-text'

/** Source formats a new document can be created from. */
export const SOURCE_FORMATS = ['blank', 'txt', 'md', 'html'] as const
export type SourceFormat = (typeof SOURCE_FORMATS)[number]

/** Largest source accepted for a new document, in UTF-16 code units (about 5 MB of text). */
export const MAX_SOURCE_LENGTH = 5_000_000

/** A request to create a document from a source text; validated at every boundary. */
export const documentSourceSchema = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(300, 'title is longer than 300 characters'),
  format: z.enum(SOURCE_FORMATS),
  source: z.string().max(MAX_SOURCE_LENGTH, `source is longer than ${MAX_SOURCE_LENGTH} characters`).default(''),
})
export type DocumentSource = z.infer<typeof documentSourceSchema>

/** Picks the source format from a file name's extension; null when it is not one we import. */
export function formatFromFileName(fileName: string): Exclude<SourceFormat, 'blank'> | null {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase()
  if (extension === 'txt' || extension === 'text') return 'txt'
  if (extension === 'md' || extension === 'markdown') return 'md'
  if (extension === 'html' || extension === 'htm') return 'html'
  return null
}

/** Converts a validated source into the document's ProseMirror content. */
export function importSource(input: DocumentSource, parseHtml: HtmlDocumentParser): PMNode {
  switch (input.format) {
    case 'blank':
      return schema.nodes.doc.create(null, [
        schema.nodes.heading.create({ level: 1 }, schema.text(input.title)),
        schema.nodes.paragraph.create(),
      ])
    case 'txt':
      return importPlainText(input.source)
    case 'md':
      return importMarkdown(input.source, parseHtml)
    case 'html':
      return importHtml(input.source, parseHtml)
  }
}
