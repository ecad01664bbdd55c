import type { EditorView } from 'prosemirror-view'
import { findAnnotationState, setDrawnRange, setFlashingAnnotation } from '../plugins/annotation-plugin'
import { rangeAround } from '../plugins/drawn-range'

const FLASH_MS = 1400

/** True when the person asked their system for less motion: scrolling then jumps instead of gliding. */
function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true
}

/**
 * True when an element is more than a screen away from the window. Such a scroll jumps: gliding
 * over many screens of a long article takes long, and the blocks it passes, drawn only as they
 * come near (content-visibility, highlights near the screen), change size on the way, so a glide
 * ends short of its target.
 */
function isFarOffScreen(element: Element): boolean {
  const { top, bottom } = element.getBoundingClientRect()
  return bottom < -window.innerHeight || top > 2 * window.innerHeight
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
  const first = view.dom.querySelector<HTMLElement>(`[data-annotation-id="${CSS.escape(id)}"]`)
  if (!first) return false
  first.scrollIntoView({ block: 'center', behavior: prefersReducedMotion() || isFarOffScreen(first) ? 'instant' : 'smooth' })
  view.dispatch(setFlashingAnnotation(view.state.tr, id))
  window.setTimeout(() => {
    if (!view.isDestroyed && findAnnotationState(view.state)?.flashingId === id) view.dispatch(setFlashingAnnotation(view.state.tr, null))
  }, FLASH_MS)
  return true
}
