'use client'

import { useState } from 'react'
import { ANNOTATION_TYPES, VERDICTS, type AnnotationType } from '../../editor/model/annotation'
import { EXPORT_FORMATS, type ExportFormat } from '../../editor/export/options'
import { TYPE_LABELS, VERDICT_LABELS } from '../../editor/model/annotation-labels'
import { LabelledOptions } from './LabelledOptions'

const FORMAT_LABELS: Record<ExportFormat, string> = {
  json: 'Spanwise JSON (native)',
  w3c: 'W3C Web Annotations (JSON-LD)',
  jsonl: 'JSONL dataset (doccano)',
  csv: 'CSV spreadsheet',
  brat: 'brat standoff (.zip)',
  claimreview: 'ClaimReview (schema.org)',
}

/** Builds the export URL of the app's HTTP API for the chosen format, filters and offset unit. */
function exportUrl(docId: string, token: string | null, format: ExportFormat, types: AnnotationType[], verdict: string, offsets: string, paragraphs: boolean): string {
  const query = new URLSearchParams({ format, offsets })
  if (token) query.set('token', token)
  if (types.length > 0 && types.length < ANNOTATION_TYPES.length) query.set('type', types.join(','))
  if (verdict) query.set('verdict', verdict)
  if (paragraphs && format === 'jsonl') query.set('unit', 'paragraph')
  return `/api/docs/${encodeURIComponent(docId)}/export?${query}`
}

/** The document's Export menu: format, filters and offset unit, then a download link. Escape closes it. */
export function ExportMenu({ docId, token }: { docId: string; token: string | null }) {
  const [format, setFormat] = useState<ExportFormat>('json')
  const [types, setTypes] = useState<AnnotationType[]>([...ANNOTATION_TYPES])
  const [verdict, setVerdict] = useState('')
  const [offsets, setOffsets] = useState('codepoint')
  const [paragraphs, setParagraphs] = useState(false)
  const toggle = (type: AnnotationType) => setTypes((current) => (current.includes(type) ? current.filter((t) => t !== type) : [...current, type]))

  return (
    <details
      className="export-menu"
      onKeyDown={(event) => {
        // Escape closes the open menu and puts focus back on its summary, as a menu does.
        if (event.key !== 'Escape' || !event.currentTarget.open) return
        event.preventDefault()
        event.currentTarget.open = false
        event.currentTarget.querySelector('summary')?.focus()
      }}
    >
      <summary className="button small">Export</summary>
      <div className="export-popover card" role="group" aria-label="Export annotations">
        <label className="field">
          <span className="field-label">Format</span>
          <select value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)} aria-label="Export format">
            <LabelledOptions values={EXPORT_FORMATS} labels={FORMAT_LABELS} />
          </select>
        </label>
        <fieldset className="field">
          <legend className="field-label">Types</legend>
          {ANNOTATION_TYPES.map((type) => (
            <label key={type} className="checkbox-label">
              <input type="checkbox" checked={types.includes(type)} onChange={() => toggle(type)} />
              {TYPE_LABELS[type]}s
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span className="field-label">Claims with verdict</span>
          <select value={verdict} onChange={(event) => setVerdict(event.target.value)} aria-label="Export verdict filter">
            <option value="">Any (all annotations)</option>
            <LabelledOptions values={VERDICTS} labels={VERDICT_LABELS} />
          </select>
        </label>
        <label className="field">
          <span className="field-label">Offsets</span>
          <select value={offsets} onChange={(event) => setOffsets(event.target.value)} aria-label="Offset unit">
            <option value="codepoint">Unicode code points (Python, W3C)</option>
            <option value="utf16">UTF-16 code units (JavaScript, doccano)</option>
          </select>
        </label>
        {format === 'jsonl' && offsets === 'codepoint' && (
          <p className="muted small-text" data-testid="doccano-offsets-hint">
            For doccano choose UTF-16 code units: doccano counts them, so with code points every label after an emoji or other astral character lands off.
          </p>
        )}
        {format === 'jsonl' && (
          <label className="checkbox-label field">
            <input type="checkbox" checked={paragraphs} onChange={(event) => setParagraphs(event.target.checked)} />
            One line per paragraph
          </label>
        )}
        {types.length === 0 ? (
          <p className="notice error small-text" role="alert">
            Choose at least one type.
          </p>
        ) : (
          <a className="button primary small" href={exportUrl(docId, token, format, types, verdict, offsets, paragraphs)} download data-testid="export-download">
            Download
          </a>
        )}
      </div>
    </details>
  )
}
