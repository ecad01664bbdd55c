import { messagePermissionDenied } from 'y-protocols/auth'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'

/** Top-level y-websocket message types: the first varUint of every frame. */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const

/** Sub-types of a {@link MessageType.Sync} message (y-protocols/sync). */
export const SyncMessageType = {
  Step1: messageYjsSyncStep1,
  Step2: messageYjsSyncStep2,
  Update: messageYjsUpdate,
} as const

/** Sub-types of a {@link MessageType.Auth} message (y-protocols/auth). */
export const AuthMessageType = {
  PermissionDenied: messagePermissionDenied,
} as const
