import type { EditorView } from 'prosemirror-view'
import { findAnnotationState, setDrawnRange, setFlashingAnnotation } from '../plugins/annotation-plugin'
import { rangeAround } from '../plugins/drawn-range'
import { scrollIntoPlace } from './scroll-into-place'

const FLASH_MS = 1400

/** The first element of an annotation's highlight, or null when it is not drawn. */
function highlightOf(view: EditorView, id: string): HTMLElement | null {
  return view.dom.querySelector<HTMLElement>(`[data-annotation-id="${CSS.escape(id)}"]`)
}

/** Draws the highlights around an annotation when they are not drawn (they are only drawn near the screen). */
function drawAnnotation(view: EditorView, id: string): void {
  const state = findAnnotationState(view.state)
  const annotation = state?.annotations.find((candidate) => candidate.id === id)
  if (!state || annotation?.status !== 'attached') return
  if (state.drawn.from > annotation.from || state.drawn.to < annotation.to) {
    view.dispatch(setDrawnRange(view.state.tr, rangeAround({ from: annotation.from, to: annotation.to }, view.state.doc.content.size)))
  }
}

/**
 * Scrolls an annotation's highlight into view (at once under `prefers-reduced-motion: reduce`)
 * and flashes it, without moving focus or the selection (so it never interrupts someone typing).
 * The flash is a decoration of the annotation plugin: a class set on the editor's DOM by hand
 * would be lost when ProseMirror redraws the block. False when it is not in the document.
 */
export function revealAnnotation(view: EditorView, id: string): boolean {
  drawAnnotation(view, id)
  if (!scrollIntoPlace(view, () => highlightOf(view, id))) return false
  view.dispatch(setFlashingAnnotation(view.state.tr, id))
  window.setTimeout(() => {
    if (!view.isDestroyed && findAnnotationState(view.state)?.flashingId === id) view.dispatch(setFlashingAnnotation(view.state.tr, null))
  }, FLASH_MS)
  return true
}
