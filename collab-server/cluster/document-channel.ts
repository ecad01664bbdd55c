/**
 * What a room sees of the other collab-server instances that hold the same document (issue 15).
 * Without `REDIS_URL` there is no cluster and rooms get none of this. Redis-free, so rooms and
 * their tests do not depend on a Redis client.
 */

/** A Yjs update another instance accepted and stored. */
export interface RemoteUpdate {
  readonly update: Uint8Array
  /** The principal that wrote it (see `RoomPeer.principal`); null for the room's own changes (data-model upgrade). */
  readonly principal: string | null
}

/** An awareness update of another instance's peers, already checked there. */
export interface RemoteAwareness {
  readonly update: Uint8Array
  /** The principal of the peer whose states these are; null for removals made by that instance's room. */
  readonly principal: string | null
}

/** What a room does with what arrives from the cluster. Called outside the room's queue: rooms queue the work. */
export interface ChannelHandlers {
  onUpdate(update: RemoteUpdate): void
  onAwareness(awareness: RemoteAwareness): void
  /** Another instance loaded the document (or reconnected): publish the local peers' presence states. */
  onAwarenessQuery(): void
  /** Updates may have been missed (Redis restarted or was out of reach): read the store again. */
  onResync(): void
}

/** One document's link to the cluster, made before the room reads the store. */
export interface DocumentFollower {
  /**
   * After the store was read: resolves the updates other instances published since this follower
   * was made (read before any client's sync is answered), then delivers later ones to `handlers`.
   */
  start(handlers: ChannelHandlers): Promise<RemoteUpdate[]>
  /** Publishes an update this instance stored (`seq`: its store sequence number). */
  publishUpdate(update: Uint8Array, seq: number, principal: string | null): void
  /** Publishes this instance's peers' awareness changes. */
  publishAwareness(update: Uint8Array, principal: string | null): void
  /**
   * The principals that claimed these Yjs client ids on any instance (the first to claim an id
   * owns it while any instance holds the document). Resolves an empty map when the cluster cannot
   * answer in time (the instance then decides alone, as a single server does).
   */
  ownersOf(clients: readonly number[]): Promise<Map<number, string>>
  /** Claims client ids for `principal` across the cluster, where no one has yet (after a write or presence was accepted). */
  claimClients(clients: readonly number[], principal: string): void
  /** Stops following (the room unloads); resolves once the cluster forgot this instance's position. */
  close(): Promise<void>
}

/** The cluster as the server wires it: documents to follow, revocations to spread. */
export interface ClusterLink {
  /** Starts following a document's stream from its current end (see {@link DocumentFollower.start}). */
  follow(docId: string): Promise<DocumentFollower>
  /** Tells every other instance that the document's share links below `generation` are revoked. */
  publishRevocation(docId: string, generation: number): void
}
