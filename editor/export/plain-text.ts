import type { Node as PMNode } from 'prosemirror-model'

/** The separator written between two text blocks in the plain-text rendering of a document. */
export const BLOCK_SEPARATOR = '\n\n'

/** The text of one text block, hard breaks as "\n". */
export function textBlockToPlainText(block: PMNode): string {
  return block.textBetween(0, block.content.size, '', (leaf) => (leaf.type.name === 'hard_break' ? '\n' : ''))
}

/** All text blocks of a document in order; blockquotes are flattened into their blocks. */
function textBlocks(doc: PMNode): PMNode[] {
  const blocks: PMNode[] = []
  doc.descendants((node) => {
    if (!node.isTextblock) return true
    blocks.push(node)
    return false
  })
  return blocks
}

/** Plain text of a document: text blocks joined by a blank line, hard breaks as line breaks. */
export function docToPlainText(doc: PMNode): string {
  return textBlocks(doc).map(textBlockToPlainText).join(BLOCK_SEPARATOR)
}
