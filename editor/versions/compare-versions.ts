import type * as Y from 'yjs'
import { takeSnapshot, type DocumentSnapshot } from '../export/snapshot'
import { compareAnnotations, type AnnotationChanges } from './annotation-changes'
import { compareBlocks, type BlockDiff, type TextBlock, type TextComparison } from './text-comparison'

/** Two versions of a document compared: the text block by block, the annotations by id. */
export interface VersionComparison {
  readonly text: TextComparison
  readonly annotations: AnnotationChanges
}

/** The text blocks of a snapshot, for {@link compareBlocks}. */
function textBlocksOf(snapshot: Pick<DocumentSnapshot, 'text' | 'blocks'>): TextBlock[] {
  return snapshot.blocks.map((block) => ({ type: block.type, ...(block.level !== undefined ? { level: block.level } : {}), text: snapshot.text.slice(block.start, block.end) }))
}

/** Compares two snapshots of a document (`before`: the older version). */
export function compareSnapshots(before: DocumentSnapshot, after: DocumentSnapshot): VersionComparison {
  return { text: compareBlocks(textBlocksOf(before), textBlocksOf(after)), annotations: compareAnnotations(before.annotations, after.annotations) }
}

/** Compares two Yjs states (or docs) of document `id`: `before` the older version, `after` the newer. */
export function compareVersions(id: string, before: Uint8Array | Y.Doc, after: Uint8Array | Y.Doc): VersionComparison {
  return compareSnapshots(takeSnapshot(id, before), takeSnapshot(id, after))
}

/** A run of the comparison to show: blocks around changes, or unchanged blocks to fold away. */
export type ComparisonStretch = { readonly kind: 'shown'; readonly blocks: readonly BlockDiff[] } | { readonly kind: 'unchanged'; readonly blocks: readonly BlockDiff[] }

/**
 * Splits compared blocks into stretches to show (the changes with `context` unchanged blocks on
 * each side) and runs of more unchanged blocks to fold away.
 */
export function foldUnchanged(blocks: readonly BlockDiff[], context = 1): ComparisonStretch[] {
  const near = blocks.map(() => false)
  blocks.forEach((block, index) => {
    if (block.kind === 'same') return
    for (let at = Math.max(0, index - context); at <= Math.min(blocks.length - 1, index + context); at++) near[at] = true
  })
  const stretches: Array<{ kind: ComparisonStretch['kind']; blocks: BlockDiff[] }> = []
  blocks.forEach((block, index) => {
    const kind = near[index] ? 'shown' : 'unchanged'
    const last = stretches.at(-1)
    if (last?.kind === kind) last.blocks.push(block)
    else stretches.push({ kind, blocks: [block] })
  })
  return stretches
}
