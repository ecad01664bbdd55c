import type { EditorView } from 'prosemirror-view'

const FLASH_CLASS = 'is-flashing'
const FLASH_MS = 1400

/** True when the person asked their system for less motion: scrolling then jumps instead of gliding. */
function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true
}

/**
 * Scrolls an annotation's highlight into view (at once under `prefers-reduced-motion: reduce`)
 * and flashes it, without moving focus or the selection (so it never interrupts someone typing).
 * False when it is not in the document.
 */
export function revealAnnotation(view: EditorView, id: string): boolean {
  const spans = [...view.dom.querySelectorAll<HTMLElement>(`[data-annotation-id="${CSS.escape(id)}"]`)]
  if (spans.length === 0) return false
  spans[0].scrollIntoView({ block: 'center', behavior: prefersReducedMotion() ? 'instant' : 'smooth' })
  for (const span of spans) span.classList.add(FLASH_CLASS)
  window.setTimeout(() => {
    for (const span of view.dom.querySelectorAll(`[data-annotation-id="${CSS.escape(id)}"]`)) span.classList.remove(FLASH_CLASS)
  }, FLASH_MS)
  return true
}
