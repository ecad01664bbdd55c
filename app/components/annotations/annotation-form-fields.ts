import type { AnnotationRecord } from '../../../editor/model/annotation'

/** The edit form's fields, all as strings (booleans for checkboxes), per annotation type. */
export type FormFields = Record<string, string | boolean>

const list = (value: string, separator: RegExp) =>
  value
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean)

/** Form fields from a record's attributes. */
export function fieldsFromRecord(record: AnnotationRecord): FormFields {
  const note = record.note ?? ''
  switch (record.type) {
    case 'event': {
      const { date = '', endDate = '', place = '', participants = [], summary = '' } = record.attrs
      return { date, endDate, place, participants: participants.join(', '), summary, note }
    }
    case 'quote': {
      const { speaker = '', date = '', source = '', sourceUrl = '', archiveUrl = '', paraphrase = false } = record.attrs
      return { speaker, date, source, sourceUrl, archiveUrl, paraphrase, note }
    }
    case 'claim': {
      const { claimant = '', summary = '', sourceUrl = '', archiveUrl = '', verdict = 'unreviewed', rationale = '', evidence = [] } = record.attrs
      return { claimant, summary, sourceUrl, archiveUrl, verdict, rationale, evidence: evidence.join('\n'), note }
    }
  }
}

/** Attributes from form fields: empty fields are left out, lists split (participants by comma, evidence by line). */
export function attrsFromFields(type: AnnotationRecord['type'], fields: FormFields): Record<string, unknown> {
  const text = (key: string) => String(fields[key] ?? '').trim()
  const attrs: Record<string, unknown> = {}
  const put = (key: string, value: unknown) => {
    if (value === '' || (Array.isArray(value) && value.length === 0)) return
    attrs[key] = value
  }
  if (type === 'event') {
    put('date', text('date'))
    put('endDate', text('endDate'))
    put('place', text('place'))
    put('participants', list(text('participants'), /,/))
    put('summary', text('summary'))
  } else if (type === 'quote') {
    put('speaker', text('speaker'))
    put('date', text('date'))
    put('source', text('source'))
    put('sourceUrl', text('sourceUrl'))
    put('archiveUrl', text('archiveUrl'))
    attrs.paraphrase = fields.paraphrase === true
  } else {
    put('claimant', text('claimant'))
    put('summary', text('summary'))
    put('sourceUrl', text('sourceUrl'))
    put('archiveUrl', text('archiveUrl'))
    put('verdict', text('verdict') || 'unreviewed')
    put('rationale', text('rationale'))
    put('evidence', list(text('evidence'), /\n/))
  }
  return attrs
}

/** What the form showed when it was opened, in the form's own terms: a save writes only what differs from it. */
export interface OpenedValues {
  readonly attrs: Record<string, unknown>
  readonly note: string
}

/**
 * The values the form showed for `record`, as it would save them untouched (trimmed, lists split,
 * a missing verdict as `unreviewed`, a missing paraphrase flag as false), plus a claim's review
 * stamp, which the form does not show. Comparing a save with these, not with the stored record,
 * keeps the form's own normalising from counting as a change (and overwriting someone else's).
 */
export function openedValues(record: AnnotationRecord): OpenedValues {
  const attrs = attrsFromFields(record.type, fieldsFromRecord(record))
  if (record.type === 'claim') {
    const { reviewedBy, reviewedAt, reviewedText } = record.attrs
    Object.assign(attrs, reviewedBy ? { reviewedBy } : {}, reviewedAt ? { reviewedAt } : {}, reviewedText !== undefined ? { reviewedText } : {})
  }
  return { attrs, note: record.note ?? '' }
}
