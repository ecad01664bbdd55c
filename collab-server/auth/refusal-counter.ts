import type { AuthErrorReason } from './tokens'
import type { UpdateRefusalReason } from './write-guard'

/** Why a websocket was refused at the door: a token problem, or an origin not allowed. */
export type ConnectionRefusalReason = AuthErrorReason | 'origin'

/**
 * Why a peer's update was refused and the peer closed: its role does not allow it (or it refers to
 * content the server does not have: `unresolvable`), or the peer exceeded its rate limit.
 */
export type RefusedUpdateReason = UpdateRefusalReason | 'rate-limit'

/** Refusal counts since the server was created, by reason (every reason present, 0 when none). */
export interface RefusalCounts {
  readonly connections: Readonly<Record<ConnectionRefusalReason, number>>
  readonly updates: Readonly<Record<RefusedUpdateReason, number>>
}

/** In-memory counters of refused connections and updates: the source of the refusal metrics of `/metrics`. */
export class RefusalCounter {
  private readonly connections: Record<ConnectionRefusalReason, number> = {
    missing: 0,
    malformed: 0,
    expired: 0,
    forged: 0,
    'wrong-document': 0,
    revoked: 0,
    origin: 0,
  }
  private readonly updates: Record<RefusedUpdateReason, number> = {
    'read-only': 0,
    'outside-annotations': 0,
    unresolvable: 0,
    'foreign-client': 0,
    'invalid-shape': 0,
    'rate-limit': 0,
  }

  /** Counts a websocket refused before it reached a document. */
  countConnection(reason: ConnectionRefusalReason): void {
    this.connections[reason] += 1
  }

  /** Counts an update refused (and its connection closed). */
  countUpdate(reason: RefusedUpdateReason): void {
    this.updates[reason] += 1
  }

  /** A copy of the counts. */
  snapshot(): RefusalCounts {
    return { connections: { ...this.connections }, updates: { ...this.updates } }
  }
}
