// The only module that touches `DecorationSet.local` and `DecorationSet.children`, fields marked
// `@internal` in prosemirror-view (pinned at 1.42.9). The stock `forChild` and the other methods read
// only these two fields. tests/unit/editor/plugins/decoration-set-internals.test.ts fails when an
// upgrade changes them.
import type { Node as PMNode } from 'prosemirror-model'
import { DecorationSet, type Decoration, type DecorationSource } from 'prosemirror-view'

/**
 * The fields a DecorationSet is made of: `local` holds the decorations that are not inside a single
 * child node, sorted by start; `children` holds `[start, end, DecorationSet]` triples for the child
 * nodes that have decorations, sorted by start.
 */
export interface DecorationSetParts {
  local: readonly Decoration[]
  children: ReadonlyArray<number | DecorationSet>
}

type ForChild = (offset: number, node: PMNode) => DecorationSource
type Eq = (other: DecorationSet) => boolean

// eslint-disable-next-line @typescript-eslint/unbound-method -- always called with .call(set)
const stockForChild = DecorationSet.prototype.forChild
// `eq` is internal too: ProseMirror calls it to decide whether the decorations changed at all.
const stockEq = (DecorationSet.prototype as unknown as { eq: (this: DecorationSet, other: DecorationSet) => boolean }).eq

/** The `local` and `children` fields of `set`. */
export function decorationSetParts(set: DecorationSet): DecorationSetParts {
  const { local, children } = set as unknown as DecorationSetParts
  return { local, children }
}

/** What the stock `DecorationSet.forChild` answers for a set made of `parts`. */
export function stockForChildOf(parts: DecorationSetParts, offset: number, node: PMNode): DecorationSource {
  return stockForChild.call(parts as unknown as DecorationSet, offset, node)
}

/** What the stock (internal) `DecorationSet.eq` answers: the same decorations, compared field by field. */
export function stockEqual(set: DecorationSet, other: DecorationSet): boolean {
  return stockEq.call(set, other)
}

/**
 * A DecorationSet made of `parts` whose `forChild` is `forChild` (and `eq`, when given, is `eq`):
 * every other method is the stock one, reading `parts`.
 */
export function decorationSetWithForChild(parts: DecorationSetParts, forChild: ForChild, eq?: Eq): DecorationSet {
  const set = Object.create(DecorationSet.prototype) as DecorationSet
  Object.assign(set, { local: parts.local, children: parts.children, forChild }, eq ? { eq } : {})
  return set
}
