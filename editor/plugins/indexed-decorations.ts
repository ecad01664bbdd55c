import type { Node as PMNode } from 'prosemirror-model'
import { DecorationSet, type Decoration } from 'prosemirror-view'
import { decorationSetParts, decorationSetWithForChild, stockEqual, stockForChildOf, type DecorationSetParts } from './decoration-set-internals'
import { blockInRange, type DrawnRange } from './drawn-range'

/** First index in `children` (triples) whose start is at or after `offset`; children.length when none. */
function firstChildAtOrAfter(children: ReadonlyArray<number | DecorationSet>, offset: number): number {
  let low = 0
  let high = children.length / 3
  while (low < high) {
    const middle = (low + high) >> 1
    if ((children[middle * 3] as number) < offset) low = middle + 1
    else high = middle
  }
  return low * 3
}

/** First index in `local` (sorted by start) whose start is at or after `pos`. */
function firstLocalFrom(local: readonly Decoration[], pos: number): number {
  let low = 0
  let high = local.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (local[middle].from < pos) low = middle + 1
    else high = middle
  }
  return low
}

/** The range each wrapper draws (null: everything), for `eq`. */
const drawnBy = new WeakMap<DecorationSet, DrawnRange | null>()
/** The last wrapper made for each set. */
const lastWrapper = new WeakMap<DecorationSet, DecorationSet>()

function sameRange(a: DrawnRange | null, b: DrawnRange | null): boolean {
  return a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to)
}

/**
 * The same decorations as `set`, as a DecorationSet whose `forChild` finds a child's decorations
 * by binary search instead of a scan, and answers none for the top-level blocks outside `drawn`
 * (null: draw every block). ProseMirror draws a document by asking the top-level set for each
 * block's decorations in turn, and the stock `forChild` scans the set's child list and its
 * cross-block decorations from the start each time: with 2,000 decorated blocks that is
 * quadratic work on every keystroke. Inside `drawn` the answers are identical: this only narrows
 * what the stock `forChild` looks at to the one child at `offset` and the cross-block decorations
 * that can overlap it. `eq` also compares the drawn ranges, so ProseMirror redraws the blocks that
 * come into the range. The last wrapper is cached per set, so the same set and range give the
 * same wrapper.
 */
export function indexedForChildren(set: DecorationSet, drawn: DrawnRange | null = null): DecorationSet {
  const cached = lastWrapper.get(set)
  if (cached && sameRange(drawnBy.get(cached)!, drawn)) return cached
  const { local, children } = decorationSetParts(set)
  // No cross-block decoration reaches further back than the longest one.
  let longest = 0
  for (const decoration of local) longest = Math.max(longest, decoration.to - decoration.from)
  const none: ReadonlyArray<number | DecorationSet> = []
  const triple: Array<number | DecorationSet> = [0, 0, DecorationSet.empty]
  const narrowed: DecorationSetParts = { local: [], children: none }
  const forChild = (offset: number, node: PMNode) => {
    if (drawn !== null && !blockInRange(drawn, offset, node.nodeSize)) return DecorationSet.empty
    const index = firstChildAtOrAfter(children, offset)
    if (index < children.length && children[index] === offset) {
      triple[0] = children[index]!
      triple[1] = children[index + 1]!
      triple[2] = children[index + 2]!
      narrowed.children = triple
    } else narrowed.children = none
    const start = offset + 1
    const end = start + node.content.size
    narrowed.local = local.length === 0 ? local : local.slice(firstLocalFrom(local, start - longest), firstLocalFrom(local, end))
    return stockForChildOf(narrowed, offset, node)
  }
  const eq = (other: DecorationSet) => drawnBy.has(other) && sameRange(drawnBy.get(other)!, drawn) && stockEqual(wrapper, other)
  const wrapper = decorationSetWithForChild({ local, children }, forChild, eq)
  drawnBy.set(wrapper, drawn)
  lastWrapper.set(set, wrapper)
  return wrapper
}
