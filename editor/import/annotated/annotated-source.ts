import type { AnnotationComment, AnnotationLink, AnnotationType, HistoryEntry, Person, ReviewStatusEntry, ThreadEntry } from '../../model/annotation'
import type { DocumentDetails } from '../../model/document-source'

/** A text block of an imported text, by UTF-16 offsets into the text. */
export interface SourceBlock {
  type: 'paragraph' | 'heading'
  level?: number
  start: number
  end: number
}

/** An annotation read from an import file; offsets are UTF-16 offsets into the source text. */
export interface SourceAnnotation {
  id?: string
  type: AnnotationType
  attrs?: unknown
  note?: string
  createdBy?: Person
  createdAt?: string
  updatedAt?: string
  comments?: AnnotationComment[]
  /** Links to other annotations of the file, by their ids. */
  links?: AnnotationLink[]
  /** A claim's review workflow, as a Spanwise export carries it. */
  assignee?: Person | null
  reviewStatus?: ReviewStatusEntry
  history?: HistoryEntry[]
  /** The comment thread resolved or reopened (data model 2.3). */
  thread?: ThreadEntry
  /** Null when the file has no position (a detached annotation or a quote-only selector). */
  start: number | null
  end: number | null
  exact: string
  prefix?: string
  suffix?: string
}

/** What every annotation importer produces: plain text (docs/data-model.md convention) and annotations. */
export interface AnnotatedSource {
  title?: string
  /** The source and fact-check settings a Spanwise export carries (fields that do not validate left out). */
  details?: DocumentDetails
  text: string
  /** Block layout; when absent, blocks are the text split at blank lines. */
  blocks?: SourceBlock[]
  annotations: SourceAnnotation[]
}

/** A malformed import file; the message names the line or field. */
export class ImportFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportFormatError'
  }
}
