'use client'

import { useState, type FormEvent } from 'react'
import type * as Y from 'yjs'
import type { DocumentDetails, ReadDetails } from '../../../editor/model/document-source'
import { DocumentDetailsError, updateDocumentDetails } from '../../../editor/yjs/document-details'
import { detailsFromFields, fieldsFromDetails, type DetailsFields } from '../document-details-fields'
import { useModalDialog } from '../use-modal-dialog'

interface FieldSpec {
  key: keyof DetailsFields
  label: string
  hint?: string
  type?: 'url'
}

const SOURCE_FIELDS: FieldSpec[] = [
  { key: 'url', label: 'Address', hint: 'http:// or https://', type: 'url' },
  { key: 'publisher', label: 'Publisher' },
  { key: 'authors', label: 'Authors', hint: 'separated by commas' },
  { key: 'published', label: 'Published', hint: 'YYYY, YYYY-MM or YYYY-MM-DD' },
  { key: 'language', label: 'Language', hint: 'a tag such as en, he or pt-BR' },
]

const FACTCHECK_FIELDS: FieldSpec[] = [
  { key: 'baseUrl', label: 'Fact-check page', hint: 'the page the reviews are on', type: 'url' },
  { key: 'organization', label: 'Organization', hint: 'who publishes them' },
  { key: 'organizationUrl', label: 'Organization website', type: 'url' },
]

const sameDetails = (a: DocumentDetails, b: DocumentDetails) => JSON.stringify(a) === JSON.stringify(b)

/**
 * The document's details: where it comes from (address, publisher, authors, date, language) and
 * how its fact-checks are published (page, organization), used by the exports. Editors change
 * them; everyone else reads them. A save writes only the fields the person changed, so two editors
 * changing different fields at once both keep theirs; others' changes come in while nothing is
 * being typed. Entries that do not validate are named, and left alone until someone replaces them.
 */
export function DocumentDetailsDialog({
  open,
  onClose,
  details,
  ydoc,
  canEdit,
}: {
  open: boolean
  onClose: () => void
  details: ReadDetails
  ydoc: Y.Doc | null
  canEdit: boolean
}) {
  const dialogRef = useModalDialog(open, onClose)
  return (
    <dialog ref={dialogRef} className="dialog card details-dialog" aria-labelledby="details-title" data-testid="details-dialog">
      <div className="dialog-head">
        <h2 id="details-title" className="section-title">
          Document details
        </h2>
        <button type="button" className="button small ghost" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      {open && <DetailsForm details={details} ydoc={ydoc} canEdit={canEdit} onDone={onClose} />}
    </dialog>
  )
}

function DetailsForm({ details, ydoc, canEdit, onDone }: { details: ReadDetails; ydoc: Y.Doc | null; canEdit: boolean; onDone: () => void }) {
  const current: DocumentDetails = { source: details.source, factcheck: details.factcheck }
  const [fields, setFields] = useState<DetailsFields>(() => fieldsFromDetails(current))
  // What the form showed when it was filled: a save writes only what the person changed since.
  const [opened, setOpened] = useState<DocumentDetails>(current)
  const [dirty, setDirty] = useState(false)
  const [error, setError] = useState<string | null>(null)

  // Others' changes are taken in during render, while the person has typed nothing.
  if (!dirty && !sameDetails(opened, current)) {
    setOpened(current)
    setFields(fieldsFromDetails(current))
  }

  const set = (key: keyof DetailsFields, value: string) => {
    setFields((previous) => ({ ...previous, [key]: value }))
    setDirty(true)
    setError(null)
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!ydoc) return
    try {
      updateDocumentDetails(ydoc, detailsFromFields(fields), opened)
    } catch (caught) {
      if (!(caught instanceof DocumentDetailsError)) throw caught
      setError(caught.message)
      return
    }
    setDirty(false)
    setError(null)
    onDone()
  }

  const field = (spec: FieldSpec) => (
    <div key={spec.key} className="field">
      <label htmlFor={`details-${spec.key}`} className="field-label">
        {spec.label}
        {spec.hint && <span className="field-hint"> — {spec.hint}</span>}
      </label>
      <input
        id={`details-${spec.key}`}
        name={spec.key}
        type="text"
        inputMode={spec.type === 'url' ? 'url' : undefined}
        value={fields[spec.key]}
        readOnly={!canEdit}
        dir={spec.type === 'url' ? 'ltr' : 'auto'}
        onChange={(event) => set(spec.key, event.target.value)}
      />
    </div>
  )

  return (
    <form className="details-form" onSubmit={submit} aria-label="Document details">
      {!canEdit && <p className="muted small-text">Only editors can change these.</p>}
      <fieldset className="details-group">
        <legend className="details-legend">Source</legend>
        {SOURCE_FIELDS.map(field)}
      </fieldset>
      <fieldset className="details-group">
        <legend className="details-legend">Fact-check publishing</legend>
        <p className="muted small-text">Used by the ClaimReview export: each review&apos;s address and publisher.</p>
        {FACTCHECK_FIELDS.map(field)}
      </fieldset>
      {details.problems.length > 0 && (
        <div className="notice warn" data-testid="details-problems">
          <p className="details-problems-title">Some stored details are not valid and are ignored:</p>
          <ul className="details-problems">
            {details.problems.map((problem) => (
              <li key={problem.key}>
                <code>{problem.key}</code>: {problem.reason.slice(0, 200)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {canEdit && (
        <div className="actions">
          <button type="submit" className="button primary small" disabled={!dirty || !ydoc}>
            Save
          </button>
          <button type="button" className="button small ghost" onClick={onDone}>
            Cancel
          </button>
        </div>
      )}
    </form>
  )
}
