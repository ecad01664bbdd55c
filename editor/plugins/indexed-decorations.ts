import { DecorationSet, type Decoration } from 'prosemirror-view'
import { decorationSetParts, decorationSetWithForChild, stockForChildOf, type DecorationSetParts } from './decoration-set-internals'

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

const indexed = new WeakMap<DecorationSet, DecorationSet>()

/**
 * The same decorations as `set`, as a DecorationSet whose `forChild` finds a child's decorations
 * by binary search instead of a scan. ProseMirror draws a document by asking the top-level set
 * for each block's decorations in turn, and the stock `forChild` scans the set's child list and
 * its cross-block decorations from the start each time: with 2,000 decorated blocks that is
 * quadratic work on every keystroke. Answers are identical: this only narrows what the stock
 * `forChild` looks at to the one child at `offset` and the cross-block decorations that can
 * overlap it. Wrappers are cached per set, so the same set always gives the same wrapper.
 */
export function indexedForChildren(set: DecorationSet): DecorationSet {
  if (set === DecorationSet.empty) return set
  const { local, children } = decorationSetParts(set)
  if (children.length < 24) return set
  let wrapper = indexed.get(set)
  if (wrapper) return wrapper
  // No cross-block decoration reaches further back than the longest one.
  let longest = 0
  for (const decoration of local) longest = Math.max(longest, decoration.to - decoration.from)
  const none: ReadonlyArray<number | DecorationSet> = []
  const triple: Array<number | DecorationSet> = [0, 0, DecorationSet.empty]
  const narrowed: DecorationSetParts = { local: [], children: none }
  wrapper = decorationSetWithForChild({ local, children }, (offset, node) => {
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
  })
  indexed.set(set, wrapper)
  return wrapper
}
