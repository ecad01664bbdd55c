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

/** The first element of an annotation's highlight, or null when it is not drawn. */
function highlightOf(view: EditorView, id: string): HTMLElement | null {
  return view.dom.querySelector<HTMLElement>(`[data-annotation-id="${CSS.escape(id)}"]`)
}

/** Where an element is in the page (not on the screen): moves only when the layout does. */
function pageTop(element: Element): number {
  return element.getBoundingClientRect().top + window.scrollY
}

/**
 * After a jump, the blocks that came on screen are laid out for the first time (content-visibility)
 * a frame or two later, and can push the highlight far from where it was scrolled to (300 px in
 * a long article), even under a docked panel. For a few frames, whenever the highlight moves in
 * the page (scrolling by hand moves it only on the screen), it is scrolled into place again, at
 * most `tries` times.
 */
function settleAfterJump(view: EditorView, id: string, top: number, frames = 12, tries = 3): void {
  requestAnimationFrame(() => {
    const element = view.isDestroyed ? null : highlightOf(view, id)
    if (!element) return
    if (Math.abs(pageTop(element) - top) > 1 && tries > 0) {
      element.scrollIntoView({ block: 'center', behavior: 'instant' })
      settleAfterJump(view, id, pageTop(element), frames, tries - 1)
    } else if (frames > 0) settleAfterJump(view, id, top, frames - 1, tries)
  })
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
  const first = highlightOf(view, id)
  if (!first) return false
  const jump = prefersReducedMotion() || isFarOffScreen(first)
  first.scrollIntoView({ block: 'center', behavior: jump ? 'instant' : 'smooth' })
  if (jump) settleAfterJump(view, id, pageTop(first))
  view.dispatch(setFlashingAnnotation(view.state.tr, id))
  window.setTimeout(() => {
    if (!view.isDestroyed && findAnnotationState(view.state)?.flashingId === id) view.dispatch(setFlashingAnnotation(view.state.tr, null))
  }, FLASH_MS)
  return true
}
