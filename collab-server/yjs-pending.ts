// The only module that touches Yjs's pending content, an internal of yjs (pinned at 13.6.33):
// `doc.store.pendingStructs` (`{ missing, update }` or null) holds the structs that refer to content
// the doc does not have, `doc.store.pendingDs` (an update or null) the deletions of such content.
// Yjs retries both on the next applied update and passes them on when encoding state; null is their
// initial value. tests/unit/collab-server/yjs-pending.test.ts fails when an upgrade changes them.
import type * as Y from 'yjs'

/** Bytes of the content Yjs keeps aside in `doc` until what it refers to arrives; 0 when none. */
export function pendingBytes(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.byteLength ?? 0) + (doc.store.pendingDs?.byteLength ?? 0)
}

/** Whether Yjs keeps anything of `doc` aside until the content it refers to arrives. */
export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null
}

/**
 * Forgets the doc's pending content: it is neither integrated later nor passed on when the doc's
 * state is encoded. What was integrated stays.
 */
export function dropPending(doc: Y.Doc): void {
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
}
