import type { AnnotationType, LinkType } from '../../model/annotation'
import { VERDICTS, attrsSchemaByType, type Verdict } from '../../model/annotation'
import { BRAT_RELATION_TYPES } from '../../export/brat'
import { BRAT_IDS_HEADER, unescapeTsvField } from '../../export/brat-ids'
import { BRAT_NOTE_SEPARATOR, readBratNote } from '../../export/brat-notes'
import { OffsetConverter } from '../../model/offsets'
import type { z } from 'zod'
import { ImportFormatError, type AnnotatedSource, type SourceAnnotation } from './annotated-source'

const TEXT_BOUND = /^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$/
const ATTRIBUTE = /^(A\d+)\t(\S+) (T\d+)(?: (\S+))?$/
const NOTE = /^(#\d+)\tAnnotatorNotes (T\d+)\t(.*)$/
/** `R1<TAB>Type Arg1:T1 Arg2:T2`, arguments separated by any whitespace, brat's own trailing tab allowed. */
const RELATION = /^(R\d+)\t(\S+)((?:\s+\S+:\S+)+)\s*$/
/** Link types by brat relation name (the names the brat exporter writes). */
const LINK_TYPES_BY_RELATION = new Map(Object.entries(BRAT_RELATION_TYPES).map(([type, name]) => [name, type as LinkType]))
const IMPORTED_BY = { id: 'import', name: 'Import' }
const TYPES: Record<string, AnnotationType> = { event: 'event', quote: 'quote', claim: 'claim' }

interface Draft {
  annotation: SourceAnnotation
  attrs: Record<string, unknown>
}

function parseTextBound(match: RegExpExecArray, lineNumber: number, text: string, offsets: OffsetConverter): Draft {
  const [, id, typeName, spans, quoted] = match
  const type = TYPES[typeName.toLowerCase()]
  if (!type) throw new ImportFormatError(`line ${lineNumber}: unknown entity type "${typeName}" (expected Event, Quote or Claim)`)
  let fragments: Array<[number, number]>
  try {
    fragments = spans.split(';').map((span) => {
      const [start, end] = span.split(' ').map(Number)
      return [offsets.toUtf16(start, 'codepoint'), offsets.toUtf16(end, 'codepoint')] as [number, number]
    })
  } catch (error) {
    throw new ImportFormatError(`line ${lineNumber}: ${(error as Error).message}`)
  }
  const start = fragments[0][0]
  const end = fragments[fragments.length - 1][1]
  if (fragments.some(([from, to]) => to < from) || end < start) throw new ImportFormatError(`line ${lineNumber}: a fragment ends before it starts`)
  const fragmentsMatch = fragments.map(([from, to]) => text.slice(from, to)).join(' ') === quoted
  // brat writes the fragments' texts joined by a space; when they match, the whole span is the quote.
  const annotation: SourceAnnotation = fragmentsMatch ? { id, type, start, end, exact: text.slice(start, end) } : { id, type, start, end, exact: quoted }
  return { annotation, attrs: {} }
}

/**
 * Reads a brat standoff pair: the `.txt` text and its `.ann` (T, A and AnnotatorNotes lines, and R
 * lines of the relation types Spanwise exports, which become links; other kinds and relation
 * types are ignored). A note in the Spanwise format (readBratNote) gives back the attributes it
 * carries. With the export's `.ids.tsv` (`ids`), annotations and links keep their Spanwise ids;
 * without it they are named by their brat ids. Offsets are code points, as brat counts them.
 * Throws ImportFormatError naming the line of a malformed entry.
 */
export function importBrat(text: string, ann: string, ids?: string): AnnotatedSource {
  const offsets = new OffsetConverter(text)
  const drafts = new Map<string, Draft>()
  const lines = ann.replace(/\r\n?/g, '\n').split('\n')
  const later: Array<() => void> = []
  const relationIds = new Set<string>()
  lines.forEach((line, index) => {
    const lineNumber = index + 1
    if (line.trim() === '') return
    if (line.startsWith('T')) {
      const match = TEXT_BOUND.exec(line)
      if (!match) throw new ImportFormatError(`line ${lineNumber}: malformed text-bound annotation (expected "T1\\tType start end\\ttext")`)
      drafts.set(match[1], parseTextBound(match, lineNumber, text, offsets))
    } else if (line.startsWith('A') || line.startsWith('M')) {
      const match = ATTRIBUTE.exec(line)
      if (!match) throw new ImportFormatError(`line ${lineNumber}: malformed attribute (expected "A1\\tName T1 [value]")`)
      later.push(() => applyAttribute(drafts, match, lineNumber))
    } else if (line.startsWith('#')) {
      const match = NOTE.exec(line)
      if (match) later.push(() => applyNote(drafts, match, lineNumber))
    } else if (line.startsWith('R')) {
      const match = RELATION.exec(line)
      if (!match) throw new ImportFormatError(`line ${lineNumber}: malformed relation (expected "R1\\tType Arg1:T1 Arg2:T2")`)
      if (relationIds.has(match[1])) throw new ImportFormatError(`line ${lineNumber}: ${match[1]} is defined twice`)
      relationIds.add(match[1])
      if (!LINK_TYPES_BY_RELATION.has(match[2])) return
      later.push(() => applyRelation(drafts, match, lineNumber))
    } else if (!/^[EN*]/.test(line)) {
      throw new ImportFormatError(`line ${lineNumber}: unknown annotation kind "${line.slice(0, 12)}"`)
    }
  })
  for (const apply of later) apply()
  const annotations = [...drafts.values()].map(({ annotation, attrs }) => ({ ...annotation, attrs }))
  return { text, annotations: ids === undefined ? annotations : withSpanwiseIds(annotations, readBratIds(ids)) }
}

const IDS_ROW = /^([TR]\d+)\t(.*)$/

/** The rows of an `.ids.tsv` (header optional): brat id → Spanwise id. Throws ImportFormatError naming the row. */
function readBratIds(tsv: string): Map<string, string> {
  const ids = new Map<string, string>()
  tsv
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '' || (index === 0 && line === BRAT_IDS_HEADER)) return
      const match = IDS_ROW.exec(line)
      const where = `ids.tsv line ${index + 1}`
      if (!match) throw new ImportFormatError(`${where}: expected "T1<TAB>annotation id" or "R1<TAB>link id"`)
      const id = unescapeTsvField(match[2])
      if (id === '' || id.length > 100) throw new ImportFormatError(`${where}: the id of ${match[1]} must be 1 to 100 characters`)
      if (ids.has(match[1])) throw new ImportFormatError(`${where}: ${match[1]} is listed twice`)
      ids.set(match[1], id)
    })
  return ids
}

/** Renames annotations (T) and links (R) to the Spanwise ids of an `.ids.tsv`; those it does not list keep their brat ids. */
function withSpanwiseIds(annotations: SourceAnnotation[], ids: Map<string, string>): SourceAnnotation[] {
  const idOf = (bratId: string) => ids.get(bratId) ?? bratId
  const renamed = annotations.map((annotation) => ({
    ...annotation,
    id: idOf(annotation.id!),
    ...(annotation.links ? { links: annotation.links.map((link) => ({ ...link, id: idOf(link.id), target: idOf(link.target) })) } : {}),
  }))
  const seen = new Set<string>()
  for (const { id } of renamed) {
    if (seen.has(id)) throw new ImportFormatError(`ids.tsv: two annotations would both be "${id}"`)
    seen.add(id)
  }
  return renamed
}

function target(drafts: Map<string, Draft>, id: string, lineNumber: number): Draft {
  const draft = drafts.get(id)
  if (!draft) throw new ImportFormatError(`line ${lineNumber}: refers to ${id}, which is not defined`)
  return draft
}

function applyAttribute(drafts: Map<string, Draft>, match: RegExpExecArray, lineNumber: number): void {
  const [, , name, id, value] = match
  const draft = target(drafts, id, lineNumber)
  if (name === 'Verdict') {
    if (!VERDICTS.includes(value as Verdict)) throw new ImportFormatError(`line ${lineNumber}: unknown verdict "${value}" (expected ${VERDICTS.join(', ')})`)
    draft.attrs.verdict = value
  } else if (name === 'Paraphrase') {
    draft.attrs.paraphrase = true
  }
}

/**
 * A note in the Spanwise format sets the attributes it carries that the annotation's type has and
 * that validate; the others stay in the note as `key: value` parts, so nothing is lost. Any other
 * note is the annotation's note as it is.
 */
function applyNote(drafts: Map<string, Draft>, match: RegExpExecArray, lineNumber: number): void {
  const draft = target(drafts, match[2], lineNumber)
  const structured = readBratNote(match[3])
  if (!structured) {
    draft.annotation.note = match[3]
    return
  }
  const shape: Partial<Record<string, z.ZodType>> = attrsSchemaByType[draft.annotation.type].shape
  const values = new Map<string, string[]>()
  for (const [key, value] of structured.attributes) values.set(key, [...(values.get(key) ?? []), value])
  const kept: string[] = []
  for (const [key, list] of values) {
    // A list attribute takes every part of its key; any other exactly one.
    const parsed = [shape[key]?.safeParse(list), list.length === 1 ? shape[key]?.safeParse(list[0]) : undefined].find((result) => result?.success)
    if (parsed) draft.attrs[key] = parsed.data
    else kept.push(...list.map((value) => `${key}: ${value}`))
  }
  const note = [structured.note, ...kept].filter((part) => part !== '').join(BRAT_NOTE_SEPARATOR)
  if (note !== '') draft.annotation.note = note
  else delete draft.annotation.note
}

/**
 * A relation of a type the brat exporter writes becomes a link of its Arg1 annotation to its
 * Arg2. A relation to itself or repeating one already read (same type, same ends) is left out.
 */
function applyRelation(drafts: Map<string, Draft>, match: RegExpExecArray, lineNumber: number): void {
  const [, id, name, args] = match
  const type = LINK_TYPES_BY_RELATION.get(name)!
  const argument = new Map(
    args
      .trim()
      .split(/\s+/)
      .map((pair) => pair.split(':', 2) as [string, string]),
  )
  const from = argument.get('Arg1')
  const to = argument.get('Arg2')
  if (!from || !to || !/^T\d+$/.test(from) || !/^T\d+$/.test(to)) {
    throw new ImportFormatError(`line ${lineNumber}: a ${name} relation needs Arg1 and Arg2 text-bound annotations (T…)`)
  }
  const source = target(drafts, from, lineNumber)
  target(drafts, to, lineNumber)
  const links = source.annotation.links ?? []
  if (from === to || links.some((link) => link.type === type && link.target === to)) return
  source.annotation.links = [...links, { id, type, target: to, createdBy: IMPORTED_BY, createdAt: new Date().toISOString() }]
}
