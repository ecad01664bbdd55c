/**
 * A big annotated document for benchmarks: the seed article repeated to a target size, and many
 * annotations of every type (with attributes, some with comments), overlapping, nested and
 * crossing blocks, written with the app's own `createAnnotation` as docs/data-model.md describes
 * (nested Y.Maps, Yjs relative-position anchors on the blocks' Y.XmlText).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import type { AnnotationComment, AnnotationType } from '../../editor/model/annotation'
import { anchorToJSON } from '../../editor/model/anchors'
import { createAnnotation } from '../../editor/model/annotation-store'
import { seedManifestSchema } from '../../editor/import/seed-manifest'
import { seededRandom } from './seeded-random'

/** The seed article's text (the first entry of content/documents.json). */
function readSeedArticle(root: string): { title: string; text: string } {
  const contentDir = path.join(root, 'content')
  const [entry] = seedManifestSchema.parse(JSON.parse(readFileSync(path.join(contentDir, 'documents.json'), 'utf8')))
  if (!entry) throw new Error(`${contentDir}/documents.json lists no document`)
  return { title: entry.title, text: readFileSync(path.join(contentDir, entry.file), 'utf8') }
}

/** The seed article repeated (copies separated by a blank line) until it has at least `minChars` characters. */
export function repeatedSeedText(root: string, minChars: number): string {
  const article = readSeedArticle(root).text.trim()
  const copies: string[] = []
  let length = 0
  while (length < minChars) {
    copies.push(article)
    length += article.length + 2
  }
  return copies.join('\n\n')
}

/** One run of text in document order: its Y.XmlText, plain text and the block it belongs to. */
interface TextRun {
  readonly type: Y.XmlText
  readonly text: string
  readonly block: Y.XmlElement
}

function plainText(type: Y.XmlText): string {
  return (type.toDelta() as Array<{ insert: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('')
}

function collectRuns(container: Y.XmlFragment | Y.XmlElement, runs: TextRun[]): TextRun[] {
  for (const child of container.toArray()) {
    if (child instanceof Y.XmlText) {
      const text = plainText(child)
      if (text.length > 0 && container instanceof Y.XmlElement) runs.push({ type: child, text, block: container })
    } else if (child instanceof Y.XmlElement) collectRuns(child, runs)
  }
  return runs
}

const PEOPLE = ['Vladimir Putin', 'Benjamin Netanyahu', 'Recep Tayyip Erdoğan', 'Bashar al-Assad', 'Ted Belman', 'Alexander Maistrovoy']
const PLACES = ['Moscow', 'Jerusalem', 'Damascus', 'Ankara', 'Tehran', 'Sochi']
const VERDICT_CYCLE = ['unreviewed', 'supported', 'disputed', 'false', 'misleading', 'unverifiable'] as const
const AUTHOR = { id: 'bench', name: 'Benchmark script' }

function attrsFor(type: AnnotationType, index: number, exact: string, pick: <T>(list: readonly T[]) => T): unknown {
  const month = String((index % 12) + 1).padStart(2, '0')
  if (type === 'event') {
    return { date: `2016-${month}`, endDate: `2017-${month}-15`, place: pick(PLACES), participants: [pick(PEOPLE), pick(PEOPLE)], summary: `Event ${index}: a meeting` }
  }
  if (type === 'quote') {
    return { speaker: pick(PEOPLE), date: `2016-${month}-0${(index % 9) + 1}`, source: `https://example.org/source/${index}`, paraphrase: index % 2 === 0 }
  }
  const verdict = VERDICT_CYCLE[index % VERDICT_CYCLE.length]
  const review = verdict === 'unreviewed' ? {} : { reviewedBy: AUTHOR, reviewedAt: '2026-11-25T10:00:00.000Z', reviewedText: exact }
  return { claimant: pick(PEOPLE), summary: `Claim ${index}`, verdict, rationale: 'Checked against the record.', evidence: [`https://example.org/evidence/${index}`], ...review }
}

/** What {@link addSyntheticAnnotations} wrote. */
export interface SyntheticAnnotationsReport {
  readonly count: number
  readonly byType: Record<AnnotationType, number>
  /** Annotations placed inside another annotation's span (nested overlap). */
  readonly nested: number
  /** Annotations whose span crosses from one block into the next. */
  readonly crossBlock: number
}

/**
 * Adds `count` annotations to the document in `ydoc` (whose `prosemirror` fragment must already
 * hold the text), in transactions of `batchSize`: types cycle event/quote/claim; spans are 3–160
 * characters at random places (so at this density they overlap), every fifth is nested inside the
 * previous span, every tenth crosses into the next block, every tenth has a comment.
 */
export function addSyntheticAnnotations(ydoc: Y.Doc, count: number, options: { seed?: number; batchSize?: number; origin?: unknown } = {}): SyntheticAnnotationsReport {
  const random = seededRandom(options.seed ?? 17)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  const runs = collectRuns(ydoc.getXmlFragment('prosemirror'), [])
  if (runs.length === 0) throw new Error('addSyntheticAnnotations: the document has no text')
  const cumulative: number[] = []
  let total = 0
  for (const run of runs) {
    cumulative.push(total)
    total += run.text.length
  }
  const runAt = (offset: number): number => {
    let low = 0
    let high = runs.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (cumulative[middle] <= offset) low = middle
      else high = middle - 1
    }
    return low
  }
  const types: AnnotationType[] = ['event', 'quote', 'claim']
  const byType: Record<AnnotationType, number> = { event: 0, quote: 0, claim: 0 }
  let nested = 0
  let crossBlock = 0
  let previous: { run: number; from: number; to: number } | null = null
  const batchSize = options.batchSize ?? 500
  for (let first = 0; first < count; first += batchSize) {
    ydoc.transact(() => {
      for (let index = first; index < Math.min(count, first + batchSize); index++) {
        const type = types[index % types.length]
        let startRun: number
        let from: number
        let endRun: number
        let to: number
        if (index % 5 === 4 && previous && previous.to - previous.from >= 4) {
          // Nested inside the previous span.
          startRun = endRun = previous.run
          from = previous.from + 1 + Math.floor(random() * ((previous.to - previous.from) / 2))
          to = Math.max(from + 1, Math.min(previous.to - 1, from + 1 + Math.floor(random() * (previous.to - from))))
          nested++
        } else {
          startRun = runAt(Math.floor(random() * total))
          const text = runs[startRun].text
          from = Math.floor(random() * Math.max(1, text.length - 1))
          const next = runs[startRun + 1]
          if (index % 10 === 9 && next && next.block !== runs[startRun].block) {
            endRun = startRun + 1
            to = Math.min(next.text.length, 1 + Math.floor(random() * 60))
            crossBlock++
          } else {
            endRun = startRun
            to = Math.min(text.length, from + 3 + Math.floor(random() * 158))
          }
        }
        const start = runs[startRun]
        const end = runs[endRun]
        const exact = startRun === endRun ? start.text.slice(from, to) : `${start.text.slice(from)}${start.block === end.block ? '\n' : '\n\n'}${end.text.slice(0, to)}`
        if (startRun === endRun) previous = { run: startRun, from, to }
        const comments: AnnotationComment[] =
          index % 10 === 0 ? [{ id: `bench-comment-${index}`, author: AUTHOR, text: `Comment on ${index}`, createdAt: '2026-11-25T10:00:00.000Z' }] : []
        createAnnotation(
          ydoc,
          {
            id: `bench-${index}`,
            type,
            start: anchorToJSON(Y.createRelativePositionFromTypeIndex(start.type, from, 0)),
            end: anchorToJSON(Y.createRelativePositionFromTypeIndex(end.type, to, -1)),
            exact,
            attrs: attrsFor(type, index, exact, pick),
            ...(index % 7 === 0 ? { note: `Note ${index}` } : {}),
            createdBy: AUTHOR,
            comments,
          },
          options.origin,
        )
        byType[type]++
      }
    }, options.origin)
  }
  return { count, byType, nested, crossBlock }
}
