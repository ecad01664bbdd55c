import * as Y from 'yjs'
import type { AnnotationRecord, RelativePositionJSON } from './annotation'
import { anchorToJSON } from './anchors'

/** An annotation whose anchors move onto text an undo or redo brought back. */
export interface RestoredAnchors {
  id: string
  start: RelativePositionJSON
  end: RelativePositionJSON
}

/**
 * The annotations whose words this client's undo (or redo) of a deletion brought back.
 *
 * Yjs restores deleted text as new content and links the deleted items to it (`redone`), but only
 * in the replica that undid: there the old anchors still find the words, everywhere else they
 * point at deleted text and the annotation reads as detached. For each anchor on a deleted item
 * that was restored, this gives the same place on the restored item, so the anchors can be
 * rewritten for everyone. Anchors that need no change are left out.
 */
export function restoredAnchors(ydoc: Y.Doc, records: readonly AnnotationRecord[]): RestoredAnchors[] {
  const moved: RestoredAnchors[] = []
  for (const record of records) {
    const start = onRestoredText(ydoc, record.start)
    const end = onRestoredText(ydoc, record.end)
    if (start === null && end === null) continue
    moved.push({ id: record.id, start: start ?? record.start, end: end ?? record.end })
  }
  return moved
}

/** The anchor moved onto the content that restored its deleted item; null when it needs no move. */
export function onRestoredText(ydoc: Y.Doc, anchor: RelativePositionJSON): RelativePositionJSON | null {
  if (!anchor.item) return null
  const item = itemAt(ydoc, anchor.item.client, anchor.item.clock)
  if (item === null || !item.deleted || item.redone === null) return null
  let absolute: Y.AbsolutePosition | null
  try {
    // Follows `redone` links to the content that brought the item back.
    absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor), ydoc)
  } catch {
    return null
  }
  if (absolute === null || absolute.type._item?.deleted === true) return null
  const assoc = anchor.assoc ?? 0
  const restored = Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, assoc)
  // A start that found no restored character (or an end that found none) means nothing came back.
  if (restored.item === null) return null
  return anchorToJSON(restored)
}

function itemAt(ydoc: Y.Doc, client: number, clock: number): Y.Item | null {
  const structs = ydoc.store.clients.get(client)
  if (!structs || structs.length === 0) return null
  const last = structs[structs.length - 1]
  if (clock >= last.id.clock + last.length) return null
  const struct = structs[Y.findIndexSS(structs, clock)]
  return struct instanceof Y.Item ? struct : null
}
