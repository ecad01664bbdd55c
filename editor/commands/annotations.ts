import { Selection, type Command, type EditorState } from 'prosemirror-state'
import { yUndoPluginKey } from 'y-prosemirror'
import type { AnnotationType, ClaimAttrs } from '../model/annotation'
import { addComment, createAnnotation, deleteAnnotation, updateAnnotation } from '../model/annotation-store'
import { YDocumentMeasurer, anchorToJSON } from '../model/anchors'
import { withReviewStamp } from '../model/claim-review'
import { CONTENT_FRAGMENT } from '../model/doc-layout'
import { spanText } from '../model/resolve-annotations'
import { guessSpeaker } from '../model/speaker-guess'
import { getAnnotationState, setSelectedAnnotation } from '../plugins/annotation-plugin'

/** The selection narrowed to text: both ends inside text blocks, or null when it holds no text. */
export function textRangeOfSelection(state: EditorState): { from: number; to: number } | null {
  const { from, to } = state.selection
  if (from === to) return null
  const start = Selection.findFrom(state.doc.resolve(from), 1, true)
  const end = Selection.findFrom(state.doc.resolve(to), -1, true)
  if (!start || !end || start.from >= end.to) return null
  const text = spanText(state.doc, start.from, end.to)
  return text.trim() === '' ? null : { from: start.from, to: end.to }
}

/** Yjs anchors for a range of the current state; null when the Yjs tree is not in step with it. */
function anchorsFor(state: EditorState, from: number, to: number) {
  const { ydoc } = getAnnotationState(state).context
  const measurer = new YDocumentMeasurer(ydoc.getXmlFragment(CONTENT_FRAGMENT), state.schema)
  const start = measurer.relativePositionAt(from, 'start')
  const end = measurer.relativePositionAt(to, 'end')
  if (!start || !end) return null
  if (measurer.resolve(ydoc, anchorToJSON(start)) !== from || measurer.resolve(ydoc, anchorToJSON(end)) !== to) return null
  return { start: anchorToJSON(start), end: anchorToJSON(end) }
}

const canAnnotate = (state: EditorState) => getAnnotationState(state).context.canAnnotate?.() ?? true

/**
 * Tags the selected text as an annotation of `type` and selects it. A quote gets its `speaker`
 * pre-filled when the sentence names one before "said"/"stated"/"described". False when the
 * selection holds no text or annotating is not allowed.
 */
export function tagSelection(type: AnnotationType): Command {
  return (state, dispatch) => {
    if (!canAnnotate(state)) return false
    const range = textRangeOfSelection(state)
    if (!range) return false
    if (dispatch) {
      const anchors = anchorsFor(state, range.from, range.to)
      if (!anchors) return false
      const { context } = getAnnotationState(state)
      const $from = state.doc.resolve(range.from)
      const speaker = type === 'quote' ? guessSpeaker(spanText(state.doc, $from.start(), range.from)) : null
      const id = createAnnotation(context.ydoc, {
        type,
        ...anchors,
        exact: spanText(state.doc, range.from, range.to),
        attrs: speaker ? { speaker } : type === 'claim' ? { verdict: 'unreviewed' } : {},
        createdBy: context.getUser(),
      })
      dispatch(setSelectedAnnotation(state.tr, id))
    }
    return true
  }
}

/** Selects an annotation (shown in the side panel), or clears the selection with null. */
export function selectAnnotation(id: string | null): Command {
  return (state, dispatch) => {
    if (id !== null && !getAnnotationState(state).annotations.some((a) => a.id === id)) return false
    if (dispatch) dispatch(setSelectedAnnotation(state.tr, id))
    return true
  }
}

/** Moves an annotation (typically a detached one) onto the selected text. */
export function reattachAnnotation(id: string): Command {
  return (state, dispatch) => {
    if (!canAnnotate(state)) return false
    const range = textRangeOfSelection(state)
    const annotation = getAnnotationState(state).annotations.find((a) => a.id === id)
    if (!range || !annotation) return false
    if (dispatch) {
      const anchors = anchorsFor(state, range.from, range.to)
      if (!anchors) return false
      updateAnnotation(getAnnotationState(state).context.ydoc, id, { ...anchors, exact: spanText(state.doc, range.from, range.to) })
      dispatch(setSelectedAnnotation(state.tr, id))
    }
    return true
  }
}

/**
 * Deletes an annotation as an undo step of its own: Mod-z (or the panel's Undo) brings back
 * exactly the annotation as it was, not also a change made just before or after it.
 */
export function removeAnnotation(id: string): Command {
  return (state, dispatch) => {
    if (!canAnnotate(state)) return false
    const { context, annotations, invalid, selectedId } = getAnnotationState(state)
    if (!annotations.some((a) => a.id === id) && !invalid.some((a) => a.id === id)) return false
    if (dispatch) {
      // The undo manager merges changes less than 500 ms apart into one step; a re-attach or
      // typing right before the deletion would otherwise be undone along with it.
      const undoManager = yUndoPluginKey.getState(state)?.undoManager
      undoManager?.stopCapturing()
      deleteAnnotation(context.ydoc, id)
      undoManager?.stopCapturing()
      if (selectedId === id) dispatch(setSelectedAnnotation(state.tr, null))
    }
    return true
  }
}

/**
 * Saves an annotation's attributes and note (validated; throws AnnotationValidationError naming
 * the field). A claim whose verdict changes is stamped with reviewer, time and current text.
 */
export function saveAnnotation(state: EditorState, id: string, attrs: unknown, note?: string): void {
  const { context, annotations } = getAnnotationState(state)
  const annotation = annotations.find((a) => a.id === id)
  if (!annotation) throw new Error(`saveAnnotation: no annotation "${id}"`)
  const nextAttrs =
    annotation.type === 'claim'
      ? withReviewStamp(annotation.record.attrs as ClaimAttrs, attrs as ClaimAttrs, annotation.text, context.getUser(), new Date().toISOString())
      : attrs
  updateAnnotation(context.ydoc, id, { attrs: nextAttrs, ...(note !== undefined ? { note } : {}) })
}

/** Adds a comment by the current user to an annotation's thread. */
export function commentOnAnnotation(state: EditorState, id: string, text: string): string {
  const { context } = getAnnotationState(state)
  return addComment(context.ydoc, id, context.getUser(), text)
}
