import type { AnnotationRecord } from '../../../editor/model/annotation'
import type { FormFields } from './annotation-form-fields'

/** What someone typed into an annotation's form and has not saved, and the record it was typed over. */
export interface FormDraft {
  fields: FormFields
  opened: AnnotationRecord
}

/**
 * Unsaved form input by annotation id, for this page: switching to another annotation (or closing
 * the details) keeps what was typed, and opening the annotation again brings it back. Saving or
 * discarding removes it; leaving the page with drafts asks first.
 */
const drafts = new Map<string, FormDraft>()

export const formDrafts = {
  get: (id: string): FormDraft | undefined => drafts.get(id),
  set(id: string, draft: FormDraft): void {
    drafts.set(id, draft)
    watchUnload()
  },
  delete: (id: string): void => void drafts.delete(id),
  /** Forgets the drafts of annotations that are gone (deleted, here or by someone else). */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of drafts.keys()) if (!ids.has(id)) drafts.delete(id)
  },
}

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
