import type { AnnotationRecord } from '../../../editor/model/annotation'
import type { FormFields } from './annotation-form-fields'

/** What someone typed into an annotation's form and has not saved, and the record it was typed over. */
export interface FormDraft {
  fields: FormFields
  opened: AnnotationRecord
}

/** Which form a draft belongs to: the document, the annotation and its type (a form of another type has other fields). */
export interface DraftOwner {
  docId: string
  id: string
  type: string
}

const keyOf = ({ docId, id, type }: DraftOwner) => JSON.stringify([docId, id, type])

/**
 * Unsaved form input by document, annotation and type, for this tab: switching to another
 * annotation (or closing the details) keeps what was typed, and opening the annotation again
 * brings it back. Saving or discarding removes it; leaving the page, or going to the documents
 * list, with drafts asks first.
 */
const drafts = new Map<string, FormDraft>()

export const formDrafts = {
  get: (owner: DraftOwner): FormDraft | undefined => drafts.get(keyOf(owner)),
  set(owner: DraftOwner, draft: FormDraft): void {
    drafts.set(keyOf(owner), draft)
    watchUnload()
  },
  delete: (owner: DraftOwner): void => void drafts.delete(keyOf(owner)),
  /** Whether any form holds unsaved input. */
  any: (): boolean => drafts.size > 0,
  /** Forgets the drafts of annotations of `docId` that were deleted (here or by someone else). */
  forget(docId: string, deletedIds: ReadonlySet<string>): void {
    for (const key of drafts.keys()) {
      const [doc, id] = JSON.parse(key) as [string, string, string]
      if (doc === docId && deletedIds.has(id)) drafts.delete(key)
    }
  },
}

/** The question asked before leaving the document with unsaved input by a link of the app. */
export const LEAVE_WITH_DRAFTS = 'Some annotation changes are not saved. Leave this document and lose them?'

let watching = false

/** Asks before the page is left while a form holds unsaved input (the browser words the question). */
function watchUnload(): void {
  if (watching || typeof window === 'undefined') return
  watching = true
  window.addEventListener('beforeunload', (event) => {
    if (drafts.size === 0) return
    event.preventDefault()
    // Older browsers need a value; they show their own text, never this one.
    event.returnValue = ''
  })
}
