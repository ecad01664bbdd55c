import { Selection, type Command, type EditorState } from 'prosemirror-state'
import { yUndoPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import type { AnnotationType, ClaimAttrs, LinkType } from '../model/annotation'
import type { LinkDirection } from '../model/annotation-links'
import { addComment, addLink, changeType, createAnnotation, deleteAnnotation, removeLink, updateAnnotation } from '../model/annotation-store'
import { YDocumentMeasurer, anchorToJSON } from '../model/anchors'
import { withReviewStamp } from '../model/claim-review'
import { CONTENT_FRAGMENT } from '../model/doc-layout'
import { spanText } from '../model/resolve-annotations'
import { guessSpeaker } from '../model/speaker-guess'
import { annotationContextOf, findAnnotationState, setSelectedAnnotation, type AnnotationContext, type AnnotationPluginState } from '../plugins/annotation-plugin'

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

/** The annotation plugin's state and context, or null when the plugin is not installed. */
function annotationPluginOf(state: EditorState): (AnnotationPluginState & { context: AnnotationContext }) | null {
  const pluginState = findAnnotationState(state)
  const context = annotationContextOf(state)
  return pluginState && context ? { ...pluginState, context } : null
}

/** Like {@link annotationPluginOf}, for functions that are not commands: throws when the plugin is not installed. */
function requireAnnotationPlugin(state: EditorState, caller: string): AnnotationPluginState & { context: AnnotationContext } {
  const plugin = annotationPluginOf(state)
  if (!plugin) throw new Error(`${caller}: the annotation plugin is not installed`)
  return plugin
}

/** Yjs anchors for a range of the current state; null when the Yjs tree is not in step with it. */
function anchorsFor(ydoc: Y.Doc, state: EditorState, from: number, to: number) {
  const measurer = new YDocumentMeasurer(ydoc.getXmlFragment(CONTENT_FRAGMENT), state.schema)
  const start = measurer.relativePositionAt(from, 'start')
  const end = measurer.relativePositionAt(to, 'end')
  if (!start || !end) return null
  if (measurer.resolve(ydoc, anchorToJSON(start)) !== from || measurer.resolve(ydoc, anchorToJSON(end)) !== to) return null
  return { start: anchorToJSON(start), end: anchorToJSON(end) }
}

const canAnnotate = (context: AnnotationContext) => context.canAnnotate?.() ?? true

/**
 * Tags the selected text as an annotation of `type` and selects it. A quote gets its `speaker`
 * pre-filled when the sentence names one before "said"/"stated"/"described". False when the
 * selection holds no text, annotating is not allowed or the annotation plugin is not installed.
 */
export function tagSelection(type: AnnotationType): Command {
  return (state, dispatch) => {
    const context = annotationContextOf(state)
    if (!context || !canAnnotate(context)) return false
    const range = textRangeOfSelection(state)
    if (!range) return false
    if (dispatch) {
      const anchors = anchorsFor(context.ydoc, state, range.from, range.to)
      if (!anchors) return false
      const $from = state.doc.resolve(range.from)
      const speaker = type === 'quote' ? guessSpeaker(spanText(state.doc, $from.start(), range.from)) : null
      // Tagging is an undo step of its own, not part of the typing just before or after it.
      const undoManager = yUndoPluginKey.getState(state)?.undoManager
      undoManager?.stopCapturing()
      const id = createAnnotation(context.ydoc, {
        type,
        ...anchors,
        exact: spanText(state.doc, range.from, range.to),
        attrs: speaker ? { speaker } : type === 'claim' ? { verdict: 'unreviewed' } : {},
        createdBy: context.getUser(),
      })
      undoManager?.stopCapturing()
      dispatch(setSelectedAnnotation(state.tr, id))
    }
    return true
  }
}

/** Selects an annotation (shown in the side panel), or clears the selection with null. */
export function selectAnnotation(id: string | null): Command {
  return (state, dispatch) => {
    const plugin = findAnnotationState(state)
    if (!plugin || (id !== null && !plugin.annotations.some((a) => a.id === id))) return false
    if (dispatch) dispatch(setSelectedAnnotation(state.tr, id))
    return true
  }
}

/** Moves an annotation (typically a detached one) onto the selected text. */
export function reattachAnnotation(id: string): Command {
  return (state, dispatch) => {
    const plugin = annotationPluginOf(state)
    if (!plugin || !canAnnotate(plugin.context)) return false
    const range = textRangeOfSelection(state)
    const annotation = plugin.annotations.find((a) => a.id === id)
    if (!range || !annotation) return false
    if (dispatch) {
      const anchors = anchorsFor(plugin.context.ydoc, state, range.from, range.to)
      if (!anchors) return false
      updateAnnotation(plugin.context.ydoc, id, { ...anchors, exact: spanText(state.doc, range.from, range.to), by: plugin.context.getUser() })
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
    const plugin = annotationPluginOf(state)
    if (!plugin || !canAnnotate(plugin.context)) return false
    const { context, annotations, invalid, selectedId } = plugin
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
 * `opened` is what the edit form showed when it was opened, as the form would save it untouched
 * (default: the record as it is now): only what differs from it is written.
 */
export function saveAnnotation(state: EditorState, id: string, attrs: unknown, note?: string, opened?: { attrs: Record<string, unknown>; note: string }): void {
  const { context, annotations } = requireAnnotationPlugin(state, 'saveAnnotation')
  const annotation = annotations.find((a) => a.id === id)
  if (!annotation) throw new Error(`saveAnnotation: no annotation "${id}"`)
  // The change is what the person changed since the form showed `opened`: others' changes made
  // meanwhile to other attributes (or the note) are kept.
  const before = opened ?? { attrs: annotation.record.attrs, note: annotation.record.note ?? '' }
  const nextAttrs = annotation.type === 'claim' ? withReviewStamp(before.attrs, attrs as ClaimAttrs, annotation.text, context.getUser(), new Date().toISOString()) : attrs
  updateAnnotation(context.ydoc, id, { attrs: nextAttrs, attrsBefore: before.attrs, ...(note !== undefined ? { note, noteBefore: before.note } : {}), by: context.getUser() })
}

/** Adds a comment by the current user to an annotation's thread. */
export function commentOnAnnotation(state: EditorState, id: string, text: string): string {
  const { context } = requireAnnotationPlugin(state, 'commentOnAnnotation')
  return addComment(context.ydoc, id, context.getUser(), text)
}

/**
 * Links two annotations with a relation chosen on `from`'s side (one of LINK_CHOICES): `out`
 * stores "`from` <type> `to`" in `from`'s record ("supports"), `in` stores "`to` <type> `from`"
 * in `to`'s ("supported by"). Returns the link's id. Throws AnnotationValidationError when the
 * link cannot be made (the same annotation, one of them missing, already linked so), and an
 * Error when annotating is not allowed.
 */
export function linkAnnotations(state: EditorState, from: string, choice: { type: LinkType; direction: LinkDirection }, to: string): string {
  const { context } = requireAnnotationPlugin(state, 'linkAnnotations')
  if (!canAnnotate(context)) throw new Error('linkAnnotations: annotating is not allowed here')
  const [source, target] = choice.direction === 'out' ? [from, to] : [to, from]
  return addLink(context.ydoc, source, { type: choice.type, target }, context.getUser())
}

/** Removes link `linkId` held by annotation `source`; false when there is none or annotating is not allowed. */
export function unlinkAnnotations(state: EditorState, source: string, linkId: string): boolean {
  const plugin = annotationPluginOf(state)
  if (!plugin || !canAnnotate(plugin.context)) return false
  return removeLink(plugin.context.ydoc, source, linkId, plugin.context.getUser())
}

/**
 * Changes an annotation's type as the current user (recorded in its history). Throws
 * AnnotationValidationError when the annotation is invalid, and an Error when annotating is not allowed.
 */
export function changeAnnotationType(state: EditorState, id: string, type: AnnotationType): void {
  const { context } = requireAnnotationPlugin(state, 'changeAnnotationType')
  if (!canAnnotate(context)) throw new Error('changeAnnotationType: annotating is not allowed here')
  changeType(context.ydoc, id, type, context.getUser())
}
