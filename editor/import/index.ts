import '../model/zod-setup'
import type { Node as PMNode } from 'prosemirror-model'
import { z } from 'zod'
import { schema } from '../schema'
import type { HtmlDocumentParser } from './html'
import { importHtml } from './html'
import { importMarkdown } from './markdown'
import { importPlainText } from './plain-text'
import { encodeInitialDocument, type InitialMeta } from '../yjs/document-content'
import { sourceMetadataSchema, type DocumentDetails } from '../model/document-source'
import { ImportFormatError, type AnnotatedSource } from './annotated/annotated-source'
import { importBrat } from './annotated/brat'
import { encodeAnnotatedDocument, type ImportReport } from './annotated/build-document'
import { importNativeJson } from './annotated/native-json'
import { importW3c } from './annotated/w3c'

export { ImportFormatError, type ImportReport }

/**
 * Source formats a new document can be created from: text formats (`blank`, `txt`, `md`,
 * `html`) and annotated formats (`json`: Spanwise native export, `w3c`: Web Annotation collection,
 * `brat`: `.ann` with its `.txt`).
 */
export const SOURCE_FORMATS = ['blank', 'txt', 'md', 'html', 'json', 'w3c', 'brat'] as const
export type SourceFormat = (typeof SOURCE_FORMATS)[number]

/** Largest source accepted for a new document, in UTF-16 code units (about 5 MB of text). */
export const MAX_SOURCE_LENGTH = 5_000_000

/** A request to create a document from a source text; validated at every boundary. */
export const documentSourceSchema = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(300, 'title is longer than 300 characters'),
  format: z.enum(SOURCE_FORMATS),
  source: z.string().max(MAX_SOURCE_LENGTH, `source is longer than ${MAX_SOURCE_LENGTH} characters`).default(''),
  /** The document text that goes with an annotation file: brat's `.txt`, or a W3C collection's text. */
  text: z.string().max(MAX_SOURCE_LENGTH, `text is longer than ${MAX_SOURCE_LENGTH} characters`).optional(),
  /** brat only: the export's `.ids.tsv`, so annotations and links keep their Spanwise ids. */
  ids: z.string().max(MAX_SOURCE_LENGTH, `ids is longer than ${MAX_SOURCE_LENGTH} characters`).optional(),
  /** Where the document comes from (URL, publisher, authors, date, language); each field given replaces the one an export carries. */
  sourceMetadata: sourceMetadataSchema.optional(),
})
export type DocumentSource = z.infer<typeof documentSourceSchema>

/** Picks the source format from a file name's extension; null when it is not one we import. */
export function formatFromFileName(fileName: string): Exclude<SourceFormat, 'blank'> | null {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase()
  if (extension === 'txt' || extension === 'text') return 'txt'
  if (extension === 'md' || extension === 'markdown') return 'md'
  if (extension === 'html' || extension === 'htm') return 'html'
  if (extension === 'json') return 'json'
  if (extension === 'jsonld') return 'w3c'
  if (extension === 'ann' || extension === 'zip') return 'brat'
  return null
}

/**
 * The title an annotated file carries — a native JSON export's `document.title`, a W3C
 * collection's `spanwise:document` title or `label` — trimmed, when it is one a document may have
 * (1–300 characters); null for other formats, files without one, and files that do not parse (the
 * import itself reports those). Importing a Spanwise export without naming the document keeps
 * its title this way.
 */
export function embeddedTitle(format: string, source: string): string | null {
  if (format !== 'json' && format !== 'w3c') return null
  let parsed: unknown
  try {
    parsed = JSON.parse(source)
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null) return null
  const file = parsed as { document?: { title?: unknown }; 'spanwise:document'?: { title?: unknown }; label?: unknown }
  const candidates = format === 'json' ? [file.document?.title] : [file['spanwise:document']?.title, file.label]
  for (const candidate of candidates) {
    const title = documentSourceSchema.shape.title.safeParse(candidate)
    if (title.success) return title.data
  }
  return null
}

/** A new document's initial Yjs state, and for annotated formats what happened to each annotation. */
export interface InitialState {
  update: Uint8Array
  report: ImportReport | null
}

/** The details of a new document: the file's own (a Spanwise export's), each source field the request gives replacing the file's. */
function detailsOf(input: DocumentSource, embedded: Partial<DocumentDetails> = {}): DocumentDetails {
  return { source: { ...embedded.source, ...input.sourceMetadata }, factcheck: { ...embedded.factcheck } }
}

/**
 * Builds the initial Yjs state of a new document from a validated source: text formats become
 * content only; annotated formats bring their annotations, anchored by offsets or re-anchored by
 * quote (see ImportReport), and a Spanwise export its source and fact-check settings. Throws
 * ImportFormatError naming the line or field of a malformed file.
 */
export function buildInitialState(input: DocumentSource, parseHtml: HtmlDocumentParser, meta: Omit<InitialMeta, 'details'>): InitialState {
  const annotated = (source: AnnotatedSource) => encodeAnnotatedDocument(source, { ...meta, details: detailsOf(input, source.details) })
  switch (input.format) {
    case 'json':
      return annotated(importNativeJson(input.source))
    case 'w3c':
      return annotated(importW3c(input.source, input.text))
    case 'brat':
      if (input.text === undefined) throw new ImportFormatError('text: the brat .txt file is required with its .ann')
      return annotated(importBrat(input.text, input.source, input.ids))
    default:
      return { update: encodeInitialDocument(importSource(input, parseHtml), { ...meta, details: detailsOf(input) }), report: null }
  }
}

/** Converts a validated text source (blank, txt, md, html) into the document's ProseMirror content. */
export function importSource(input: DocumentSource, parseHtml: HtmlDocumentParser): PMNode {
  switch (input.format) {
    case 'blank':
      return schema.nodes.doc.create(null, [schema.nodes.heading.create({ level: 1 }, schema.text(input.title)), schema.nodes.paragraph.create()])
    case 'txt':
      return importPlainText(input.source)
    case 'md':
      return importMarkdown(input.source, parseHtml)
    case 'html':
      return importHtml(input.source, parseHtml)
    default:
      throw new ImportFormatError(`format: "${input.format}" is an annotated format; use buildInitialState`)
  }
}
