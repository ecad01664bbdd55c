import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { AuthMessageType, MessageType, SyncMessageType } from './message-types'
import type { ProtocolMessage } from './messages'
import { ProtocolError } from './protocol-error'

/** The outcome of {@link decodeMessage}: a message, or the typed reason the frame is invalid. */
export type DecodeResult = { readonly ok: true; readonly message: ProtocolMessage } | { readonly ok: false; readonly error: ProtocolError }

function readUint(decoder: decoding.Decoder, field: string): number {
  const offset = decoder.pos
  try {
    return decoding.readVarUint(decoder)
  } catch {
    throw new ProtocolError('truncated', `${field}: truncated varUint at byte ${offset}`)
  }
}

/** Reads a length-prefixed payload and copies it, so it never aliases the socket's buffer. */
function readPayload(decoder: decoding.Decoder, field: string): Uint8Array {
  const offset = decoder.pos
  try {
    return Uint8Array.from(decoding.readVarUint8Array(decoder))
  } catch {
    throw new ProtocolError('truncated', `${field}: truncated payload at byte ${offset}`)
  }
}

function checkParses<T>(field: string, payload: Uint8Array, parse: (bytes: Uint8Array) => T): T {
  try {
    return parse(payload)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new ProtocolError('invalid-payload', `${field}: not a valid ${field} (${detail})`)
  }
}

/** Parses an awareness update the way y-protocols does, without applying it. */
function parseAwarenessUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  for (let index = 0; index < count; index++) {
    decoding.readVarUint(decoder)
    decoding.readVarUint(decoder)
    JSON.parse(decoding.readVarString(decoder))
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes')
}

function readSync(decoder: decoding.Decoder): ProtocolMessage {
  const syncType = readUint(decoder, 'sync message type')
  switch (syncType) {
    case SyncMessageType.Step1: {
      const stateVector = readPayload(decoder, 'state vector')
      checkParses('state vector', stateVector, (bytes) => Y.decodeStateVector(bytes))
      return { type: 'sync-step-1', stateVector }
    }
    case SyncMessageType.Step2:
    case SyncMessageType.Update: {
      const update = readPayload(decoder, 'update')
      const decoded = checkParses('update', update, (bytes) => Y.decodeUpdate(bytes))
      return { type: syncType === SyncMessageType.Step2 ? 'sync-step-2' : 'sync-update', update, decoded }
    }
    default:
      throw new ProtocolError('unknown-sync-type', `sync message type: unknown value ${syncType} at byte 1`)
  }
}

function readAuth(decoder: decoding.Decoder): ProtocolMessage {
  const authType = readUint(decoder, 'auth message type')
  if (authType !== AuthMessageType.PermissionDenied) {
    throw new ProtocolError('unknown-auth-type', `auth message type: unknown value ${authType} at byte 1`)
  }
  const offset = decoder.pos
  try {
    return { type: 'auth-permission-denied', reason: decoding.readVarString(decoder) }
  } catch {
    throw new ProtocolError('truncated', `auth reason: truncated string at byte ${offset}`)
  }
}

function readMessage(decoder: decoding.Decoder): ProtocolMessage {
  const messageType = readUint(decoder, 'message type')
  switch (messageType) {
    case MessageType.Sync:
      return readSync(decoder)
    case MessageType.Awareness: {
      const update = readPayload(decoder, 'awareness update')
      checkParses('awareness update', update, parseAwarenessUpdate)
      return { type: 'awareness', update }
    }
    case MessageType.Auth:
      return readAuth(decoder)
    case MessageType.QueryAwareness:
      return { type: 'query-awareness' }
    default:
      throw new ProtocolError('unknown-message-type', `message type: unknown value ${messageType} at byte 0`)
  }
}

/**
 * Decodes one y-websocket frame. Never throws: a malformed frame (empty, truncated varUint or
 * payload, unknown type, payload that does not parse, trailing bytes) yields `{ ok: false }` with
 * a {@link ProtocolError} naming the field and byte.
 */
export function decodeMessage(frame: Uint8Array): DecodeResult {
  if (frame.length === 0) return { ok: false, error: new ProtocolError('empty', 'frame: empty') }
  const decoder = decoding.createDecoder(frame)
  try {
    const message = readMessage(decoder)
    if (decoding.hasContent(decoder)) {
      const detail = `frame: ${frame.length - decoder.pos} trailing bytes after byte ${decoder.pos}`
      return { ok: false, error: new ProtocolError('trailing-bytes', detail) }
    }
    return { ok: true, message }
  } catch (error) {
    if (error instanceof ProtocolError) return { ok: false, error }
    const detail = error instanceof Error ? error.message : String(error)
    return { ok: false, error: new ProtocolError('invalid-payload', `frame: ${detail}`) }
  }
}
