import type { EditorView } from 'prosemirror-view'

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

/** Where an element is in the page (not on the screen): moves only when the layout does. */
function pageTop(element: Element): number {
  return element.getBoundingClientRect().top + window.scrollY
}

/**
 * After a jump, the blocks that came on screen are laid out for the first time (content-visibility)
 * a frame or two later, and can push the element far from where it was scrolled to (300 px in
 * a long article), even under a docked panel. For a few frames, whenever the element moves in
 * the page (scrolling by hand moves it only on the screen), it is scrolled into place again, at
 * most `tries` times.
 */
function settleAfterJump(view: EditorView, locate: () => HTMLElement | null, top: number, frames = 12, tries = 3): void {
  requestAnimationFrame(() => {
    const element = view.isDestroyed ? null : locate()
    if (!element) return
    if (Math.abs(pageTop(element) - top) > 1 && tries > 0) {
      element.scrollIntoView({ block: 'center', behavior: 'instant' })
      settleAfterJump(view, locate, pageTop(element), frames, tries - 1)
    } else if (frames > 0) settleAfterJump(view, locate, top, frames - 1, tries)
  })
}

/**
 * Scrolls the element `locate` finds in the editor to the middle of the window: it glides there,
 * or jumps under `prefers-reduced-motion: reduce` or from far away (and is kept in place while
 * the blocks around it are laid out). `locate` is called again on later frames, as ProseMirror may
 * redraw the element. False when it finds nothing.
 */
export function scrollIntoPlace(view: EditorView, locate: () => HTMLElement | null): boolean {
  const element = locate()
  if (!element) return false
  const jump = prefersReducedMotion() || isFarOffScreen(element)
  element.scrollIntoView({ block: 'center', behavior: jump ? 'instant' : 'smooth' })
  if (jump) settleAfterJump(view, locate, pageTop(element))
  return true
}
