/**
 * Builds the export benchmark's document: the seed article (content/) repeated to the wanted size,
 * imported the way the collab server seeds a document, with many valid annotations of every type
 * written through the real annotation store (zod-validated records, Yjs relative-position
 * anchors as docs/data-model.md lays them out). Deterministic: fixed client id, seeded PRNG,
 * fixed times.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Node as PMNode } from 'prosemirror-model'
import * as Y from 'yjs'
import { BLOCK_SEPARATOR, textBlockToPlainText } from '../../editor/export/plain-text'
import { importPlainText } from '../../editor/import/plain-text'
import { seedManifestSchema } from '../../editor/import/seed-manifest'
import type { AnnotationComment, AnnotationType, Person, Verdict } from '../../editor/model/annotation'
import { createAnnotation } from '../../editor/model/annotation-store'
import { YDocumentMeasurer, anchorToJSON } from '../../editor/model/anchors'
import { CONTENT_FRAGMENT } from '../../editor/model/doc-layout'
import { spanText } from '../../editor/model/resolve-annotations'
import { schema } from '../../editor/schema'
import { encodeInitialDocument, readContent } from '../../editor/yjs/document-content'
import { seededRandom } from '../lib/seeded-random'

/** The seed article's text and title, read through content/documents.json. */
export function readSeedArticle(root: string): { id: string; title: string; text: string } {
  const manifest = seedManifestSchema.parse(JSON.parse(readFileSync(path.join(root, 'content', 'documents.json'), 'utf8')))
  const entry = manifest[0]
  if (!entry) throw new Error('content/documents.json lists no document')
  return { id: entry.id, title: entry.title, text: readFileSync(path.join(root, 'content', entry.file), 'utf8') }
}

/** The article repeated (blank line between copies) until its UTF-8 size reaches `minBytes`. */
function repeatText(text: string, minBytes: number): { text: string; copies: number } {
  const copyBytes = Buffer.byteLength(text.trim(), 'utf8') + 2
  const copies = Math.max(1, Math.ceil(minBytes / copyBytes))
  return { text: Array.from({ length: copies }, () => text.trim()).join('\n\n'), copies }
}

const PEOPLE: Person[] = [
  { id: 'user-alice', name: 'Alice Cohen' },
  { id: 'user-bob', name: 'Bob Ivanov' },
  { id: 'user-dana', name: 'Dana Levi' },
  { id: 'user-yossi', name: 'Yossi Mizrahi' },
]
const SPEAKERS = ['Vladimir Putin', 'Benjamin Netanyahu', 'Ariel Sharon', 'Vladimir Zhirinovsky', 'Sergey Lavrov', 'Avigdor Liberman']
const PLACES = ['Moscow', 'Jerusalem', 'Sochi', 'Damascus', 'New York', 'Tel Aviv']
const VERDICT_CYCLE: Verdict[] = ['unreviewed', 'supported', 'disputed', 'false', 'misleading', 'unverifiable']

interface PlacedBlock {
  contentStart: number
  length: number
}

function placeBlocks(doc: PMNode): PlacedBlock[] {
  const blocks: PlacedBlock[] = []
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    blocks.push({ contentStart: pos + 1, length: textBlockToPlainText(node).length })
    return false
  })
  return blocks
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]
const isoAt = (minutes: number) => new Date(Date.UTC(2026, 10, 25, 10, 0) + minutes * 60_000).toISOString()
const partialDate = (random: () => number) => {
  const year = 1995 + Math.floor(random() * 30)
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0')
  const day = String(1 + Math.floor(random() * 28)).padStart(2, '0')
  const precision = random()
  return precision < 0.3 ? String(year) : precision < 0.6 ? `${year}-${month}` : `${year}-${month}-${day}`
}

function attrsFor(type: AnnotationType, index: number, exact: string, random: () => number, minutes: number): Record<string, unknown> {
  if (type === 'event') {
    const date = partialDate(random)
    return {
      date,
      ...(random() < 0.3 ? { endDate: `${Number(date.slice(0, 4)) + 1}` } : {}),
      place: pick(random, PLACES),
      participants: [pick(random, SPEAKERS), pick(random, SPEAKERS)],
      summary: `Event ${index}: ${exact.slice(0, 60)}`,
    }
  }
  if (type === 'quote') {
    return { speaker: pick(random, SPEAKERS), date: partialDate(random), source: `https://example.org/sources/${index}`, paraphrase: random() < 0.4 }
  }
  const verdict = VERDICT_CYCLE[index % VERDICT_CYCLE.length]
  return {
    claimant: pick(random, SPEAKERS),
    summary: `Claim ${index}: ${exact.slice(0, 80)}`,
    verdict,
    ...(verdict === 'unreviewed'
      ? {}
      : {
          rationale: 'Checked against the archive; see the evidence for the primary sources.',
          evidence: [`https://example.org/evidence/${index}`, `https://example.org/evidence/${index}-b`],
          reviewedBy: pick(random, PEOPLE),
          reviewedAt: isoAt(minutes + 30),
          reviewedText: exact,
        }),
  }
}

/** What {@link buildAnnotatedDocument} made. */
export interface BuiltDocument {
  readonly ydoc: Y.Doc
  /** The initial update, exactly as the collab server would store it on creation. */
  readonly initialUpdate: Uint8Array
  /** Everything the annotations added, as one update on top of `initialUpdate`. */
  readonly annotationsUpdate: Uint8Array
  readonly title: string
  readonly createdAt: string
  readonly copies: number
  readonly textChars: number
  readonly textBytes: number
  readonly blocks: number
  readonly annotations: number
  readonly byType: Record<AnnotationType, number>
  readonly crossBlock: number
}

/**
 * The seed article repeated to at least `minBytes` of UTF-8 text, imported as the server seeds it,
 * with `annotationCount` annotations: event, quote and claim in turn; spans of 2–60 words that
 * overlap and nest at random, about 3 % of them crossing into the next block; notes, comments and
 * reviewed claims on some.
 */
export function buildAnnotatedDocument(root: string, options: { minBytes: number; annotationCount: number; seed?: number }): BuiltDocument {
  const article = readSeedArticle(root)
  const { text, copies } = repeatText(article.text, options.minBytes)
  const createdAt = '2026-11-25T10:00:00.000Z'
  const title = `${article.title} (×${copies})`
  const initialUpdate = encodeInitialDocument(importPlainText(text, { title }), { title, createdAt })

  const ydoc = new Y.Doc()
  ydoc.clientID = 7
  Y.applyUpdate(ydoc, initialUpdate)
  const doc = readContent(ydoc)
  const blocks = placeBlocks(doc).filter((block) => block.length > 0)
  const measurer = new YDocumentMeasurer(ydoc.getXmlFragment(CONTENT_FRAGMENT), schema)
  const random = seededRandom(options.seed ?? 20261125)
  const weights = blocks.map((block) => block.length)
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0)
  const pickBlock = () => {
    let target = random() * totalWeight
    for (let index = 0; index < blocks.length; index++) {
      target -= weights[index] ?? 0
      if (target < 0) return index
    }
    return blocks.length - 1
  }

  const stateBefore = Y.encodeStateVector(ydoc)
  const types: AnnotationType[] = ['event', 'quote', 'claim']
  const byType: Record<AnnotationType, number> = { event: 0, quote: 0, claim: 0 }
  let crossBlock = 0
  for (let index = 0; byType.event + byType.quote + byType.claim < options.annotationCount; index++) {
    const type = types[index % types.length]
    const blockIndex = pickBlock()
    const block = blocks[blockIndex]
    const startOffset = Math.floor(random() * Math.max(1, block.length - 1))
    const spanLength = 8 + Math.floor(random() * 350)
    const next = blocks[blockIndex + 1]
    const crosses = next !== undefined && random() < 0.03
    const from = block.contentStart + startOffset
    const to = crosses ? next.contentStart + Math.max(1, Math.min(next.length, Math.floor(random() * 120))) : block.contentStart + Math.min(block.length, startOffset + spanLength)
    if (to <= from) continue
    const start = measurer.relativePositionAt(from, 'start')
    const end = measurer.relativePositionAt(to, 'end')
    if (!start || !end) throw new Error(`build-document: position ${from}–${to} is not in a text block`)
    const exact = spanText(doc, from, to)
    const minutes = index
    const author = pick(random, PEOPLE)
    const comments: AnnotationComment[] =
      index % 7 === 0
        ? [
            { id: `c-${index}-1`, author: pick(random, PEOPLE), text: 'Is there a primary source for this?', createdAt: isoAt(minutes + 5) },
            { id: `c-${index}-2`, author, text: 'Yes — the archive, p. 3; “quoted” in full.', createdAt: isoAt(minutes + 9) },
          ]
        : []
    createAnnotation(
      ydoc,
      {
        id: `${type.slice(0, 2)}-${String(index).padStart(5, '0')}`,
        type,
        start: anchorToJSON(start),
        end: anchorToJSON(end),
        exact,
        attrs: attrsFor(type, index, exact, random, minutes),
        ...(index % 5 === 0 ? { note: `Note ${index}: check this.\nSecond line\twith a tab.` } : {}),
        createdBy: author,
        createdAt: isoAt(minutes),
        updatedAt: isoAt(minutes + (comments.length > 0 ? 9 : 0)),
        comments,
      },
      'bench',
    )
    byType[type] += 1
    if (crosses) crossBlock += 1
  }
  const textOf = doc.textBetween(0, doc.content.size, BLOCK_SEPARATOR, (leaf) => (leaf.type.name === 'hard_break' ? '\n' : ''))
  return {
    ydoc,
    initialUpdate,
    annotationsUpdate: Y.encodeStateAsUpdate(ydoc, stateBefore),
    title,
    createdAt,
    copies,
    textChars: textOf.length,
    textBytes: Buffer.byteLength(textOf, 'utf8'),
    blocks: blocks.length,
    annotations: byType.event + byType.quote + byType.claim,
    byType,
    crossBlock,
  }
}
