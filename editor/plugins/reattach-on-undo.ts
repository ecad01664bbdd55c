import { Plugin } from 'prosemirror-state'
import type * as Y from 'yjs'
import { readAnnotations, reanchorAnnotations } from '../model/annotation-store'
import { restoredAnchors } from '../model/restored-anchors'

/** The origin of the anchor moves made after an undo; no undo manager tracks it (they are not steps). */
const reattachOrigin = { name: 'spanwise-reattach' } as const

/**
 * After an undo or redo that brought deleted text back, moves the anchors of the annotations that
 * lived on that text onto it, so they are attached again for everyone (see {@link restoredAnchors}).
 */
export function reattachOnUndoPlugin(undoManager: Y.UndoManager): Plugin {
  return new Plugin({
    view() {
      const reattach = ({ stackItem }: { stackItem: Y.UndoManager['undoStack'][number] }): void => {
        if (stackItem.deletions.clients.size === 0) return
        const ydoc = undoManager.doc
        const moves = restoredAnchors(ydoc, readAnnotations(ydoc).records)
        if (moves.length > 0) reanchorAnnotations(ydoc, moves, reattachOrigin)
      }
      undoManager.on('stack-item-popped', reattach)
      return { destroy: () => undoManager.off('stack-item-popped', reattach) }
    },
  })
}
