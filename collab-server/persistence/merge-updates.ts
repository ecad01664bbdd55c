import * as Y from 'yjs'
import { hasPending } from '../yjs-pending'

/**
 * Merges a document's stored updates into one update. The updates are applied to a scratch
 * Y.Doc in a single transaction and its state is encoded: linear in the number of updates, and
 * consecutive keystrokes of one client merge into one struct, so the result is small and fast to
 * load (`Y.mergeUpdates` keeps one struct per keystroke and grows superlinearly: see "Design
 * measurements" in docs/performance.md). When some content cannot be integrated (a gap in what
 * was stored), falls back to `Y.mergeUpdates`, which keeps everything.
 */
export function mergeStoredUpdates(updates: readonly Uint8Array[]): Uint8Array {
  if (updates.length === 1) return updates[0]
  const doc = new Y.Doc()
  try {
    applyStoredUpdates(doc, updates, null)
    if (hasPending(doc)) return Y.mergeUpdates([...updates])
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

/** Applies stored updates to `doc` in one transaction (one cleanup pass, one `update` event). */
export function applyStoredUpdates(doc: Y.Doc, updates: readonly Uint8Array[], origin: unknown): void {
  Y.transact(
    doc,
    () => {
      for (const update of updates) Y.applyUpdate(doc, update, origin)
    },
    origin,
  )
}
