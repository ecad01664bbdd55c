import * as Y from 'yjs'
import { z } from 'zod'
import { describeIssues } from '../model/describe-issues'
import { META_MAP } from '../model/doc-layout'
import {
  DETAILS_META_KEYS,
  detailsEntries,
  factCheckSettingsSchema,
  readDocumentDetails,
  sourceMetadataSchema,
  type DocumentDetails,
  type ReadDetails,
} from '../model/document-source'

/** The origin of the transactions that change a document's details. */
const detailsOrigin = Symbol('spanwise:document-details')

/** Details that do not validate; the message names the field (`source.url: must be …`). */
export class DocumentDetailsError extends Error {
  override readonly name = 'DocumentDetailsError'
}

/** Reads a document's source and fact-check settings from its `meta` map; never throws (see {@link readDocumentDetails}). */
export function readDocumentDetailsOf(ydoc: Y.Doc): ReadDetails {
  const meta = ydoc.getMap(META_MAP)
  return readDocumentDetails((key) => meta.get(key))
}

/** A zod error's issues as one message, each field named under `group` (`source.url: must be …`). */
function describeGroupIssues(group: string, error: z.ZodError): string {
  return describeIssues(new z.ZodError(error.issues.map((issue) => ({ ...issue, path: [group, ...issue.path] }))))
}

/** Validates details as a whole; throws {@link DocumentDetailsError} naming each bad field. */
function validDetails(details: DocumentDetails): DocumentDetails {
  const source = sourceMetadataSchema.safeParse(details.source)
  if (!source.success) throw new DocumentDetailsError(describeGroupIssues('source', source.error))
  const factcheck = factCheckSettingsSchema.safeParse(details.factcheck)
  if (!factcheck.success) throw new DocumentDetailsError(describeGroupIssues('factcheck', factcheck.error))
  return { source: source.data, factcheck: factcheck.data }
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Saves a document's details as edited in a form: writes only the fields that differ from what the
 * form showed when it was opened (`opened`), each as its own `meta` entry (a cleared field's entry
 * is deleted), in one transaction. So an editor who changed the publisher never overwrites the date
 * someone else set meanwhile. Throws {@link DocumentDetailsError} naming the field when `next` does
 * not validate; returns how many entries it changed.
 */
export function updateDocumentDetails(ydoc: Y.Doc, next: DocumentDetails, opened: DocumentDetails): number {
  const wanted = detailsEntries(validDetails(next))
  const shown = detailsEntries(opened)
  const changed = DETAILS_META_KEYS.filter((key) => !sameValue(wanted.get(key), shown.get(key)))
  if (changed.length === 0) return 0
  const meta = ydoc.getMap(META_MAP)
  ydoc.transact(() => {
    for (const key of changed) {
      if (wanted.has(key)) meta.set(key, wanted.get(key))
      else meta.delete(key)
    }
  }, detailsOrigin)
  return changed.length
}

/**
 * Calls `onChange` with the document's details whenever one of their `meta` entries changes
 * (locally or from another client), not for other `meta` changes. Returns the unsubscribe function.
 */
export function observeDocumentDetails(ydoc: Y.Doc, onChange: (details: ReadDetails) => void): () => void {
  const meta = ydoc.getMap(META_MAP)
  const keys = new Set(DETAILS_META_KEYS)
  const observer = (event: Y.YMapEvent<unknown>) => {
    for (const key of event.keysChanged as Set<string>) {
      if (!keys.has(key)) continue
      onChange(readDocumentDetailsOf(ydoc))
      return
    }
  }
  meta.observe(observer)
  return () => meta.unobserve(observer)
}
