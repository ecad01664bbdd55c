import { revertSuggestions } from '@handlewithcare/prosemirror-suggest-changes'
import type { Mark, Node as PMNode } from 'prosemirror-model'
import { EditorState, type Transaction } from 'prosemirror-state'
import { Mapping, Transform } from 'prosemirror-transform'

/** The id a suggestion mark carries (prosemirror-suggest-changes allows numbers and strings). */
export type SuggestionId = string | number

/** The marker prosemirror-suggest-changes puts where a suggestion crosses a block boundary. */
const BOUNDARY_MARKER = /\u200B/g
/** How a suggested block boundary (a paragraph split or joined) reads in a suggestion's excerpt. */
const BLOCK_BOUNDARY = '¶'

/** The longest excerpt of a suggestion's text kept for display. */
const SUGGESTION_EXCERPT_CHARS = 200

/** One suggestion in the text: everything marked with its id. */
export interface TextSuggestion {
  id: SuggestionId
  /** Where its first marked content starts. */
  from: number
  /** Where its last marked content ends. */
  to: number
  /** The text it proposes to add (an excerpt), `""` when none. */
  inserted: string
  /** The text it proposes to remove (an excerpt), `""` when none. */
  deleted: string
}

/** The suggestion mark (insertion or deletion) of a node, or undefined. */
export function suggestionMarkOf(marks: readonly Mark[]): Mark | undefined {
  return marks.find((mark) => mark.type.name === 'insertion' || mark.type.name === 'deletion')
}

function appendExcerpt(current: string, addition: string): string {
  if (current.length >= SUGGESTION_EXCERPT_CHARS) return current
  const joined = current.endsWith(BLOCK_BOUNDARY) && addition.startsWith(BLOCK_BOUNDARY) ? current + addition.slice(1) : current + addition
  return joined.slice(0, SUGGESTION_EXCERPT_CHARS)
}

/**
 * The suggestions in a document, in document order of their first mark. A suggestion may mark
 * text (inline marks) and whole blocks (node marks); both count.
 */
export function collectSuggestions(doc: PMNode): TextSuggestion[] {
  const byId = new Map<SuggestionId, TextSuggestion>()
  doc.descendants((node, pos) => {
    const mark = suggestionMarkOf(node.marks)
    if (!mark) return true
    const id = mark.attrs.id as SuggestionId
    const entry = byId.get(id) ?? { id, from: pos, to: pos + node.nodeSize, inserted: '', deleted: '' }
    entry.to = Math.max(entry.to, pos + node.nodeSize)
    const text = node.isText ? (node.text ?? '').replace(BOUNDARY_MARKER, BLOCK_BOUNDARY) : node.isTextblock ? BLOCK_BOUNDARY : ''
    if (mark.type.name === 'insertion') entry.inserted = appendExcerpt(entry.inserted, text)
    else entry.deleted = appendExcerpt(entry.deleted, text)
    byId.set(id, entry)
    return !node.isText
  })
  return [...byId.values()]
}

/** Whether any of `from`–`to` is text whose deletion is proposed. */
export function hasProposedDeletion(doc: PMNode, from: number, to: number): boolean {
  let found = false
  const end = Math.min(to, doc.content.size)
  if (from >= end) return false
  doc.nodesBetween(from, end, (node) => {
    if (found) return false
    if (node.marks.some((mark) => mark.type.name === 'deletion') && (node.isText || node.isTextblock)) found = true
    return !found
  })
  return found
}

/** A document as it reads with every pending suggestion left out, and how positions map into it. */
export interface AcceptedText {
  doc: PMNode
  mapping: Mapping
  /** How many suggestions were pending (distinct ids). */
  pending: number
}

/**
 * The accepted text of a document: inserted text proposed by a suggestion is left out and text
 * proposed for deletion is kept, as if no suggestion had been made (what rejecting them all would
 * leave). Exports read this, so nothing suggested reaches them until an editor accepts it.
 */
export function acceptedText(doc: PMNode): AcceptedText {
  const pending = collectSuggestions(doc).length
  if (pending === 0) return { doc, mapping: new Mapping(), pending }
  // The app never writes `modification` marks; one from another client is dropped here rather
  // than reverted (reverting one that does not describe a real change throws).
  const cleaned = removeModificationMarks(new Transform(doc))
  let reverted: Transaction | null = null
  revertSuggestions(EditorState.create({ doc: cleaned.doc }), (tr) => {
    reverted = tr
  })
  const tr = reverted as Transaction | null
  if (!tr) return { doc: cleaned.doc, mapping: cleaned.mapping, pending }
  return { doc: tr.doc, mapping: new Mapping([...cleaned.mapping.maps, ...tr.mapping.maps]), pending }
}

/**
 * Removes every `modification` mark (they move no position): the app never writes one, and
 * prosemirror-suggest-changes throws on one that does not describe a real change.
 */
export function removeModificationMarks<T extends Transform>(transform: T): T {
  transform.doc.descendants((node, pos) => {
    for (const mark of node.marks) {
      if (mark.type.name !== 'modification') continue
      if (node.isInline) transform.removeMark(pos, pos + node.nodeSize, mark)
      else transform.removeNodeMark(pos, mark)
    }
    return true
  })
  return transform
}
