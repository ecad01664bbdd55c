import type { RoomPeer } from './room-peer'

/** Updates replayed from the store while a room loads: never written back. */
export interface StorageOrigin {
  readonly kind: 'storage'
}

/** A change received from one peer: stored, then relayed to every other peer. */
export interface PeerOrigin {
  readonly kind: 'peer'
  readonly peer: RoomPeer
}

/** A change the room makes itself (e.g. dropping a departed peer's awareness states). */
export interface RoomInternalOrigin {
  readonly kind: 'room'
}

/** A change another collab-server instance accepted and stored (issue 15): relayed, never stored again. */
export interface ClusterOrigin {
  readonly kind: 'cluster'
  /** Who wrote it there (see `RoomPeer.principal`); null for that instance's own changes. */
  readonly principal: string | null
}

/** The transaction origin of every change applied to a room's Y.Doc or awareness. */
export type RoomOrigin = StorageOrigin | PeerOrigin | RoomInternalOrigin | ClusterOrigin

/** The single storage origin. */
export const STORAGE_ORIGIN: StorageOrigin = Object.freeze({ kind: 'storage' })

/** The single room-internal origin. */
export const ROOM_ORIGIN: RoomInternalOrigin = Object.freeze({ kind: 'room' })

/** Narrows an untyped Yjs origin to a {@link RoomOrigin}; false for anything else. */
export function isRoomOrigin(origin: unknown): origin is RoomOrigin {
  return typeof origin === 'object' && origin !== null && 'kind' in origin
}
