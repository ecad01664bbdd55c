import type { EditorView } from 'prosemirror-view'
import type { DrawnRange } from '../plugins/drawn-range'

/** Start offsets of the document's top-level blocks. */
function blockOffsets(view: EditorView): number[] {
  const offsets: number[] = []
  view.state.doc.forEach((_block, offset) => offsets.push(offset))
  return offsets
}

/**
 * The positions of the top-level blocks that are at least partly inside the browser window
 * (`[from, to]`, from the start of the first to the end of the last), found by binary search over
 * the blocks' boxes; null when no part of the editor is in the window. When a block has no
 * element to measure, the whole document, so that nothing is left undrawn.
 */
export function visiblePositions(view: EditorView): DrawnRange | null {
  const { doc } = view.state
  const editor = view.dom.getBoundingClientRect()
  const top = Math.max(editor.top, 0)
  const bottom = Math.min(editor.bottom, window.innerHeight)
  if (bottom <= top || doc.childCount === 0) return null
  const offsets = blockOffsets(view)
  let unmeasurable = false
  const box = (index: number) => {
    const element = view.nodeDOM(offsets[index])
    if (element instanceof Element) return element.getBoundingClientRect()
    unmeasurable = true
    return null
  }
  // First block whose bottom is below the window's top, and first block whose top is at or below its bottom.
  const firstWhere = (test: (rect: DOMRect) => boolean) => {
    let low = 0
    let high = offsets.length
    while (low < high && !unmeasurable) {
      const middle = (low + high) >> 1
      const rect = box(middle)
      if (rect && test(rect)) high = middle
      else low = middle + 1
    }
    return low
  }
  const first = Math.min(
    firstWhere((rect) => rect.bottom > top),
    offsets.length - 1,
  )
  const last = Math.max(firstWhere((rect) => rect.top >= bottom) - 1, first)
  if (unmeasurable) return { from: 0, to: doc.content.size }
  return { from: offsets[first], to: offsets[last] + doc.child(last).nodeSize }
}
