import type { Command } from 'prosemirror-state'
import { yUndoPluginKey } from 'y-prosemirror'
import { setThreadState } from '../model/annotation-store'
import { threadAction, threadStatusOf } from '../model/comment-thread'
import { annotationContextOf, findAnnotationState } from '../plugins/annotation-plugin'

/**
 * Resolves or reopens an annotation's comment thread as the current person, as an undo step of
 * its own. False when it does not apply: the annotation plugin is not installed, annotating is
 * not allowed, there is no such annotation, or its thread cannot take `action` now.
 */
function changeThread(id: string, action: 'resolve' | 'reopen'): Command {
  return (state, dispatch) => {
    const plugin = findAnnotationState(state)
    const context = annotationContextOf(state)
    if (!plugin || !context || !(context.canAnnotate?.() ?? true)) return false
    const annotation = plugin.annotations.find((candidate) => candidate.id === id)
    if (!annotation || threadAction(threadStatusOf(annotation.record)) !== action) return false
    if (dispatch) {
      const undoManager = yUndoPluginKey.getState(state)?.undoManager
      undoManager?.stopCapturing()
      setThreadState(context.ydoc, id, action === 'resolve' ? 'resolved' : 'open', context.getUser())
      undoManager?.stopCapturing()
    }
    return true
  }
}

/** Resolves annotation `id`'s comment thread (open, with comments): it folds away for everyone. */
export function resolveThread(id: string): Command {
  return changeThread(id, 'resolve')
}

/** Reopens annotation `id`'s resolved comment thread. */
export function reopenThread(id: string): Command {
  return changeThread(id, 'reopen')
}
