import type { Node as PMNode } from 'prosemirror-model'
import * as Y from 'yjs'
import { AnnotationValidationError, describeRecordIssues, linkSchema, type AnnotationLink } from '../../model/annotation'
import { createAnnotation } from '../../model/annotation-store'
import { YDocumentMeasurer, anchorToJSON } from '../../model/anchors'
import { CONTENT_FRAGMENT } from '../../model/doc-layout'
import { schema } from '../../schema'
import { writeInitialContent, type InitialMeta } from '../../yjs/document-content'
import { ImportFormatError, type AnnotatedSource, type SourceAnnotation, type SourceBlock } from './annotated-source'
import { placeAnnotation } from './quote-anchoring'

const BLOCK_SEPARATOR = '\n\n'
const IMPORTER: { id: string; name: string } = { id: 'import', name: 'Import' }

/** What an import did with each annotation. */
export interface ImportReport {
  imported: number
  /** Annotations whose offsets did not hold their quote and were placed by the quote instead. */
  reanchored: Array<{ id: string; exact: string }>
  /** Annotations that could not be placed or validated; nothing was put on wrong words. */
  skipped: Array<{ id: string | null; exact: string; reason: string }>
  /** Links left out of annotations that were imported: malformed, to the annotation itself, or repeating another. */
  droppedLinks: Array<{ annotation: string; link: string; reason: string }>
}

/**
 * The links of an imported annotation that can be kept: each valid, none to the annotation
 * itself (by its id in the file), none repeating another's id or type and target. The others are
 * reported, and the annotation is imported without them.
 */
function keptLinks(annotation: SourceAnnotation, dropped: ImportReport['droppedLinks']): AnnotationLink[] {
  const kept: AnnotationLink[] = []
  const holder = annotation.id ?? '(no id)'
  for (const [index, candidate] of (annotation.links ?? []).entries()) {
    const parsed = linkSchema.safeParse(candidate)
    const name = typeof (candidate as { id?: unknown }).id === 'string' ? (candidate as { id: string }).id.slice(0, 100) : `#${index + 1}`
    let reason: string | null = null
    if (!parsed.success) reason = describeRecordIssues(parsed.error)
    else if (parsed.data.target === annotation.id) reason = 'an annotation cannot link to itself'
    else if (kept.some((link) => link.id === parsed.data.id)) reason = 'its id repeats another link of the annotation'
    else if (kept.some((link) => link.type === parsed.data.type && link.target === parsed.data.target)) reason = 'it repeats another link of the annotation'
    if (reason === null && parsed.success) kept.push(parsed.data)
    else dropped.push({ annotation: holder, link: name, reason: reason ?? 'not a link' })
  }
  return kept
}

/** Blocks from the text alone: split at blank lines ("\n\n"), as the plain-text convention writes them. */
function blocksFromText(text: string): SourceBlock[] {
  const blocks: SourceBlock[] = []
  let start = 0
  for (const part of text.split(BLOCK_SEPARATOR)) {
    blocks.push({ type: 'paragraph', start, end: start + part.length })
    start += part.length + BLOCK_SEPARATOR.length
  }
  return blocks
}

function checkBlocks(text: string, blocks: SourceBlock[]): void {
  let expectedStart = 0
  blocks.forEach((block, index) => {
    if (block.start !== expectedStart || block.end < block.start || block.end > text.length) {
      throw new ImportFormatError(`blocks[${index}]: offsets ${block.start}–${block.end} do not follow the text's layout (expected to start at ${expectedStart})`)
    }
    const after = text.slice(block.end, block.end + BLOCK_SEPARATOR.length)
    if (index < blocks.length - 1 && after !== BLOCK_SEPARATOR) throw new ImportFormatError(`blocks[${index}]: not followed by a blank line in the text`)
    expectedStart = block.end + BLOCK_SEPARATOR.length
  })
  if (blocks.length > 0 && blocks[blocks.length - 1].end !== text.length) throw new ImportFormatError('blocks: the last block does not end at the end of the text')
}

function blockNode(text: string): PMNode[] {
  const content: PMNode[] = []
  text.split('\n').forEach((line, index) => {
    if (index > 0) content.push(schema.nodes.hard_break.create())
    if (line) content.push(schema.text(line))
  })
  return content
}

/** Builds the ProseMirror document and a text-offset → document-position mapping. */
function buildContent(text: string, blocks: SourceBlock[]): { doc: PMNode; toPos: (offset: number, side: 'start' | 'end') => number } {
  const nodes: PMNode[] = []
  const contentStarts: number[] = []
  let pos = 0
  for (const block of blocks) {
    const content = blockNode(text.slice(block.start, block.end))
    const node =
      block.type === 'heading' ? schema.nodes.heading.create({ level: Math.min(Math.max(block.level ?? 1, 1), 3) }, content) : schema.nodes.paragraph.create(null, content)
    contentStarts.push(pos + 1)
    nodes.push(node)
    pos += node.nodeSize
  }
  const doc = schema.nodes.doc.create(null, nodes.length > 0 ? nodes : [schema.nodes.paragraph.create()])
  const toPos = (offset: number, side: 'start' | 'end') => {
    let index = blocks.findIndex((block) => offset <= block.end)
    if (index < 0) index = blocks.length - 1
    // An offset in a blank-line separator belongs to the next block (start) or the previous one (end).
    if (offset < blocks[index].start && side === 'end' && index > 0) return contentStarts[index - 1] + (blocks[index - 1].end - blocks[index - 1].start)
    return contentStarts[index] + Math.max(0, offset - blocks[index].start)
  }
  return { doc, toPos }
}

/**
 * Builds a new document's initial Yjs state from an imported text and its annotations: the text
 * as blocks, then every annotation anchored by its offsets when they hold its quote, otherwise by
 * its quote (exact + prefix/suffix), otherwise reported and left out.
 */
export function encodeAnnotatedDocument(source: AnnotatedSource, meta: InitialMeta): { update: Uint8Array; report: ImportReport } {
  const blocks = source.blocks ?? blocksFromText(source.text)
  checkBlocks(source.text, blocks)
  const { doc, toPos } = buildContent(source.text, blocks)
  const ydoc = new Y.Doc()
  writeInitialContent(ydoc, doc, meta)
  const measurer = new YDocumentMeasurer(ydoc.getXmlFragment(CONTENT_FRAGMENT), schema)
  const report: ImportReport = { imported: 0, reanchored: [], skipped: [], droppedLinks: [] }
  const usedIds = new Set<string>()
  for (const annotation of source.annotations) {
    const placement = placeAnnotation(source.text, annotation)
    if (placement.kind === 'unplaced') {
      report.skipped.push({ id: annotation.id ?? null, exact: annotation.exact, reason: placement.reason })
      continue
    }
    const start = measurer.relativePositionAt(toPos(placement.start, 'start'), 'start')
    const end = measurer.relativePositionAt(toPos(placement.end, 'end'), 'end')
    const id = annotation.id && !usedIds.has(annotation.id) ? annotation.id : undefined
    // Judged by the file's id: an annotation given a new id (its id repeats) still does not link to itself.
    const links = keptLinks(annotation, report.droppedLinks)
    try {
      const created = createAnnotation(ydoc, {
        id,
        type: annotation.type,
        start: anchorToJSON(start!),
        end: anchorToJSON(end!),
        exact: annotation.exact,
        attrs: annotation.attrs ?? {},
        note: annotation.note,
        createdBy: annotation.createdBy ?? IMPORTER,
        createdAt: annotation.createdAt,
        updatedAt: annotation.updatedAt,
        comments: annotation.comments,
        links,
        assignee: annotation.assignee,
        reviewStatus: annotation.reviewStatus,
        history: annotation.history,
        thread: annotation.thread,
      })
      usedIds.add(created)
      report.imported++
      if (placement.kind === 'reanchored') report.reanchored.push({ id: created, exact: annotation.exact })
    } catch (error) {
      if (!(error instanceof AnnotationValidationError)) throw error
      report.skipped.push({ id: annotation.id ?? null, exact: annotation.exact, reason: error.message })
    }
  }
  const update = Y.encodeStateAsUpdate(ydoc)
  ydoc.destroy()
  return { update, report }
}
