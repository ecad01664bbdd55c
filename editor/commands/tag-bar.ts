import type { Command } from 'prosemirror-state'
import { textRangeOfSelection } from './annotations'

/** The DOM event {@link focusTagBar} dispatches on the editor's element; the tag bar listens for it and takes focus. */
export const FOCUS_TAG_BAR_EVENT = 'spanwise:focus-tag-bar'

/**
 * Asks the floating tag bar to take keyboard focus, so the selection can be tagged without a
 * mouse. False when no text is selected or there is no view to ask through.
 */
export const focusTagBar: Command = (state, dispatch, view) => {
  if (!view || !textRangeOfSelection(state)) return false
  if (dispatch) view.dom.dispatchEvent(new CustomEvent(FOCUS_TAG_BAR_EVENT))
  return true
}
