import { isSuggestChangesEnabled, suggestChangesKey, transformToSuggestionTransaction } from '@handlewithcare/prosemirror-suggest-changes'
import type { Node as PMNode } from 'prosemirror-model'
import type { EditorState, Transaction } from 'prosemirror-state'
import { AddMarkStep, AddNodeMarkStep, ReplaceAroundStep, ReplaceStep, type Step } from 'prosemirror-transform'
import { ySyncPluginKey } from 'y-prosemirror'
import { newSuggestionId } from '../model/suggestion-authors'
import { acceptedText, type SuggestionId } from '../model/suggestions'

/** y-prosemirror's transaction metadata: set on changes that come from Yjs (remote, undo, redo). */
interface SyncMeta {
  isChangeOrigin?: boolean
  isUndoRedoOperation?: boolean
}

/**
 * Whether a transaction is this person's own edit that Suggesting mode turns into a suggestion:
 * a change of the text made here while suggesting, not one arriving from Yjs (someone else's
 * change, an undo or redo), not an accept or reject, not bookkeeping kept out of the history.
 */
function isSuggestibleEdit(tr: Transaction, state: EditorState): boolean {
  if (!tr.docChanged || !isSuggestChangesEnabled(state)) return false
  const sync = tr.getMeta(ySyncPluginKey) as SyncMeta | undefined
  if (sync?.isChangeOrigin || sync?.isUndoRedoOperation) return false
  if (tr.getMeta('addToHistory') === false) return false
  const own = tr.getMeta(suggestChangesKey) as object | undefined
  return !(own && 'skip' in own)
}

/** Steps Suggesting mode can record: typing, deleting, pasting, splitting and joining blocks, formatting. */
const isRecordableStep = (step: Step): boolean => step instanceof ReplaceStep || step instanceof AddMarkStep

/**
 * The transaction to apply for `tr`: as it is unless it is a suggestible edit, else a suggestion
 * of it (inserted text marked `insertion`, deleted text kept and marked `deletion`, each with a
 * fresh random id). Null when it cannot be suggested (a block's type changed while suggesting,
 * or the suggestion would change the accepted text, as a Backspace over a suggested paragraph
 * split would): then nothing is applied.
 */
export function suggestingTransaction(tr: Transaction, state: EditorState): Transaction | null {
  if (!isSuggestibleEdit(tr, state)) return tr
  if (!tr.steps.every(isRecordableStep)) return null
  const suggested = inlineBlockSuggestions(transformToSuggestionTransaction(tr, state, () => newSuggestionId()))
  if (tr.steps.some((step, index) => mayLoseSuggestion(step, tr.docs[index])) && acceptedBlocks(suggested.doc) !== acceptedBlocks(state.doc)) return null
  return suggested
}

/**
 * Whether a step may turn suggested text into plain text: it deletes in a block holding a
 * zero-width marker (a suggested paragraph split or empty block) or touches a block boundary. Only then is the
 * suggestion checked against the accepted text, keeping plain keystrokes cheap.
 */
function mayLoseSuggestion(step: Step, doc: PMNode): boolean {
  if (!(step instanceof ReplaceStep)) return false
  const { from, to, slice } = step
  if (slice.openStart > 0 || slice.openEnd > 0) return true
  let block = false
  slice.content.forEach((node) => (block ||= !node.isInline))
  if (block) return true
  if (from === to) return false
  const $from = doc.resolve(from)
  return !$from.sameParent(doc.resolve(to)) || $from.parent.textContent.includes(SUGGESTION_MARKER)
}

/** The zero-width space the library and {@link inlineBlockSuggestions} use to carry a block's suggestion. */
const SUGGESTION_MARKER = '\u200B'

/** The accepted text block by block (type and text, markers left out): what a suggestion must never change. */
function acceptedBlocks(doc: PMNode): string {
  const blocks: string[] = []
  acceptedText(doc).doc.descendants((node) => {
    if (!node.isTextblock) return true
    blocks.push(`${node.type.name}:${node.textContent.replaceAll(SUGGESTION_MARKER, '')}`)
    return false
  })
  return blocks.join('\n')
}

const SUGGESTION_NODE_MARKS = new Set(['insertion', 'deletion', 'modification'])

/**
 * Moves suggestion marks the library put on whole blocks (a pasted paragraph, a deleted one) onto
 * their text: y-prosemirror stores no marks of blocks, so a block mark would reach nobody else
 * and be lost on reload. An empty text block gets a zero-width marker to carry the mark, as the
 * library does at block boundaries.
 */
function inlineBlockSuggestions(tr: Transaction): Transaction {
  const marked: Array<{ pos: number; node: PMNode }> = []
  tr.doc.descendants((node, pos) => {
    if (node.isInline) return false
    if (node.marks.some((mark) => SUGGESTION_NODE_MARKS.has(mark.type.name))) marked.push({ pos, node })
    return true
  })
  for (const { pos, node } of marked.reverse()) {
    const marks = node.marks.filter((mark) => SUGGESTION_NODE_MARKS.has(mark.type.name))
    for (const mark of marks) tr.removeNodeMark(pos, mark)
    const textblocks: number[] = []
    tr.doc.nodeAt(pos)!.descendants((child, offset) => {
      if (child.isTextblock) textblocks.push(pos + 1 + offset)
      return !child.isTextblock
    })
    if (node.isTextblock) textblocks.push(pos)
    for (const blockPos of textblocks.reverse()) {
      const block = tr.doc.nodeAt(blockPos)!
      const start = blockPos + 1
      if (block.content.size === 0) tr.insert(start, tr.doc.type.schema.text('\u200B', marks))
      else for (const mark of marks) tr.addMark(start, start + block.content.size, mark)
    }
  }
  return tr
}

/** The ids of the suggestion marks a transaction adds (new or extended suggestions). */
export function suggestionIdsAdded(tr: Transaction): SuggestionId[] {
  const ids = new Set<SuggestionId>()
  const note = (name: string, id: unknown) => {
    if ((name === 'insertion' || name === 'deletion') && (typeof id === 'string' || typeof id === 'number')) ids.add(id)
  }
  for (const step of tr.steps) {
    if (step instanceof AddMarkStep || step instanceof AddNodeMarkStep) note(step.mark.type.name, step.mark.attrs.id)
    if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep)
      step.slice.content.descendants((node) => {
        for (const mark of node.marks) note(mark.type.name, mark.attrs.id)
        return true
      })
  }
  return [...ids]
}
