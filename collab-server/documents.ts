import type { Node as PMNode } from 'prosemirror-model'
import { z } from 'zod'
import { buildInitialState, documentSourceSchema, type ImportReport } from '../editor/import'
import type { HtmlDocumentParser } from '../editor/import/html'
import { describeIssues } from '../editor/model/describe-issues'
import { docIdSchema, generateDocId } from '../editor/model/doc-id'
import type { DocumentDetails } from '../editor/model/document-source'
import { encodeInitialDocument } from '../editor/yjs/document-content'
import type { CreateDocumentResult, DocumentExistsError, DocumentRecord, DocumentStore } from './persistence/document-store'

/** The body of `POST /api/docs`: a document source plus an optional id. */
const createDocumentRequestSchema = documentSourceSchema.extend({ id: docIdSchema.optional() })

/** A create request was invalid; the message names the field. */
export class DocumentInputError extends Error {
  override readonly name = 'DocumentInputError'

  constructor(message: string) {
    super(message)
  }
}

/** The outcome of {@link createDocument}. */
export type CreateDocumentOutcome =
  { readonly ok: true; readonly document: DocumentRecord; readonly report: ImportReport | null } | { readonly ok: false; readonly error: DocumentInputError | DocumentExistsError }

/** Options for {@link createDocument}; defaults use the clock and a random id suffix. */
export interface CreateDocumentOptions {
  readonly now?: () => Date
  readonly newId?: (title: string) => string
}

/** A generated id that collides is regenerated this many times in all. */
const GENERATED_ID_ATTEMPTS = 3

/**
 * Stores a new document with its initial content: the one place that writes a document's
 * initial Yjs state, exactly once. Resolves `{ ok: false }` when the id already exists.
 */
export async function insertDocument(
  store: DocumentStore,
  document: { id: string; title: string; content: PMNode; createdAt: string; details?: Partial<DocumentDetails> },
): Promise<CreateDocumentResult> {
  const { id, title, content, createdAt, details } = document
  const initialUpdate = encodeInitialDocument(content, { title, createdAt, details })
  return store.createDocument({ id, title, createdAt, initialUpdate })
}

let htmlParser: Promise<HtmlDocumentParser> | null = null

/** linkedom (about 24 MB of memory) is loaded by the first HTML or Markdown import, not at start. */
function loadHtmlParser(): Promise<HtmlDocumentParser> {
  htmlParser ??= import('../editor/import/node-html-parser').then((module) => module.nodeHtmlParser)
  return htmlParser
}

const noHtmlParser: HtmlDocumentParser = () => {
  throw new Error('this format has no HTML to parse')
}

async function importContent(
  input: z.infer<typeof createDocumentRequestSchema>,
  createdAt: string,
): Promise<{ ok: true; update: Uint8Array; report: ImportReport | null } | { ok: false; error: DocumentInputError }> {
  try {
    const parseHtml = input.format === 'html' || input.format === 'md' ? await loadHtmlParser() : noHtmlParser
    return { ok: true, ...buildInitialState(input, parseHtml, { title: input.title, createdAt }) }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    return { ok: false, error: new DocumentInputError(`source: could not be imported (${detail})`) }
  }
}

/**
 * Creates a document from an untrusted request: validates it, imports the source, and stores
 * it. Without an id, generates one from the title (retrying on the unlikely collision).
 * Resolves a {@link DocumentInputError} for invalid input and a `DocumentExistsError` when a
 * given id is taken; rejects only on storage failures.
 */
export async function createDocument(store: DocumentStore, request: unknown, options: CreateDocumentOptions = {}): Promise<CreateDocumentOutcome> {
  const parsed = createDocumentRequestSchema.safeParse(request)
  if (!parsed.success) return { ok: false, error: new DocumentInputError(describeIssues(parsed.error)) }
  const createdAt = (options.now ?? (() => new Date()))().toISOString()
  const imported = await importContent(parsed.data, createdAt)
  if (!imported.ok) return imported
  const { title, id: requestedId } = parsed.data
  const newId = options.newId ?? generateDocId
  const insert = async (id: string): Promise<CreateDocumentOutcome> => {
    const result = await store.createDocument({ id, title, createdAt, initialUpdate: imported.update })
    return result.ok ? { ...result, report: imported.report } : result
  }
  let result = await insert(requestedId ?? newId(title))
  for (let attempt = 1; !result.ok && requestedId === undefined && attempt < GENERATED_ID_ATTEMPTS; attempt++) {
    result = await insert(newId(title))
  }
  return result
}
