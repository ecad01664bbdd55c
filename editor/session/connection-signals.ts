import { DATA_MODEL_REVISION, DATA_MODEL_VERSION } from '../model/doc-layout'
import { isAnnouncedTransientClose, type ConnectionSignals, type ConnectionState } from './connection-state'

/** The signals of a session that has not connected yet. */
export function initialSignals(browserOnline: boolean, savedOnDevice: boolean): ConnectionSignals {
  return { socketConnected: false, synced: false, everConnected: false, browserOnline, refusal: null, serverClose: null, savedOnDevice }
}

/**
 * The change of a y-websocket `status` event (`connected`, `connecting`, `disconnected`): the
 * document counts as synced only while the socket is up and the provider has synced.
 */
export function signalsOnStatus(signals: ConnectionSignals, status: string, providerSynced: boolean): Partial<ConnectionSignals> {
  const connected = status === 'connected'
  return { socketConnected: connected, everConnected: signals.everConnected || connected, synced: connected && providerSynced }
}

/** The change of a y-websocket `sync` event: a sync clears the server's last transient close notice. */
export function signalsOnSync(synced: boolean): Partial<ConnectionSignals> {
  return synced ? { synced, serverClose: null } : { synced }
}

/**
 * The change of a closed socket, `code` being null when the provider closed it itself: only the
 * transient closes the server announces (1012, 1013) are kept; null when nothing changes.
 */
export function signalsOnClose(code: number | null): Partial<ConnectionSignals> | null {
  return code !== null && isAnnouncedTransientClose(code) ? { serverClose: { code } } : null
}

/** Whether a session back online connects again: not once the server refused it for good. */
export function shouldReconnect(signals: ConnectionSignals): boolean {
  return signals.refusal === null
}

/** Whether two states tell the user the same thing (status, reason and code). */
export function sameConnectionState(a: ConnectionState, b: ConnectionState): boolean {
  return a.status === b.status && a.reason === b.reason && a.code === b.code
}

/**
 * The websocket URL's query parameters: `params`, plus the data model this code reads and writes
 * (`schemaVersion`, `revision`) and the document's creation stamp when known, which together let
 * the server refuse (4410) a copy of an earlier document of the same id or of an earlier data model.
 */
export function websocketParams(params: Record<string, string> | undefined, createdAt: string | undefined): Record<string, string> {
  return { ...params, schemaVersion: String(DATA_MODEL_VERSION), revision: String(DATA_MODEL_REVISION), ...(createdAt ? { createdAt } : {}) }
}
