import type { Node as PMNode } from 'prosemirror-model'
import type { Mapping } from 'prosemirror-transform'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { FindMatch } from './find-matches'

/** The class of the current match's highlight (every match's has `find-match`). */
export const CURRENT_MATCH_CLASS = 'find-match-current'

function matchDecoration({ from, to }: FindMatch, current: boolean): Decoration {
  // A wrapper of its own (nodeName), inside any annotation's: its colour shows over theirs.
  return Decoration.inline(from, to, { nodeName: 'span', class: current ? `find-match ${CURRENT_MATCH_CLASS}` : 'find-match' }, { current })
}

const keyOf = (from: number, to: number, current: boolean) => `${from}:${to}:${current ? 'current' : ''}`

/** The highlights of `matches`, the one at index `current` as the current match, built afresh. */
export function decorateMatches(doc: PMNode, matches: readonly FindMatch[], current: number): DecorationSet {
  return DecorationSet.create(
    doc,
    matches.map((match, index) => matchDecoration(match, index === current)),
  )
}

/**
 * The highlights of `matches` made from the previous ones, mapped through `mapping`: only the
 * highlights that differ are removed and added. Building a set afresh costs in proportion to the
 * blocks times the matches (20 ms for 1,000 matches in 500 kB), too much for every keystroke;
 * an edit or a step changes a few highlights.
 */
export function redecorateMatches(previous: DecorationSet, mapping: Mapping, doc: PMNode, matches: readonly FindMatch[], current: number): DecorationSet {
  const mapped = previous.map(mapping, doc)
  const wanted = new Map(matches.map((match, index) => [keyOf(match.from, match.to, index === current), { match, current: index === current }] as const))
  const stale: Decoration[] = []
  for (const decoration of mapped.find()) {
    const key = keyOf(decoration.from, decoration.to, (decoration.spec as { current: boolean }).current)
    if (wanted.has(key)) wanted.delete(key)
    else stale.push(decoration)
  }
  if (stale.length === 0 && wanted.size === 0) return mapped
  return mapped.remove(stale).add(
    doc,
    [...wanted.values()].map(({ match, current: isCurrent }) => matchDecoration(match, isCurrent)),
  )
}
