import * as Y from 'yjs'
import { generateDocId } from '../../editor/model/doc-id'
import { META_MAP } from '../../editor/model/doc-layout'
import { restoredTitle } from '../../editor/model/versions'
import { readMeta } from '../../editor/yjs/document-content'
import type { CreateDocumentOptions } from '../documents'
import type { CreateDocumentResult, DocumentRecord, DocumentStore } from '../persistence/document-store'

/** The outcome of {@link restoreVersion}: the new document, or why there is none. */
export type RestoreOutcome =
  { readonly ok: true; readonly document: DocumentRecord } | { readonly ok: false; readonly reason: 'not-found' | 'id-taken' | 'too-large'; readonly message: string }

/** A generated id that collides is regenerated this many times in all (as for `POST /api/docs`). */
const GENERATED_ID_ATTEMPTS = 3

/**
 * The initial update of a document restored from a version's `state`: the version's text,
 * annotations and details as they were, with the new document's `title` and `createdAt` in
 * `meta` (written in one transaction, as the server writes a new document's `meta`).
 */
function restoredInitialUpdate(state: Uint8Array, meta: { title: string; createdAt: string }): Uint8Array {
  const ydoc = new Y.Doc()
  try {
    Y.applyUpdate(ydoc, state)
    ydoc.transact(() => {
      const metaMap = ydoc.getMap(META_MAP)
      metaMap.set('title', meta.title)
      metaMap.set('createdAt', meta.createdAt)
    }, 'spanwise:restore')
    return Y.encodeStateAsUpdate(ydoc)
  } finally {
    ydoc.destroy()
  }
}

/** The title the version's own `meta` had, else `fallback`. */
function versionTitle(state: Uint8Array, fallback: string): string {
  const ydoc = new Y.Doc()
  try {
    Y.applyUpdate(ydoc, state)
    return readMeta(ydoc)?.title ?? fallback
  } finally {
    ydoc.destroy()
  }
}

/**
 * Creates a new document from version `number` of `docId`, under a new id (generated from the
 * title, as `POST /api/docs` does); the original document and its versions are not touched. The
 * title is `title` when given, else the version's title with "(version n)". Resolves
 * `not-found` when there is no such version, `too-large` when the new document's state (the
 * version's with the new `meta`) is over `maxBytes` (the document size quota); rejects only on
 * storage failures.
 */
export async function restoreVersion(
  store: DocumentStore,
  docId: string,
  number: number,
  request: { title?: string },
  options: CreateDocumentOptions = {},
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<RestoreOutcome> {
  const [document, version] = await Promise.all([store.getDocument(docId), store.getVersion(docId, number)])
  if (!document || !version) return { ok: false, reason: 'not-found', message: `version ${number} of document ${JSON.stringify(docId)} not found` }
  const title = request.title ?? restoredTitle(versionTitle(version.state, document.title), number)
  const createdAt = (options.now ?? (() => new Date()))().toISOString()
  const initialUpdate = restoredInitialUpdate(version.state, { title, createdAt })
  if (initialUpdate.byteLength > maxBytes) {
    return { ok: false, reason: 'too-large', message: `the restored document would be ${initialUpdate.byteLength} bytes, more than a document may hold (${maxBytes})` }
  }
  const newId = options.newId ?? generateDocId
  let result: CreateDocumentResult = await store.createDocument({ id: newId(title), title, createdAt, initialUpdate })
  for (let attempt = 1; !result.ok && attempt < GENERATED_ID_ATTEMPTS; attempt++) {
    result = await store.createDocument({ id: newId(title), title, createdAt, initialUpdate })
  }
  return result.ok ? result : { ok: false, reason: 'id-taken', message: result.error.message }
}
