import * as encoding from 'lib0/encoding'
import { AuthMessageType, MessageType, SyncMessageType } from './message-types'
import type { ProtocolMessage } from './messages'

function writeBody(encoder: encoding.Encoder, message: ProtocolMessage): void {
  switch (message.type) {
    case 'sync-step-1':
      encoding.writeVarUint(encoder, MessageType.Sync)
      encoding.writeVarUint(encoder, SyncMessageType.Step1)
      encoding.writeVarUint8Array(encoder, message.stateVector)
      return
    case 'sync-step-2':
      encoding.writeVarUint(encoder, MessageType.Sync)
      encoding.writeVarUint(encoder, SyncMessageType.Step2)
      encoding.writeVarUint8Array(encoder, message.update)
      return
    case 'sync-update':
      encoding.writeVarUint(encoder, MessageType.Sync)
      encoding.writeVarUint(encoder, SyncMessageType.Update)
      encoding.writeVarUint8Array(encoder, message.update)
      return
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
