import type { Node as PMNode } from 'prosemirror-model'
import * as Y from 'yjs'
import type { AnnotationComment, AnnotationType, Person, RelativePositionJSON } from '../../../../../editor/model/annotation'
import { createAnnotation } from '../../../../../editor/model/annotation-store'
import { YDocumentMeasurer, anchorToJSON } from '../../../../../editor/model/anchors'
import { CONTENT_FRAGMENT } from '../../../../../editor/model/doc-layout'
import { spanText } from '../../../../../editor/model/resolve-annotations'
import { BLOCK_SEPARATOR, textBlockToPlainText } from '../../../../../editor/export/plain-text'
import { schema } from '../../../../../editor/schema'
import { readContent } from '../../../../../editor/yjs/document-content'

/** Words to find in a document's plain text: the `occurrence`-th (1-based) match of `needle`. */
export interface Words {
  needle: string
  occurrence?: number
}

interface PlacedBlock {
  contentStart: number
  textStart: number
  length: number
}

/**
 * Places text blocks in the plain text (docs/data-model.md). Inside a block one character is one
 * ProseMirror position (a hard break is one "\n" and one position), so offsets map linearly.
 */
function placeBlocks(doc: PMNode): { text: string; blocks: PlacedBlock[] } {
  const blocks: PlacedBlock[] = []
  let text = ''
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    if (blocks.length > 0) text += BLOCK_SEPARATOR
    const blockText = textBlockToPlainText(node)
    blocks.push({ contentStart: pos + 1, textStart: text.length, length: blockText.length })
    text += blockText
    return false
  })
  return { text, blocks }
}

/** Where `words` are: the ProseMirror range and the plain-text (UTF-16) range. Throws when absent. */
function findWords(doc: PMNode, words: Words): { from: number; to: number; start: number; end: number } {
  const { text, blocks } = placeBlocks(doc)
  const occurrence = words.occurrence ?? 1
  let start = -1
  for (let found = 0; found < occurrence; found++) {
    start = text.indexOf(words.needle, start + 1)
    if (start < 0) throw new Error(`findWords: occurrence ${occurrence} of ${JSON.stringify(words.needle)} not found`)
  }
  const end = start + words.needle.length
  const blockAt = (offset: number, side: 'start' | 'end') =>
    blocks.find((block) =>
      side === 'start' ? offset >= block.textStart && offset < block.textStart + block.length : offset > block.textStart && offset <= block.textStart + block.length,
    )
  const first = blockAt(start, 'start')
  const last = blockAt(end, 'end')
  if (!first || !last) throw new Error(`findWords: ${JSON.stringify(words.needle)} starts or ends between blocks`)
  return { from: first.contentStart + start - first.textStart, to: last.contentStart + end - last.textStart, start, end }
}

/** What a tag needs besides the words; ids and times are fixed by the caller for stable output. */
export interface TagSpec {
  id: string
  type: AnnotationType
  attrs?: unknown
  note?: string
  createdBy: Person
  createdAt?: string
  updatedAt?: string
  comments?: AnnotationComment[]
}

/** The anchors and text of `words`, as the tagSelection command takes them. */
export function spanOfWords(ydoc: Y.Doc, words: Words): { start: RelativePositionJSON; end: RelativePositionJSON; exact: string } {
  const doc = readContent(ydoc)
  const { from, to } = findWords(doc, words)
  const measurer = new YDocumentMeasurer(ydoc.getXmlFragment(CONTENT_FRAGMENT), schema)
  const start = measurer.relativePositionAt(from, 'start')
  const end = measurer.relativePositionAt(to, 'end')
  if (!start || !end) throw new Error(`tagWords: ${JSON.stringify(words.needle)} is not in text`)
  return { start: anchorToJSON(start), end: anchorToJSON(end), exact: spanText(doc, from, to) }
}

/** Tags `words` on a Y.Doc as the tagSelection command does; returns the span's text. */
export function tagWords(ydoc: Y.Doc, words: Words, spec: TagSpec): string {
  const span = spanOfWords(ydoc, words)
  createAnnotation(ydoc, { ...spec, ...span })
  return span.exact
}

/** The text run holding `words` and where they are in it; throws when they span several runs. */
function locateInRun(ydoc: Y.Doc, words: Words): { run: Y.XmlText; index: number; length: number } {
  const { from, to } = findWords(readContent(ydoc), words)
  const measurer = new YDocumentMeasurer(ydoc.getXmlFragment(CONTENT_FRAGMENT), schema)
  const anchor = measurer.relativePositionAt(from, 'start')
  const absolute = anchor && Y.createAbsolutePositionFromRelativePosition(anchor, ydoc)
  if (!absolute || !(absolute.type instanceof Y.XmlText) || absolute.index + (to - from) > absolute.type.length) {
    throw new Error(`locateInRun: ${JSON.stringify(words.needle)} is not inside one text run`)
  }
  return { run: absolute.type, index: absolute.index, length: to - from }
}

/** Replaces `words` (which must lie in one text run) by `replacement`, in one transaction. */
export function replaceWords(ydoc: Y.Doc, words: Words, replacement: string): void {
  const { run, index, length } = locateInRun(ydoc, words)
  ydoc.transact(() => {
    run.delete(index, length)
    if (replacement) run.insert(index, replacement)
  })
}

/** Types `insertion` right before or right after `words`, leaving the words themselves alone. */
export function insertNextTo(ydoc: Y.Doc, words: Words, insertion: string, side: 'before' | 'after'): void {
  const { run, index, length } = locateInRun(ydoc, words)
  run.insert(side === 'before' ? index : index + length, insertion)
}
