/** What decides whether a Y.Doc update must be kept in storage until IndexedDB confirms it. */
export interface UpdateSource {
  /** The update's transaction origin. */
  origin: unknown
  /** The origin of updates read from IndexedDB (the y-indexeddb persistence). */
  cacheOrigin: unknown
  /** True for the origin of updates that came from the collab server. */
  isFromServer?: (origin: unknown) => boolean
}

/**
 * Whether an update is this page's own (an edit, or what it recovered from storage) and so could
 * be lost with an IndexedDB write: updates read from IndexedDB or received from the server are
 * kept elsewhere already.
 */
export function isUnsavedEdit({ origin, cacheOrigin, isFromServer }: UpdateSource): boolean {
  return origin !== cacheOrigin && !isFromServer?.(origin)
}

/** Whether an aborted IndexedDB transaction of the given mode was a failed write. */
export function isFailedWrite(mode: IDBTransactionMode): boolean {
  return mode !== 'readonly'
}

/** Inputs of {@link shouldTakeBarrier}. */
export interface BarrierSignals {
  /** A barrier transaction is in flight already. */
  barrierPending: boolean
  /** The stored updates were applied to the Y.Doc. */
  loaded: boolean
  /** Updates waiting for IndexedDB to confirm them. */
  unconfirmed: number
  /** The copy is no longer kept (closed, deleted or failed). */
  stopped: boolean
}

/**
 * Whether to start a read-only transaction that confirms, once it completes, the updates written
 * before it: only one at a time, only on a loaded, still kept copy, and only when some
 * update waits for confirmation.
 */
export function shouldTakeBarrier(signals: BarrierSignals): boolean {
  return !signals.barrierPending && signals.loaded && signals.unconfirmed > 0 && !signals.stopped
}
