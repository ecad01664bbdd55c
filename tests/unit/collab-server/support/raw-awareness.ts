import * as encoding from 'lib0/encoding'
import { encodeMessage } from '../../../../collab-server/protocol'

/** One raw awareness entry: client id, clock, state as JSON text (any text, valid or not). */
export type RawAwarenessEntry = readonly [clientId: number, clock: number, json: string]

/** An awareness update of raw entries, as y-protocols writes one, so tests can write what no client would. */
export function rawAwarenessUpdate(...entries: RawAwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const [clientId, clock, json] of entries) {
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, json)
  }
  return encoding.toUint8Array(encoder)
}

/** {@link rawAwarenessUpdate} wrapped as a y-websocket awareness frame. */
export function rawAwarenessFrame(...entries: RawAwarenessEntry[]): Uint8Array {
  return encodeMessage({ type: 'awareness', update: rawAwarenessUpdate(...entries) })
}
