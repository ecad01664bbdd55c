import { LINK_TYPES, VERDICTS, type AnnotationRecord, type HistoryEntry, type LinkType, type Person, type Verdict } from './annotation'
import { VERDICT_LABELS } from './annotation-labels'
import { linkWording } from './annotation-links'

/** One line of an annotation's history as the panel shows it: who, what, when. */
export interface HistoryLine {
  id: string
  by: Person
  at: string
  /** What was done, without the person: "set verdict False", "assigned it to Dana". */
  what: string
}

const verdictLabel = (value: string | undefined) => (value && (VERDICTS as readonly string[]).includes(value) ? VERDICT_LABELS[value as Verdict] : (value ?? ''))
const linkLabel = (value: string | undefined) => (value && (LINK_TYPES as readonly string[]).includes(value) ? linkWording(value as LinkType, 'out') : 'link')
const quoted = (text: string | undefined) => (text ? ` “${text.length > 60 ? `${text.slice(0, 60)}…` : text}”` : '')

/** What a history step did, in words. Values come from other clients: they are shown as text only. */
function describeStep(step: Pick<HistoryEntry, 'change' | 'fields' | 'value'>): string {
  switch (step.change) {
    case 'span':
      return `moved it to${quoted(step.value)}`
    case 'type':
      return `changed the type to ${step.value ?? 'another type'}`
    case 'attrs':
      return `changed ${(step.fields ?? []).join(', ') || 'attributes'}`
    case 'verdict':
      return `set verdict ${verdictLabel(step.value)}`
    case 'review':
      return `reviewed the new words (verdict ${verdictLabel(step.value)})`
    case 'note':
      return 'edited the note'
    case 'assign':
      return step.value ? `assigned it to ${step.value}` : 'unassigned it'
    case 'approve':
      return `approved the review (${verdictLabel(step.value)})`
    case 'reopen':
      return 'sent the review back'
    case 'comment':
      return `commented${quoted(step.value)}`
    case 'link':
      return `linked it (${linkLabel(step.value)})`
    case 'unlink':
      return `removed a link (${linkLabel(step.value)})`
    case 'resolve':
      return 'resolved the comment thread'
    case 'reopen-thread':
      return 'reopened the comment thread'
  }
}

/** An annotation's history as lines, oldest first, starting with its creation. */
export function historyLines(record: AnnotationRecord): HistoryLine[] {
  const created: HistoryLine = { id: 'created', by: record.createdBy, at: record.createdAt, what: `tagged it as ${record.type === 'event' ? 'an' : 'a'} ${record.type}` }
  return [created, ...record.history.map((step) => ({ id: step.id, by: step.by, at: step.at, what: describeStep(step) }))]
}

/** The most people known from the records (not present) that assignee menus list. */
const MAX_KNOWN_PEOPLE = 200

/**
 * Everyone a claim can be assigned to: the people present (with an id) and everyone the document
 * knows of (who tagged, commented, linked, reviewed, was assigned or appears in a history), once
 * each by id, sorted by name.
 */
export function knownPeople(records: readonly AnnotationRecord[], present: readonly Person[]): Person[] {
  const people = new Map<string, Person>()
  const add = (person: Person | null | undefined) => {
    // Everyone present, and at most MAX_KNOWN_PEOPLE others: a client writing thousands of
    // made-up names into records must not flood every assignee menu.
    if (person && !people.has(person.id) && people.size < present.length + MAX_KNOWN_PEOPLE) people.set(person.id, { id: person.id, name: person.name })
  }
  for (const person of present) add(person)
  for (const record of records) {
    add(record.createdBy)
    add(record.assignee)
    if (record.type === 'claim') add(record.attrs.reviewedBy)
    add(record.reviewStatus?.by)
    add(record.thread?.by)
    for (const comment of record.comments) add(comment.author)
    for (const link of record.links) add(link.createdBy)
    for (const step of record.history) add(step.by)
  }
  return [...people.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
}
