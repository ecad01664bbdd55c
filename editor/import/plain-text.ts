import type { Node as PMNode } from 'prosemirror-model'
import { schema } from '../schema'

/** Options for {@link importPlainText}. */
export interface PlainTextImportOptions {
  /** When given, becomes a level-1 heading before the text; the text itself is kept unchanged. */
  title?: string
}

const NUMBERED_HEADING = /^\d{1,2}\.\s?\S/
const SENTENCE_END = /[.,;:!?…)"”'’]$/
const STARTS_LIKE_TITLE = /^[\p{Lu}\p{N}]/u
const MAX_NUMBERED_HEADING_LENGTH = 120
const MAX_PLAIN_HEADING_LENGTH = 60
const MAX_PLAIN_HEADING_WORDS = 10

/**
 * True for a one-line block that reads as a section heading: a numbered line
 * ("1.Israel – Russia relations") or a short capitalised line without sentence punctuation
 * ("Developments in the 2020s"). Lines in scripts without letter case (Hebrew) never qualify.
 */
export function isHeadingLine(line: string): boolean {
  const text = line.trim()
  if (text.length === 0 || text.includes('\n')) return false
  if (NUMBERED_HEADING.test(text)) return text.length <= MAX_NUMBERED_HEADING_LENGTH
  return text.length <= MAX_PLAIN_HEADING_LENGTH && STARTS_LIKE_TITLE.test(text) && !SENTENCE_END.test(text) && text.split(/\s+/).length <= MAX_PLAIN_HEADING_WORDS
}

/** Splits text into blocks: runs of lines separated by blank (whitespace-only) lines. */
export function splitTextBlocks(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const blocks: string[][] = []
  let current: string[] = []
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length > 0) blocks.push(current)
      current = []
    } else {
      current.push(line)
    }
  }
  if (current.length > 0) blocks.push(current)
  return blocks
}

function inlineContent(lines: string[]): PMNode[] {
  const content: PMNode[] = []
  lines.forEach((line, index) => {
    if (index > 0) content.push(schema.nodes.hard_break.create())
    content.push(schema.text(line))
  })
  return content
}

/**
 * Turns plain text into a Spanwise document. Blank lines separate blocks; single line breaks
 * inside a block become hard breaks, so the text is kept exactly (quotes, dashes, "[27]").
 * Without a `title` option, a heading-like first block becomes the level-1 title; other
 * heading-like one-line blocks become level-2 section headings; everything else is a paragraph.
 */
export function importPlainText(text: string, options: PlainTextImportOptions = {}): PMNode {
  const blocks: PMNode[] = []
  const title = options.title?.trim()
  if (title) blocks.push(schema.nodes.heading.create({ level: 1 }, schema.text(title)))
  for (const lines of splitTextBlocks(text)) {
    if (lines.length === 1 && isHeadingLine(lines[0])) {
      const level = blocks.length === 0 ? 1 : 2
      blocks.push(schema.nodes.heading.create({ level }, schema.text(lines[0])))
    } else {
      blocks.push(schema.nodes.paragraph.create(null, inlineContent(lines)))
    }
  }
  if (blocks.length === 0) blocks.push(schema.nodes.paragraph.create())
  return schema.nodes.doc.create(null, blocks)
}
