import {
  applySuggestion,
  disableSuggestChanges,
  enableSuggestChanges,
  isSuggestChangesEnabled,
  revertSuggestion,
  suggestChangesKey,
} from '@handlewithcare/prosemirror-suggest-changes'
import type { Mark } from 'prosemirror-model'
import { EditorState, type Command, type Transaction } from 'prosemirror-state'
import { collectSuggestions, removeModificationMarks, type SuggestionId } from '../model/suggestions'

/** Whether this person is in Suggesting mode (their own setting, never shared). */
export const isSuggesting = (state: EditorState): boolean => isSuggestChangesEnabled(state)

/** Turns Suggesting mode on or off for this person; false when it already is so. */
export function setSuggesting(on: boolean): Command {
  return (state, dispatch) => {
    if (isSuggesting(state) === on) return false
    return (on ? enableSuggestChanges : disableSuggestChanges)(state, dispatch)
  }
}

const hasSuggestion = (state: EditorState, id: SuggestionId): boolean => collectSuggestions(state.doc).some((suggestion) => suggestion.id === id)

/**
 * Runs a library command in one transaction of ours: without the `modification` marks a client
 * that bypassed the app may have written (the library would revert or apply every one of them
 * with any suggestion, and throws on a bogus one), marked so Suggesting mode leaves it as it is.
 * False when it does not apply.
 */
function guarded(applies: (state: EditorState) => boolean, command: Command): Command {
  return (state, dispatch) => {
    if (!applies(state)) return false
    if (!dispatch) return true
    const tr = removeModificationMarks(state.tr)
    let inner: Transaction | null = null
    try {
      command(EditorState.create({ doc: tr.doc }), (applied) => (inner = applied))
    } catch {
      return false
    }
    const steps = (inner as Transaction | null)?.steps ?? []
    const first = tr.steps.length
    if (steps.length === 0 || steps.some((step) => tr.maybeStep(step).failed)) return false
    removeSpentMarkers(tr, first)
    dispatch(tr.setMeta(suggestChangesKey, { skip: true }))
    return true
  }
}

const MARKER = '\u200B'
const isSuggestionMark = (mark: Mark): boolean => mark.type.name === 'insertion' || mark.type.name === 'deletion'

/**
 * Deletes the zero-width markers an accept or reject left without a suggestion mark (an accepted
 * paragraph split keeps its marker as plain text otherwise), in the text blocks the steps from
 * `first` on touched.
 */
function removeSpentMarkers(tr: Transaction, first: number): void {
  let from = tr.doc.content.size
  let to = 0
  tr.steps.slice(first).forEach((step, index) => {
    const { from: start, to: end } = step as unknown as { from?: number; to?: number }
    if (start === undefined || end === undefined) return
    const later = tr.mapping.slice(first + index + 1)
    from = Math.min(from, later.map(start, -1))
    to = Math.max(to, later.map(end, 1))
  })
  if (from > to) return
  const $from = tr.doc.resolve(Math.min(from, tr.doc.content.size))
  const $to = tr.doc.resolve(Math.min(to, tr.doc.content.size))
  const spent: number[] = []
  tr.doc.nodesBetween($from.start(), $to.end(), (node, pos) => {
    if (!node.isText) return true
    if (node.marks.some(isSuggestionMark)) return false
    for (let i = node.text!.indexOf(MARKER); i >= 0; i = node.text!.indexOf(MARKER, i + 1)) spent.push(pos + i)
    return false
  })
  for (const pos of spent.reverse()) tr.delete(pos, pos + 1)
}

/**
 * Accepts the suggestion `id`: its inserted text stays, its deleted text goes (with a space left
 * doubled by it). False when there is none.
 */
export const acceptSuggestion = (id: SuggestionId): Command => guarded((state) => hasSuggestion(state, id), applySuggestion(id))

/** Rejects the suggestion `id`: its inserted text goes, its deleted text stays. False when there is none. */
export const rejectSuggestion = (id: SuggestionId): Command => guarded((state) => hasSuggestion(state, id), revertSuggestion(id))

/** What the "all" actions work on: an editor's current state and its dispatch (an EditorView). */
export interface SuggestionTarget {
  readonly state: EditorState
  dispatch: (tr: Transaction) => void
}

/**
 * Runs `perSuggestion` on every suggestion, one transaction each: y-prosemirror writes each
 * transaction to Yjs as one contiguous change per text, so several suggestions taken in one
 * transaction would rewrite the text between them, detaching the annotations there.
 */
function forEachSuggestion(target: SuggestionTarget, perSuggestion: (id: SuggestionId) => Command): boolean {
  // The ids are collected once: a suggestion another one's accept or reject took away makes no
  // steps (and is skipped), so no id needs looking up again.
  const ids = collectSuggestions(target.state.doc).map((suggestion) => suggestion.id)
  let changed = false
  for (const id of ids) changed = guarded(() => true, perSuggestion(id))(target.state, (tr) => target.dispatch(tr)) || changed
  return changed
}

/** Accepts every suggestion in the text, one at a time; false when there is none. */
export const acceptAllSuggestions = (target: SuggestionTarget): boolean => forEachSuggestion(target, applySuggestion)

/** Rejects every suggestion in the text, one at a time; false when there is none. */
export const rejectAllSuggestions = (target: SuggestionTarget): boolean => forEachSuggestion(target, revertSuggestion)
