import type * as Y from 'yjs'

/** The Yjs transaction whose observers are running, per document. */
const observed = new WeakMap<Y.Doc, { current: Y.Transaction | null }>()

/**
 * The Yjs transaction whose observers (and `afterTransaction` handlers) are running on `ydoc`
 * right now, or null. Yjs clears `doc._transaction` before it calls observers, so code that runs
 * from an observer — such as y-prosemirror bringing a remote change into the editor — cannot
 * otherwise tell which transaction it is part of. The first call for a document starts tracking
 * it (two listeners on the document, which live as long as it does).
 */
export function observedTransaction(ydoc: Y.Doc): Y.Transaction | null {
  let tracker = observed.get(ydoc)
  if (!tracker) {
    const created: { current: Y.Transaction | null } = { current: null }
    ydoc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
      created.current = transaction
    })
    ydoc.on('afterTransactionCleanup', (transaction: Y.Transaction) => {
      if (created.current === transaction) created.current = null
    })
    observed.set(ydoc, created)
    tracker = created
  }
  return tracker.current
}
