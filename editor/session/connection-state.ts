import { CloseCode } from '../model/close-codes'

/**
 * What the user is told about the link to the collab server.
 * - `connecting`: first connection attempt, nothing synced yet.
 * - `connected`: the socket is open and the document is synced.
 * - `reconnecting`: the link dropped (or is syncing again) after having been up; edits are kept
 *   locally. `reason`/`code` say why when the server said so (1012 restarting, 1013 busy).
 * - `offline`: the browser reports no network; edits are kept locally.
 * - `refused`: the server closed the connection for good (unknown document, bad request); see `reason`.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused'

export interface ConnectionState {
  status: ConnectionStatus
  /** Why: the server's refusal, the transient close notice, or where offline edits are kept. */
  reason?: string
  /** The close code of a refusal or of a transient server close (1012, 1013). */
  code?: number
}

/** The close code of a refused update (4409): the client must drop its unsynced state and start over. */
export const UPDATE_REFUSED_CODE = CloseCode.UpdateRefused

/** The close code of a copy of an earlier document of the same id (4410): drop it and load anew. */
export const DOCUMENT_RECREATED_CODE = CloseCode.DocumentRecreated

/** RFC 6455 "Service Restart": the collab server is shutting down gracefully (SIGTERM). */
const SERVER_RESTARTING_CODE = CloseCode.ServerRestarting

/** RFC 6455 "Try Again Later": the collab server is overloaded (rate limits, capacity, memory). */
const SERVER_BUSY_CODE = CloseCode.ServerBusy

/** Inputs of {@link deriveConnectionState}: what the provider and the browser report. */
export interface ConnectionSignals {
  socketConnected: boolean
  synced: boolean
  everConnected: boolean
  browserOnline: boolean
  refusal: { code: number; reason: string } | null
  /**
   * The last transient close the server announced (1012, 1013), kept until the next sync: the
   * failed reconnection attempts in between (1006) do not replace it.
   */
  serverClose?: { code: number } | null
  /** Whether edits are also saved on this device (IndexedDB), not only in this tab. */
  savedOnDevice?: boolean
}

/**
 * Human-readable reasons for the collab server's permanent close codes, shown when the server's own
 * close reason is empty.
 */
export const REFUSAL_REASONS: Record<number, string> = {
  [CloseCode.BadDocumentId]: 'The document id is not valid.',
  [CloseCode.Unauthorized]: 'You are not signed in to this document.',
  [CloseCode.Forbidden]: 'You do not have access to this document.',
  [CloseCode.DocumentNotFound]: 'This document does not exist on the server.',
  [CloseCode.DocumentTooLarge]: 'This document has reached its size limit: the server takes no more content for it.',
  [CloseCode.UpdateRefused]: 'The server refused a change you made (your role does not allow it, or it breaks the document’s limits).',
  [CloseCode.DocumentRecreated]: 'This document was deleted and created again since this page loaded it.',
  [CloseCode.MalformedMessage]: 'The server could not read a message from this browser.',
}

/** What the user is told while the client retries after a transient close the server announced. */
export const TRANSIENT_CLOSE_NOTICES: Record<number, string> = {
  [SERVER_RESTARTING_CODE]: 'The server is restarting — your edits are kept and will sync when it is back.',
  [SERVER_BUSY_CODE]: 'The server is busy — retrying. Your edits are kept and will sync when it answers.',
}

/** The `offline` reasons: where the edits made while offline are kept. */
export const OFFLINE_REASONS = {
  device: 'You are offline. Your edits are saved on this device and will sync when you reconnect.',
  tab: 'You are offline. Your edits are kept in this tab and will sync when you reconnect.',
} as const

/** Whether a close code is one the client shows a notice for while it reconnects by itself. */
export function isAnnouncedTransientClose(code: number): boolean {
  return code in TRANSIENT_CLOSE_NOTICES
}

/** Pure mapping from provider/browser signals to the state shown to the user. */
export function deriveConnectionState(signals: ConnectionSignals): ConnectionState {
  if (signals.refusal) {
    const reason = signals.refusal.reason || REFUSAL_REASONS[signals.refusal.code] || `closed with code ${signals.refusal.code}`
    return { status: 'refused', reason, code: signals.refusal.code }
  }
  if (!signals.browserOnline) return { status: 'offline', reason: signals.savedOnDevice ? OFFLINE_REASONS.device : OFFLINE_REASONS.tab }
  if (signals.socketConnected && signals.synced) return { status: 'connected' }
  const notice = signals.serverClose ? TRANSIENT_CLOSE_NOTICES[signals.serverClose.code] : undefined
  if (notice) return { status: 'reconnecting', reason: notice, code: signals.serverClose!.code }
  return { status: signals.everConnected ? 'reconnecting' : 'connecting' }
}

/** The short label of the connection badge, e.g. "Server restarting…" or "Offline — saved on this device". */
export function connectionLabel(state: ConnectionState): string {
  switch (state.status) {
    case 'connecting':
      return 'Connecting…'
    case 'connected':
      return 'Connected'
    case 'reconnecting':
      if (state.code === SERVER_RESTARTING_CODE) return 'Server restarting…'
      if (state.code === SERVER_BUSY_CODE) return 'Server busy — retrying…'
      return 'Reconnecting…'
    case 'offline':
      return state.reason === OFFLINE_REASONS.device ? 'Offline — edits saved on this device' : 'Offline'
    case 'refused':
      return 'Refused'
  }
}
