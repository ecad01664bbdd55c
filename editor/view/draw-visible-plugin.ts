import { Plugin } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { findAnnotationState, setDrawnRange } from '../plugins/annotation-plugin'
import { rangeAround, servesVisible } from '../plugins/drawn-range'
import { visiblePositions } from './visible-positions'

/**
 * Moves the range of drawn highlights (see `DrawnRange`) to what is on screen when it no longer
 * serves it. Scroll events come before the frame is painted, and the dispatch redraws the blocks
 * synchronously, so text never shows on screen without its highlights.
 */
function drawVisibleText(view: EditorView): void {
  if (view.isDestroyed) return
  const annotations = findAnnotationState(view.state)
  const visible = visiblePositions(view)
  if (!annotations || !visible) return
  const size = view.state.doc.content.size
  if (!servesVisible(annotations.drawn, visible, size)) view.dispatch(setDrawnRange(view.state.tr, rangeAround(visible, size)))
}

/**
 * Keeps the highlights of the text on screen drawn: after the editor is mounted, on every scroll
 * (of the window or any element around the editor), on resize, and after a remote change that
 * replaced every block (which resets the drawn range to the top of the document).
 */
export function drawVisiblePlugin(): Plugin {
  return new Plugin({
    view: (view) => {
      const onScrollOrResize = () => drawVisibleText(view)
      // Capturing: scroll events do not bubble, and the editor may be inside a scrolling element.
      window.addEventListener('scroll', onScrollOrResize, { capture: true, passive: true })
      window.addEventListener('resize', onScrollOrResize, { passive: true })
      queueMicrotask(onScrollOrResize)
      return {
        update: (updated, previous) => {
          if (findAnnotationState(updated.state)?.fullyResolvedIn !== findAnnotationState(previous)?.fullyResolvedIn) queueMicrotask(onScrollOrResize)
        },
        destroy: () => {
          window.removeEventListener('scroll', onScrollOrResize, { capture: true })
          window.removeEventListener('resize', onScrollOrResize)
        },
      }
    },
  })
}
