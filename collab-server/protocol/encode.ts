import * as encoding from 'lib0/encoding'
import { AuthMessageType, MessageType, SyncMessageType } from './message-types'
import type { ProtocolMessage } from './messages'

function writeSync(encoder: encoding.Encoder, step: number, payload: Uint8Array): void {
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, payload)
}

function writeBody(encoder: encoding.Encoder, message: ProtocolMessage): void {
  switch (message.type) {
    case 'sync-step-1':
      return writeSync(encoder, SyncMessageType.Step1, message.stateVector)
    case 'sync-step-2':
      return writeSync(encoder, SyncMessageType.Step2, message.update)
    case 'sync-update':
      return writeSync(encoder, SyncMessageType.Update, message.update)
    case 'awareness':
      encoding.writeVarUint(encoder, MessageType.Awareness)
      encoding.writeVarUint8Array(encoder, message.update)
      return
    case 'query-awareness':
      encoding.writeVarUint(encoder, MessageType.QueryAwareness)
      return
    case 'auth-permission-denied':
      encoding.writeVarUint(encoder, MessageType.Auth)
      encoding.writeVarUint(encoder, AuthMessageType.PermissionDenied)
      encoding.writeVarString(encoder, message.reason)
      return
  }
}

/** Encodes a message as one y-websocket frame (the bytes y-websocket's provider reads). */
export function encodeMessage(message: ProtocolMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  writeBody(encoder, message)
  return encoding.toUint8Array(encoder)
}
