import type { Role } from '../../editor/model/roles'
import type { CloseCodeValue } from '../../editor/model/close-codes'

/** What a room needs from a connection: somewhere to send frames, and a way to close it. */
export interface RoomPeer {
  /** A short id for logs. */
  readonly id: string
  /** What the peer may change; the room refuses updates outside it. */
  readonly role: Role
  /**
   * The identity the peer writes as: one per token (share links are per role, so everyone who
   * opened the same link shares it), one per connection without tokens. Yjs client ids are owned
   * per principal.
   */
  readonly principal: string
  /** Sends one encoded frame; silently dropped once the peer is closed. */
  send(frame: Uint8Array): void
  /** Closes the peer with a named close code. */
  close(code: CloseCodeValue, reason: string): void
}
