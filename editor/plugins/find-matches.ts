import type { Node as PMNode } from 'prosemirror-model'
import { findOffsets, foldForFind, LEAF_TEXT, type FindQuery } from '../model/find-text'

/** One match of a find query in the document, as ProseMirror positions. */
export interface FindMatch {
  readonly from: number
  readonly to: number
}

/** The matches of a query in a document, in document order: at most the limit, `capped` when there are more. */
export interface DocumentMatches {
  readonly matches: readonly FindMatch[]
  readonly capped: boolean
}

/**
 * Remembers, for one query, the matches in each text block (offsets from the block's start).
 * Documents share the node objects of unchanged blocks (ProseMirror's transactions and
 * y-prosemirror's remote changes alike), so after an edit only the changed blocks are searched again.
 */
export type BlockMatchCache = WeakMap<PMNode, readonly number[]>

/** A cache for a new query. */
export function createBlockMatchCache(): BlockMatchCache {
  return new WeakMap()
}

/**
 * A text block's text, one unit per position: text as it is (marks do not break it), each inline
 * leaf (a hard break) as {@link LEAF_TEXT}, so offsets in it are positions from the block's start.
 */
function blockText(block: PMNode): string {
  return block.textBetween(0, block.content.size, undefined, LEAF_TEXT)
}

function matchesInBlock(block: PMNode, query: FindQuery, limit: number, cache: BlockMatchCache): readonly number[] {
  let offsets = cache.get(block)
  if (!offsets) {
    offsets = findOffsets(foldForFind(blockText(block), query.matchCase), query.needle, limit)
    cache.set(block, offsets)
  }
  return offsets
}

/**
 * Every match of `query` in the text blocks of `doc`, in document order: a match may span marks
 * (bold, links, highlights) but never two blocks or a hard break. At most `limit` are returned,
 * with `capped` set when there are more. `cache` must belong to this query (see {@link BlockMatchCache}).
 */
export function findInDocument(doc: PMNode, query: FindQuery, limit: number, cache: BlockMatchCache): DocumentMatches {
  const matches: FindMatch[] = []
  const length = query.needle.length
  let capped = false
  doc.descendants((node, pos) => {
    if (capped) return false
    if (!node.isTextblock) return true
    // One block holding more than the limit is enough to tell the document does: keep limit + 1.
    for (const offset of matchesInBlock(node, query, limit + 1, cache)) {
      if (matches.length === limit) {
        capped = true
        break
      }
      matches.push({ from: pos + 1 + offset, to: pos + 1 + offset + length })
    }
    return false
  })
  return { matches, capped }
}

/** The index of the first match that starts at or after `pos`, wrapping to the first match; -1 when there are none. */
export function matchIndexFrom(matches: readonly FindMatch[], pos: number): number {
  if (matches.length === 0) return -1
  let low = 0
  let high = matches.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (matches[middle].from < pos) low = middle + 1
    else high = middle
  }
  return low === matches.length ? 0 : low
}
