import { TextSelection, type Command, type EditorState } from 'prosemirror-state'
import { MAX_FIND_QUERY_LENGTH, type FindQuery } from '../model/find-text'
import { findFindState, setFindQuery, stepFindMatch } from '../plugins/find-plugin'

/**
 * Searches the document for `query`, the current match the first at or after the selection; null
 * stops searching (no highlights, the selection left alone). False when the find plugin is not installed.
 */
export function searchFor(query: FindQuery | null): Command {
  return (state, dispatch) => {
    if (!findFindState(state)) return false
    if (dispatch) dispatch(setFindQuery(state.tr, query))
    return true
  }
}

function stepCommand(step: 1 | -1): Command {
  return (state, dispatch) => {
    const find = findFindState(state)
    if (!find || find.matches.length === 0) return false
    if (dispatch) dispatch(stepFindMatch(state.tr, step))
    return true
  }
}

/** Makes the next match current, after the last the first. False when there is no match. */
export const findNext: Command = stepCommand(1)

/** Makes the previous match current, before the first the last. False when there is no match. */
export const findPrevious: Command = stepCommand(-1)

/**
 * Closes find: no more highlights, and the current match, if any, becomes the selection (scrolled
 * into view), so the editor takes up where find left off. False when find is not open.
 */
export const closeFind: Command = (state, dispatch) => {
  const find = findFindState(state)
  if (!find || find.query === null) return false
  if (dispatch) {
    const tr = setFindQuery(state.tr, null)
    const match = find.matches[find.current]
    if (match) tr.setSelection(TextSelection.create(state.doc, match.from, match.to)).scrollIntoView()
    dispatch(tr)
  }
  return true
}

/**
 * The selected text when it makes a query to find (within one block, on one line, at most
 * {@link MAX_FIND_QUERY_LENGTH} characters), else null: what opening find starts with.
 */
export function findTextOfSelection(state: EditorState): string | null {
  const { $from, $to, empty } = state.selection
  if (empty || !$from.sameParent($to) || !$from.parent.isTextblock || $to.pos - $from.pos > MAX_FIND_QUERY_LENGTH) return null
  const text = state.doc.textBetween($from.pos, $to.pos, undefined, '\n')
  return text.trim() === '' || text.includes('\n') ? null : text
}
