/**
 * What the user is told about the link to the collab server.
 * - `connecting`: first connection attempt, nothing synced yet.
 * - `connected`: the socket is open and the document is synced.
 * - `reconnecting`: the link dropped (or is syncing again) after having been up; edits are kept locally.
 * - `offline`: the browser reports no network; edits are kept locally.
 * - `refused`: the server closed the connection for good (unknown document, bad request); see `reason`.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused'

export interface ConnectionState {
  status: ConnectionStatus
  /** Why the server refused, for `refused`. */
  reason?: string
  /** The close code of a refusal. */
  code?: number
}

/**
 * The close code the collab server uses when it refuses one of this client's updates (its role
 * does not allow the change). The client must drop its unsynced state and start over.
 */
export const UPDATE_REFUSED_CODE = 4409

/** Inputs of {@link deriveConnectionState}: what the provider and the browser report. */
export interface ConnectionSignals {
  socketConnected: boolean
  synced: boolean
  everConnected: boolean
  browserOnline: boolean
  refusal: { code: number; reason: string } | null
}

/** Human-readable reasons for the collab server's permanent close codes. */
export const REFUSAL_REASONS: Record<number, string> = {
  4400: 'The document id is not valid.',
  4401: 'You are not signed in to this document.',
  4403: 'You do not have access to this document.',
  4404: 'This document does not exist on the server.',
  4413: 'A message was too large for the server.',
  4409: 'The server refused a change you made: your role does not allow it.',
  4422: 'The server could not read a message from this browser.',
}

/** Pure mapping from provider/browser signals to the state shown to the user. */
export function deriveConnectionState(signals: ConnectionSignals): ConnectionState {
  if (signals.refusal) {
    const reason = signals.refusal.reason || REFUSAL_REASONS[signals.refusal.code] || `closed with code ${signals.refusal.code}`
    return { status: 'refused', reason, code: signals.refusal.code }
  }
  if (!signals.browserOnline) return { status: 'offline' }
  if (signals.socketConnected && signals.synced) return { status: 'connected' }
  return { status: signals.everConnected ? 'reconnecting' : 'connecting' }
}
