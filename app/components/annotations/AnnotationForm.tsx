'use client'

import { useState, type FormEvent } from 'react'
import { VERDICTS, type AnnotationRecord } from '../../../editor/model/annotation'
import type { ResolvedAnnotation } from '../../../editor/model/resolve-annotations'
import { attrsFromFields, fieldsFromRecord, openedValues, type FormFields, type OpenedValues } from './annotation-form-fields'
import { VERDICT_LABELS } from '../../../editor/model/annotation-labels'
import { LabelledOptions } from '../LabelledOptions'
import { SourceLinks } from './SourceLinks'
import { formDrafts } from './form-drafts'
import { parseDateInput } from '../../../editor/model/date-input'
import { shortcutHint } from '../../../editor/model/shortcuts'
import { useMacKeys } from '../use-mac-keys'

interface FieldSpec {
  key: string
  label: string
  kind?: 'text' | 'textarea' | 'checkbox' | 'verdict' | 'url' | 'date'
  hint?: string
}

const FIELDS: Record<ResolvedAnnotation['type'], FieldSpec[]> = {
  event: [
    { key: 'date', label: 'Date', kind: 'date', hint: '2016, 2016-09, 2016-09-25 or Sept 2016' },
    { key: 'endDate', label: 'End date', kind: 'date', hint: 'optional, same forms' },
    { key: 'place', label: 'Place' },
    { key: 'participants', label: 'Participants', hint: 'separated by commas' },
    { key: 'summary', label: 'Summary', kind: 'textarea' },
  ],
  quote: [
    { key: 'speaker', label: 'Speaker' },
    { key: 'date', label: 'Date', kind: 'date', hint: '2016, 2016-09, 2016-09-25 or Sept 2016' },
    { key: 'source', label: 'Source', hint: 'citation or URL' },
    { key: 'sourceUrl', label: 'Source URL', kind: 'url', hint: 'http:// or https://' },
    { key: 'archiveUrl', label: 'Archived copy', kind: 'url', hint: 'e.g. web.archive.org' },
    { key: 'paraphrase', label: 'Reported speech (paraphrase), not the exact words', kind: 'checkbox' },
  ],
  claim: [
    { key: 'claimant', label: 'Claimant' },
    { key: 'summary', label: 'Summary', kind: 'textarea' },
    { key: 'sourceUrl', label: 'Source URL', kind: 'url', hint: 'where it was made' },
    { key: 'archiveUrl', label: 'Archived copy', kind: 'url', hint: 'e.g. web.archive.org' },
    { key: 'verdict', label: 'Verdict', kind: 'verdict' },
    { key: 'rationale', label: 'Rationale', kind: 'textarea' },
    { key: 'evidence', label: 'Evidence', kind: 'textarea', hint: 'URLs or annotation ids, one per line' },
  ],
}

/**
 * The edit form of one annotation; render it with a key of its id and type. Its fields are local until
 * saved, so remote edits never overwrite what someone is typing; they are taken in when the form
 * has no unsaved changes.
 */
/** What a date field will be saved as, when the person typed it another way ("Sept 2015" → 2015-09). */
function DateReading({ value }: { value: string }) {
  const parsed = parseDateInput(value)
  if (!('value' in parsed) || parsed.value === value.trim() || parsed.value === '') return null
  return (
    <span className="field-hint date-reading" data-testid="date-reading">
      Saved as {parsed.value}
    </span>
  )
}

export function AnnotationForm({
  docId,
  annotation,
  readOnly,
  onSave,
}: {
  /** The document: unsaved input is kept per document, annotation and type. */
  docId: string
  annotation: ResolvedAnnotation
  readOnly: boolean
  onSave: (attrs: Record<string, unknown>, note: string, opened: OpenedValues) => string | null
}) {
  const mac = useMacKeys()
  const owner = { docId, id: annotation.id, type: annotation.type }
  // Input typed earlier and not saved (the person switched to another annotation) comes back.
  const [restored] = useState(() => formDrafts.get(owner))
  const [fields, setFields] = useState<FormFields>(() => restored?.fields ?? fieldsFromRecord(annotation.record))
  // The record the fields were filled from: a save writes only what the person changed since.
  const [opened, setOpened] = useState<AnnotationRecord>(() => restored?.opened ?? annotation.record)
  const [dirty, setDirty] = useState(restored !== undefined)
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [saved, setSaved] = useState(false)

  // Remote edits are taken in during render, as React advises for state that follows a prop.
  const [shownUpdate, setShownUpdate] = useState(annotation.record.updatedAt)
  if (annotation.record.updatedAt !== shownUpdate) {
    setShownUpdate(annotation.record.updatedAt)
    if (!dirty) {
      setFields(fieldsFromRecord(annotation.record))
      setOpened(annotation.record)
    }
  }

  const set = (key: string, value: string | boolean) => {
    const next = { ...fields, [key]: value }
    setFields(next)
    formDrafts.set(owner, { fields: next, opened })
    setDirty(true)
    setSaved(false)
    if (fieldErrors[key]) setFieldErrors(({ [key]: _fixed, ...rest }) => rest)
  }

  const labelOf = (key: string) => FIELDS[annotation.type].find((field) => field.key === key)?.label ?? key
  const dateFields = FIELDS[annotation.type].filter((field) => field.kind === 'date').map((field) => field.key)

  function submit(event: FormEvent) {
    event.preventDefault()
    // Dates as people type them ("Sept 2015") are saved in the data model's form (2015-09).
    const problems: Record<string, string> = {}
    const normalized: FormFields = { ...fields }
    for (const key of dateFields) {
      const parsed = parseDateInput(String(fields[key] ?? ''))
      if ('error' in parsed) problems[key] = `${labelOf(key)}: ${parsed.error}`
      else normalized[key] = parsed.value
    }
    if (Object.keys(problems).length > 0) return showProblems(problems, event)
    const problem = onSave(attrsFromFields(annotation.type, normalized), String(fields.note ?? ''), openedValues(opened))
    const atField = problem === null ? null : /^attrs\.(\w+): (.*)$/s.exec(problem)
    if (atField && FIELDS[annotation.type].some((field) => field.key === atField[1])) return showProblems({ [atField[1]]: `${labelOf(atField[1])}: ${atField[2]}` }, event)
    setError(problem)
    setFieldErrors({})
    if (!problem) {
      setFields(normalized)
      formDrafts.delete(owner)
      setDirty(false)
      setSaved(true)
    }
  }

  /** Shows each problem at its field and moves the focus to the first. */
  function showProblems(problems: Record<string, string>, event: FormEvent) {
    setFieldErrors(problems)
    setError(null)
    const first = FIELDS[annotation.type].find((field) => problems[field.key])
    if (first) (event.currentTarget as HTMLFormElement).querySelector<HTMLElement>(`#${CSS.escape(id(first.key))}`)?.focus()
  }

  function discard() {
    formDrafts.delete(owner)
    setFields(fieldsFromRecord(annotation.record))
    setOpened(annotation.record)
    setFieldErrors({})
    setError(null)
    setDirty(false)
  }

  const id = (key: string) => `annotation-${annotation.id}-${key}`
  return (
    <form className="annotation-form" onSubmit={submit} aria-label={`Edit ${annotation.type}`}>
      {FIELDS[annotation.type].map((field) => (
        <div key={field.key} className={`field${field.kind === 'checkbox' ? ' checkbox-field' : ''}`}>
          {field.kind === 'checkbox' ? (
            <label htmlFor={id(field.key)} className="checkbox-label">
              <input id={id(field.key)} type="checkbox" checked={fields[field.key] === true} disabled={readOnly} onChange={(event) => set(field.key, event.target.checked)} />
              {field.label}
            </label>
          ) : (
            <>
              <label htmlFor={id(field.key)} className="field-label">
                {field.label}
                {field.hint && <span className="field-hint"> — {field.hint}</span>}
              </label>
              {field.kind === 'textarea' ? (
                <textarea
                  id={id(field.key)}
                  rows={3}
                  value={String(fields[field.key] ?? '')}
                  readOnly={readOnly}
                  onChange={(event) => set(field.key, event.target.value)}
                  dir="auto"
                />
              ) : field.kind === 'verdict' ? (
                <select id={id(field.key)} value={String(fields[field.key] ?? 'unreviewed')} disabled={readOnly} onChange={(event) => set(field.key, event.target.value)}>
                  <LabelledOptions values={VERDICTS} labels={VERDICT_LABELS} />
                </select>
              ) : (
                <input
                  id={id(field.key)}
                  type="text"
                  aria-invalid={fieldErrors[field.key] ? true : undefined}
                  aria-describedby={fieldErrors[field.key] ? `${id(field.key)}-error` : undefined}
                  inputMode={field.kind === 'url' ? 'url' : undefined}
                  value={String(fields[field.key] ?? '')}
                  readOnly={readOnly}
                  onChange={(event) => set(field.key, event.target.value)}
                  dir={field.kind === 'url' ? 'ltr' : 'auto'}
                />
              )}
              {field.kind === 'date' && <DateReading value={String(fields[field.key] ?? '')} />}
              {fieldErrors[field.key] && (
                <p className="field-error" id={`${id(field.key)}-error`} role="alert">
                  {fieldErrors[field.key]}
                </p>
              )}
              {field.key === 'archiveUrl' && <SourceLinks attrs={annotation.record.attrs} />}
            </>
          )}
        </div>
      ))}
      <div className="field">
        <label htmlFor={id('note')} className="field-label">
          Note
        </label>
        <textarea id={id('note')} rows={2} value={String(fields.note ?? '')} readOnly={readOnly} onChange={(event) => set('note', event.target.value)} dir="auto" />
      </div>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {restored && dirty && (
        <p className="notice small-text" data-testid="draft-restored">
          Your unsaved changes from before are back. Save them, or discard them.
        </p>
      )}
      {!readOnly && (
        <div className="actions">
          <button type="submit" className="button primary small" disabled={!dirty} title={`Save (${shortcutHint('save-annotation', mac)})`}>
            Save
          </button>
          {dirty && (
            <button type="button" className="button small ghost" onClick={discard}>
              Discard changes
            </button>
          )}
          {saved && !dirty && (
            <span className="muted small-text" role="status">
              Saved
            </span>
          )}
        </div>
      )}
    </form>
  )
}
