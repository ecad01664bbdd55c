import type { EditorView } from 'prosemirror-view'
import { CURRENT_MATCH_CLASS } from '../plugins/find-decorations'
import { scrollIntoPlace } from './scroll-into-place'

/**
 * Scrolls find's current match to the middle of the window, without moving focus or the
 * selection (the find field keeps the keyboard). False when there is no current match.
 */
export function revealFindMatch(view: EditorView): boolean {
  return scrollIntoPlace(view, () => view.dom.querySelector<HTMLElement>(`.${CURRENT_MATCH_CLASS}`))
}
