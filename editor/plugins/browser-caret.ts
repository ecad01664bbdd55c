import { Plugin } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { readPendingBrowserChanges } from './dom-observer-internals'

/**
 * Keys act where the person sees the caret.
 *
 * ProseMirror learns that the browser moved the caret (a click, Home or End, a script) from the
 * `selectionchange` event, which browsers may fire after the next key event: they run input first.
 * A key handled in between acts at the caret the editor last heard of: Enter splits the paragraph
 * there, and typed text next to identical characters (a space beside someone else's space) is
 * taken to go in there, so the letter is attributed to the wrong side of the other person's and,
 * when both type on at that spot, the words come apart.
 *
 * This plugin makes the editor read the browser's caret before each key and each text input is
 * handled, as it would have on `selectionchange`. It does nothing while an input method composes.
 */
export function browserCaretPlugin(): Plugin {
  const readFirst = (view: EditorView, event: KeyboardEvent | InputEvent): boolean => {
    if (!event.isComposing && !view.composing) readPendingBrowserChanges(view)
    return false
  }
  return new Plugin({
    props: {
      handleDOMEvents: { keydown: readFirst, beforeinput: readFirst },
    },
  })
}
