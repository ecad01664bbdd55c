import { useEffect, type RefObject } from 'react'

/**
 * Keeps the page's `scroll-padding-top` at the bottom of a sticky element at the top of the window
 * (the toolbar strip under the header, much taller while find lists annotations), measured
 * whenever its size changes. What is scrolled into view (find's current match, an annotation
 * opened from the panel) then lands in the part of the window the element leaves free.
 */
export function useScrollPaddingBelow(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const root = document.documentElement
    const update = () => {
      const style = getComputedStyle(element)
      const stuck = style.position === 'sticky' || style.position === 'fixed'
      const bottom = stuck ? (parseFloat(style.top) || 0) + element.getBoundingClientRect().height : 0
      root.style.scrollPaddingTop = `${Math.ceil(bottom)}px`
    }
    const observer = new ResizeObserver(update)
    observer.observe(element)
    // The element's `position` and `top` change with the window's width (media queries), not its size.
    window.addEventListener('resize', update)
    update()
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', update)
      root.style.removeProperty('scroll-padding-top')
    }
  }, [ref])
}
