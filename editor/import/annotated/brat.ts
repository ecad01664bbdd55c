import type { AnnotationType, LinkType } from '../../model/annotation'
import { VERDICTS, type Verdict } from '../../model/annotation'
import { BRAT_RELATION_TYPES } from '../../export/brat'
import { OffsetConverter } from '../../model/offsets'
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
 * types are ignored). Offsets are code points, as brat counts them. Throws ImportFormatError
 * naming the line of a malformed entry.
 */
export function importBrat(text: string, ann: string): AnnotatedSource {
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
  return { text, annotations: [...drafts.values()].map(({ annotation, attrs }) => ({ ...annotation, attrs })) }
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

function applyNote(drafts: Map<string, Draft>, match: RegExpExecArray, lineNumber: number): void {
  target(drafts, match[2], lineNumber).annotation.note = match[3]
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
