import type { Node as PMNode } from 'prosemirror-model'
import { Mapping, StepMap } from 'prosemirror-transform'

/**
 * The top-level blocks that differ between two documents, as positions: `[start, oldEnd)` in the
 * old document was replaced by `[start, newEnd)` in the new one. Everything before `start` and
 * after the ends is the same, position for position (shifted by `newEnd - oldEnd` after).
 */
export interface ChangedBlocks {
  readonly start: number
  readonly oldEnd: number
  readonly newEnd: number
}

/**
 * Finds the changed top-level blocks by node identity. y-prosemirror applies a remote change by
 * replacing the whole document, but it reuses the node objects of every block whose Yjs type did
 * not change, so the unchanged prefix and suffix are the same objects. Comparing whole blocks
 * (rather than characters, as `Fragment.findDiffStart/End` do inside a block) keeps the range
 * exact: a character diff inside repeated text ("aa" → "aaa") cannot tell which character was
 * inserted, but a Yjs anchor can. Returns null when no block changed.
 */
export function changedBlocks(oldDoc: PMNode, newDoc: PMNode): ChangedBlocks | null {
  const oldCount = oldDoc.childCount
  const newCount = newDoc.childCount
  let head = 0
  let start = 0
  while (head < oldCount && head < newCount && oldDoc.child(head) === newDoc.child(head)) {
    start += oldDoc.child(head).nodeSize
    head += 1
  }
  if (head === oldCount && head === newCount) return null
  let oldTail = oldCount
  let newTail = newCount
  let oldEnd = oldDoc.content.size
  let newEnd = newDoc.content.size
  while (oldTail > head && newTail > head && oldDoc.child(oldTail - 1) === newDoc.child(newTail - 1)) {
    oldTail -= 1
    newTail -= 1
    oldEnd -= oldDoc.child(oldTail).nodeSize
    newEnd -= newDoc.child(newTail).nodeSize
  }
  return { start, oldEnd, newEnd }
}

/**
 * The mapping from the old document's positions to the new one's for a change of whole blocks:
 * positions before it stay, positions after it shift, positions inside it go to its edges. This,
 * not the transaction's own mapping, is how a remote change moves positions: y-prosemirror's
 * transaction replaces the whole document, which would send every position to one of its ends.
 */
export function changedBlocksMapping(change: ChangedBlocks | null): Mapping {
  return change === null ? new Mapping() : new Mapping([new StepMap([change.start, change.oldEnd - change.start, change.newEnd - change.start])])
}
