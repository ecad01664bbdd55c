import type { EditorView } from 'prosemirror-view'
import { findAnnotationState, setFlashingAnnotation } from '../plugins/annotation-plugin'

const FLASH_MS = 1400

/** True when the person asked their system for less motion: scrolling then jumps instead of gliding. */
function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true
}

/**
 * Scrolls an annotation's highlight into view (at once under `prefers-reduced-motion: reduce`)
 * and flashes it, without moving focus or the selection (so it never interrupts someone typing).
 * The flash is a decoration of the annotation plugin: a class set on the editor's DOM by hand
 * would be lost when ProseMirror redraws the block. False when it is not in the document.
 */
export function revealAnnotation(view: EditorView, id: string): boolean {
  const first = view.dom.querySelector<HTMLElement>(`[data-annotation-id="${CSS.escape(id)}"]`)
  if (!first) return false
  first.scrollIntoView({ block: 'center', behavior: prefersReducedMotion() ? 'instant' : 'smooth' })
  view.dispatch(setFlashingAnnotation(view.state.tr, id))
  window.setTimeout(() => {
    if (!view.isDestroyed && findAnnotationState(view.state)?.flashingId === id) view.dispatch(setFlashingAnnotation(view.state.tr, null))
  }, FLASH_MS)
  return true
}
