import type { Mappable } from 'prosemirror-transform'

/**
 * The part of the document whose highlights are drawn, as positions `[from, to]`. Drawing every
 * highlight of a long, densely annotated document costs more than everything else on first load
 * (34,000 highlight elements for 10,000 annotations on 500 kB), so only the blocks on screen and a
 * margin around them are drawn; scrolling moves the range before the next frame is painted.
 */
export interface DrawnRange {
  readonly from: number
  readonly to: number
}

/**
 * Positions drawn beyond what is on screen, on each side: several screens of text (a screen of
 * the article shows about 3,000 positions), and more than the whole seed article, so documents
 * of that size are always drawn in full.
 */
export const DRAW_MARGIN = 20_000

/** The range drawn before the editor knows what is on screen: the top of the document. */
export function initialDrawnRange(): DrawnRange {
  return { from: 0, to: 2 * DRAW_MARGIN }
}

/** The range to draw for the visible positions `[from, to]`: them and the margin, clamped to the document. */
export function rangeAround(visible: DrawnRange, docSize: number): DrawnRange {
  const margin = Math.max(DRAW_MARGIN, visible.to - visible.from)
  return { from: Math.max(0, visible.from - margin), to: Math.min(docSize, visible.to + margin) }
}

/**
 * True when `drawn` still serves the visible positions: it covers them and half a margin beyond
 * on each side that has more document. Redrawing only then keeps scrolling cheap (the range moves
 * in steps of at least half a margin) while text never comes into view undrawn.
 */
export function servesVisible(drawn: DrawnRange, visible: DrawnRange, docSize: number): boolean {
  const half = DRAW_MARGIN / 2
  return drawn.from <= Math.max(0, visible.from - half) && drawn.to >= Math.min(docSize, visible.to + half)
}

/** The range after a document change: text inserted inside it stays inside. */
export function mapDrawnRange(range: DrawnRange, mapping: Mappable): DrawnRange {
  const from = mapping.map(range.from, -1)
  const to = mapping.map(range.to, 1)
  return from === range.from && to === range.to ? range : { from, to }
}

/** True when the block at `offset` of size `nodeSize` overlaps `range`. */
export function blockInRange(range: DrawnRange, offset: number, nodeSize: number): boolean {
  return offset + nodeSize >= range.from && offset <= range.to
}
