'use client'

import { useState, type FormEvent } from 'react'
import { VERDICTS, type AnnotationRecord } from '../../../editor/model/annotation'
import type { ResolvedAnnotation } from '../../../editor/model/resolve-annotations'
import { attrsFromFields, fieldsFromRecord, openedValues, type FormFields, type OpenedValues } from './annotation-form-fields'
import { VERDICT_LABELS } from '../../../editor/model/annotation-labels'
import { LabelledOptions } from '../LabelledOptions'

interface FieldSpec {
  key: string
  label: string
  kind?: 'text' | 'textarea' | 'checkbox' | 'verdict'
  hint?: string
}

const FIELDS: Record<ResolvedAnnotation['type'], FieldSpec[]> = {
  event: [
    { key: 'date', label: 'Date', hint: 'YYYY, YYYY-MM or YYYY-MM-DD' },
    { key: 'endDate', label: 'End date', hint: 'optional, same format' },
    { key: 'place', label: 'Place' },
    { key: 'participants', label: 'Participants', hint: 'separated by commas' },
    { key: 'summary', label: 'Summary', kind: 'textarea' },
  ],
  quote: [
    { key: 'speaker', label: 'Speaker' },
    { key: 'date', label: 'Date', hint: 'YYYY, YYYY-MM or YYYY-MM-DD' },
    { key: 'source', label: 'Source', hint: 'citation or URL' },
    { key: 'paraphrase', label: 'Reported speech (paraphrase), not the exact words', kind: 'checkbox' },
  ],
  claim: [
    { key: 'claimant', label: 'Claimant' },
    { key: 'summary', label: 'Summary', kind: 'textarea' },
    { key: 'verdict', label: 'Verdict', kind: 'verdict' },
    { key: 'rationale', label: 'Rationale', kind: 'textarea' },
    { key: 'evidence', label: 'Evidence', kind: 'textarea', hint: 'URLs or annotation ids, one per line' },
  ],
}

/**
 * The edit form of one annotation; render it with `key={annotation.id}`. Its fields are local until
 * saved, so remote edits never overwrite what someone is typing; they are taken in when the form
 * has no unsaved changes.
 */
export function AnnotationForm({
  annotation,
  readOnly,
  onSave,
}: {
  annotation: ResolvedAnnotation
  readOnly: boolean
  onSave: (attrs: Record<string, unknown>, note: string, opened: OpenedValues) => string | null
}) {
  const [fields, setFields] = useState<FormFields>(() => fieldsFromRecord(annotation.record))
  // The record the fields were filled from: a save writes only what the person changed since.
  const [opened, setOpened] = useState<AnnotationRecord>(annotation.record)
  const [dirty, setDirty] = useState(false)
  const [error, setError] = useState<string | null>(null)
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
    setFields((previous) => ({ ...previous, [key]: value }))
    setDirty(true)
    setSaved(false)
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const problem = onSave(attrsFromFields(annotation.type, fields), String(fields.note ?? ''), openedValues(opened))
    setError(problem)
    if (!problem) {
      setDirty(false)
      setSaved(true)
    }
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
                  value={String(fields[field.key] ?? '')}
                  readOnly={readOnly}
                  onChange={(event) => set(field.key, event.target.value)}
                  dir="auto"
                />
              )}
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
      {!readOnly && (
        <div className="actions">
          <button type="submit" className="button primary small" disabled={!dirty}>
            Save
          </button>
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
