import { strToU8, zipSync } from 'fflate'
import { VERDICTS, type AnnotationLink, type LinkType } from '../model/annotation'
import { OffsetConverter } from '../model/offsets'
import { writeBratIds } from './brat-ids'
import { writeBratNote } from './brat-notes'
import { selectAnnotations, type ExportOptions } from './options'
import type { ExportResult } from './result'
import type { DocumentSnapshot, SnapshotAnnotation } from './snapshot'

/** brat's entity type of each annotation type. */
const BRAT_ENTITY_TYPES: Record<SnapshotAnnotation['type'], string> = { event: 'Event', quote: 'Quote', claim: 'Claim' }

// Every character Python's str.splitlines() breaks on: brat reads .ann files line by line, so
// none may appear inside a fragment's text or a note.
// eslint-disable-next-line no-control-regex -- the separators \x1c-\x1e are line breaks to Python
const LINE_BREAKS = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+/g

/** brat's relation type of each link type (brat names are identifiers: no hyphens). */
export const BRAT_RELATION_TYPES: Record<LinkType, string> = {
  supports: 'Supports',
  contradicts: 'Contradicts',
  quotes: 'Quotes',
  'same-event-as': 'Same_event_as',
  cites: 'Cites',
  mentions: 'Mentions',
}

/** The verdicts brat can record (`unreviewed` is the absence of the attribute). */
const BRAT_VERDICTS = VERDICTS.filter((verdict) => verdict !== 'unreviewed')

/** The brat configuration shipped with every export. */
export const BRAT_ANNOTATION_CONF = [
  '[entities]',
  ...Object.values(BRAT_ENTITY_TYPES),
  '',
  '[relations]',
  ...Object.values(BRAT_RELATION_TYPES).map((name) => `${name}\tArg1:<ENTITY>, Arg2:<ENTITY>`),
  // Spans of any types may overlap or coincide (a claim and the event it is about often do).
  '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
  '',
  '[events]',
  '',
  '[attributes]',
  `Verdict\tArg:Claim, Value:${BRAT_VERDICTS.join('|')}`,
  'Paraphrase\tArg:Quote',
  '',
].join('\n')

/** A contiguous piece of a span, as UTF-16 offsets into the text. */
interface Fragment {
  start: number
  end: number
}

/** Splits a span at line breaks: brat fragments never contain one. Empty pieces are dropped. */
export function bratFragments(text: string, start: number, end: number): Fragment[] {
  const fragments: Fragment[] = []
  let pieceStart = start
  for (const match of text.slice(start, end).matchAll(LINE_BREAKS)) {
    const breakStart = start + match.index
    if (breakStart > pieceStart) fragments.push({ start: pieceStart, end: breakStart })
    pieceStart = breakStart + match[0].length
  }
  if (end > pieceStart) fragments.push({ start: pieceStart, end })
  return fragments
}

/** Creation order (createdAt, then id): the order brat itself appends annotations in. */
function byCreation(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  const time = Date.parse(a.createdAt) - Date.parse(b.createdAt)
  if (time) return time
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * Each annotation's T number: its place in creation order among all the document's annotations
 * (detached and filtered-out ones included), so annotations added later, anywhere in the text,
 * never renumber the others. Numbers of annotations a file leaves out are simply not used.
 */
export function bratEntityNumbers(snapshot: Pick<DocumentSnapshot, 'annotations'>): Map<string, number> {
  return new Map([...snapshot.annotations].sort(byCreation).map((annotation, index) => [annotation.id, index + 1]))
}

/** A brat export's `.ann` text and which Spanwise id each of its T and R ids stands for. */
interface BratStandoff {
  ann: string
  ids: Array<[bratId: string, spanwiseId: string]>
}

function bratStandoff(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'type' | 'verdict' | 'author'>): BratStandoff {
  const offsets = new OffsetConverter(snapshot.text)
  const numbers = bratEntityNumbers(snapshot)
  const lines: string[] = []
  const ids: BratStandoff['ids'] = []
  let attributes = 0
  let notes = 0
  const entityOf = new Map<string, string>()
  const exported = selectAnnotations(snapshot, options).sort(byCreation)
  for (const annotation of exported) {
    if (annotation.start === null || annotation.end === null) continue
    const fragments = bratFragments(snapshot.text, annotation.start, annotation.end)
    if (fragments.length === 0) continue
    const entity = `T${numbers.get(annotation.id)}`
    entityOf.set(annotation.id, entity)
    ids.push([entity, annotation.id])
    const spans = fragments.map((fragment) => `${offsets.convert(fragment.start, 'codepoint')} ${offsets.convert(fragment.end, 'codepoint')}`).join(';')
    const text = fragments.map((fragment) => snapshot.text.slice(fragment.start, fragment.end)).join(' ')
    lines.push(`${entity}\t${BRAT_ENTITY_TYPES[annotation.type]} ${spans}\t${text}`)
    const attrs = annotation.attrs as { verdict?: string; paraphrase?: boolean }
    if (annotation.type === 'claim' && attrs.verdict && attrs.verdict !== 'unreviewed') lines.push(`A${++attributes}\tVerdict ${entity} ${attrs.verdict}`)
    if (annotation.type === 'quote' && attrs.paraphrase === true) lines.push(`A${++attributes}\tParaphrase ${entity}`)
    const note = writeBratNote(annotation.note, annotation.attrs)
    if (note !== null) lines.push(`#${++notes}\tAnnotatorNotes ${entity}\t${note}`)
  }
  bratRelations(exported, entityOf, numbers).forEach(({ link, source, target }, index) => {
    lines.push(`R${index + 1}\t${BRAT_RELATION_TYPES[link.type]} Arg1:${source} Arg2:${target}`)
    ids.push([`R${index + 1}`, link.id])
  })
  return { ann: lines.map((line) => `${line}\n`).join(''), ids }
}

/**
 * The links between annotations that are both in the file (by their T ids), in the order they
 * were made, so a new one never renumbers the others (a link id is unique within its annotation).
 */
function bratRelations(exported: SnapshotAnnotation[], entityOf: ReadonlyMap<string, string>, numbers: ReadonlyMap<string, number>) {
  const relations: Array<{ link: AnnotationLink; holder: number; source: string; target: string }> = []
  for (const annotation of exported) {
    const source = entityOf.get(annotation.id)
    for (const link of source ? annotation.links : []) {
      const target = entityOf.get(link.target)
      if (target) relations.push({ link, holder: numbers.get(annotation.id)!, source: source!, target })
    }
  }
  return relations.sort((a, b) => byCreation(a.link, b.link) || a.holder - b.holder)
}

/**
 * The `.ann` standoff file, in creation order: `T` lines (numbered by bratEntityNumbers; offsets
 * in code points, as brat counts Python `str` characters; spans crossing a line break as
 * discontinuous fragments `0 5;6 15`), `A` lines for verdicts and paraphrases, `#` AnnotatorNotes
 * for the note and the other attributes (writeBratNote), then `R` lines for the links between
 * annotations that are both in the file. Detached annotations have no offsets and are left out
 * (with their links).
 */
export function toBratAnn(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'type' | 'verdict' | 'author'>): string {
  return bratStandoff(snapshot, options).ann
}

/**
 * The four files of a brat export by file name, in this order: `<docId>.txt` (the plain text the
 * offsets refer to), `<docId>.ann`, `<docId>.ids.tsv` (the annotation id of each T and the link
 * id of each R) and `annotation.conf`. The CLI writes them as they are.
 */
export function toBratFiles(snapshot: DocumentSnapshot, options: Pick<ExportOptions, 'type' | 'verdict' | 'author'>): Record<string, string> {
  const { ann, ids } = bratStandoff(snapshot, options)
  return {
    [`${snapshot.id}.txt`]: snapshot.text,
    [`${snapshot.id}.ann`]: ann,
    [`${snapshot.id}.ids.tsv`]: writeBratIds(ids),
    'annotation.conf': BRAT_ANNOTATION_CONF,
  }
}

// zip stores local times from 1980 on; a fixed time keeps the archive byte-identical between runs.
const ZIP_MTIME = new Date(Date.UTC(1980, 0, 1, 12))

/** `brat`: the brat files zipped (brat's offsets are always code points). */
export function exportBrat(snapshot: DocumentSnapshot, options: ExportOptions): ExportResult {
  const files = Object.fromEntries(Object.entries(toBratFiles(snapshot, options)).map(([name, text]) => [name, strToU8(text)]))
  return { body: zipSync(files, { mtime: ZIP_MTIME }), contentType: 'application/zip', extension: 'zip' }
}
