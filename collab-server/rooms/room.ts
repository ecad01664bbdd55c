import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { ClientOwners, type ClientClaim } from '../auth/client-owners'
import { decideWrite, type UpdateRefusalReason } from '../auth/write-guard'
import { CloseCode, type CloseCodeValue } from '../../editor/model/close-codes'
import type { Logger } from '../logger'
import type { UpdateMetrics } from '../metrics'
import type { DocumentStore } from '../persistence/document-store'
import { applyStoredUpdates } from '../persistence/merge-updates'
import type { TouchThrottle } from '../persistence/touch-throttle'
import { encodeMessage, type ProtocolMessage } from '../protocol'
import type { DecodedUpdate } from '../protocol/messages'
import { ROOM_ORIGIN, STORAGE_ORIGIN, isRoomOrigin, type ClusterOrigin, type PeerOrigin } from './origins'
import { filterAwarenessEntries, guardAwarenessUpdate, staleStateClients } from './awareness-guard'
import type { ChannelHandlers, ClusterLink, DocumentFollower, RemoteAwareness, RemoteUpdate } from '../cluster/document-channel'
import { HeldUpdates } from './held-updates'
import type { RoomPeer } from './room-peer'
import { TaskQueue } from './task-queue'
import { dropPending, pendingBytes } from '../yjs-pending'
import { upgradeDataModel } from '../../editor/model/upgrade-data-model'

/** What a room needs from the server. */
export interface RoomDependencies {
  readonly store: DocumentStore
  readonly touches: TouchThrottle
  readonly logger: Logger
  /** Compact once the document has more stored updates than this. */
  readonly compactionThreshold: number
  /** On unload, compact when the document has more stored updates than this. */
  readonly unloadCompactionMinUpdates: number
  /** Called once if the room fails (a store write failed); the registry stops handing it out. */
  readonly onFailed?: () => void
  /** Called for every update refused because of the sender's role (for the refusal counters). */
  readonly onUpdateRefused?: (reason: UpdateRefusalReason) => void
  /** Counts applied client updates and times each store append; omitted: nothing is measured. */
  readonly metrics?: UpdateMetrics
  /**
   * Bytes of held updates (editors' updates that build on content the room does not have yet)
   * kept at most; default 1 MiB. See {@link Room} for what happens beyond it.
   */
  readonly maxPendingBytes?: number
  /** Awaited once the document is known to exist, before its state loads (the registry's room cap). */
  readonly reserve?: () => Promise<void>
  /** Called with the document's id after each peer's update is stored (automatic versions). */
  readonly onEdited?: (docId: string) => void
  /** The other instances holding the document (`REDIS_URL`); omitted: this server runs alone. */
  readonly cluster?: ClusterLink
  /** Bytes of an update another instance stored (the document size limit counts them). */
  readonly onRemoteStored?: (docId: string, bytes: number) => void
}

const DEFAULT_MAX_PENDING_BYTES = 1024 * 1024
/** Updates one peer may have held at once; an honest client has a few, briefly (see {@link Room}). */
const MAX_HELD_PER_PEER = 32
/** Updates a room holds at most, from all peers. */
const MAX_HELD_UPDATES = 256

interface PeerState {
  readonly origin: PeerOrigin
  /** The awareness client ids the peer owns (see `guardAwarenessUpdate`). */
  readonly awarenessClients: Set<number>
  /** Set once an update of the peer was refused: its later messages are dropped. */
  refused: boolean
}

interface AwarenessChange {
  added: number[]
  updated: number[]
  removed: number[]
}

/**
 * One loaded document: its Y.Doc, its awareness and its peers. Rooms exist only once the stored
 * state is loaded ({@link Room.load}), so no sync message is ever answered from an empty doc.
 * Messages are handled one at a time; a peer's update is appended to the store before it is
 * relayed to the other peers (in order), and a sync request is answered only once everything
 * applied before it is stored, so no peer ever receives content that is not on disk. Updates are
 * applied without waiting for the previous one's write, so the store can commit them together. An update outside the
 * peer's role is refused whole (see `decideWrite`) and closes that peer only.
 *
 * Every update is applied only when it integrates whole, so Yjs never keeps content aside
 * ("pending") to integrate later without the checks. An editor's update that builds on content the
 * room does not have yet (a keystroke that overtook the SyncStep2 carrying the offline work it was
 * typed into) is held outside the Y.Doc — neither stored nor relayed — and decided again, whole,
 * when the clients it refers to change. So that held updates cannot grow without bound, when they
 * pass `maxPendingBytes` the room drops all of them (logged as `pending-dropped`) and closes the
 * peer that sent the most with 4422. Should Yjs keep anything pending anyway, it is dropped at once
 * and the sender closed with 4422.
 */
export class Room {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  private readonly peers = new Map<RoomPeer, PeerState>()
  /** Which principal writes under which Yjs client id (see `decideWrite`). */
  private readonly clientOwners = new ClientOwners()
  /** Who owns each awareness client id: a peer, or the room for its own id. */
  private readonly awarenessOwners = new Map<number, RoomPeer | typeof ROOM_ORIGIN>([[this.doc.clientID, ROOM_ORIGIN]])
  private readonly tasks: TaskQueue
  private writes: Promise<void> = Promise.resolve()
  private failed = false
  /** Editors' updates that cannot integrate whole yet, in arrival order. */
  private readonly held = new HeldUpdates<PeerState>()
  /** Set by {@link disband}: peers that join later are closed with it. */
  private disbanded: { code: CloseCodeValue; reason: string } | null = null
  /** The document's link to the other instances (issue 15); null when running alone. */
  private follower: DocumentFollower | null = null
  /** Principals of the awareness client ids other instances' peers publish (null: unknown). */
  private readonly remoteAwareness = new Map<number, string | null>()

  private constructor(
    readonly id: string,
    /** The document's creation stamp (`documents.created_at`): which incarnation of the id this is. */
    readonly createdAt: string,
    private readonly deps: RoomDependencies,
    private storedUpdates: number,
    private lastSeq: number,
  ) {
    this.tasks = new TaskQueue((error) => deps.logger.error('room-task-failed', { docId: id, error }))
    this.awareness.setLocalState(null)
    this.doc.on('update', this.onDocUpdate)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /**
   * Loads a document's stored updates into a new room; null when the document does not exist. In a
   * cluster, the document's stream is followed from its current end before the store is read, and
   * what other instances published meanwhile is applied before the room is handed out, so no
   * client's sync is answered from a state older than what another instance acknowledged.
   */
  static async load(id: string, deps: RoomDependencies): Promise<Room | null> {
    const document = await deps.store.getDocument(id)
    if (document === null) return null
    await deps.reserve?.()
    const follower = (await deps.cluster?.follow(id)) ?? null
    try {
      const updates = await deps.store.loadUpdates(id)
      const room = new Room(id, document.createdAt, deps, updates.length, updates.at(-1)?.seq ?? 0)
      if (updates.length > 0) {
        applyStoredUpdates(
          room.doc,
          updates.map((update) => update.data),
          STORAGE_ORIGIN,
        )
      }
      if (follower) {
        room.follower = follower
        for (const remote of await follower.start(room.clusterHandlers)) await room.applyRemoteUpdate(remote)
      }
      await room.upgradeDataModel()
      return room
    } catch (error) {
      await follower?.close()
      throw error
    }
  }

  /**
   * Brings a document written by an earlier data model to the current one, once, before anyone
   * connects: the upgrade is one update made by the room, stored like any other. Throws when it
   * could not be stored (the room is then failed and the document reported unavailable).
   */
  private async upgradeDataModel(): Promise<void> {
    const upgrade = upgradeDataModel(this.doc, ROOM_ORIGIN)
    if (upgrade === null) return
    await this.writes
    if (this.failed) throw new Error(`document "${this.id}": the data-model upgrade could not be stored`)
    this.deps.logger.info('document-upgraded', { docId: this.id, from: upgrade.from, to: upgrade.to, upgraded: upgrade.upgraded, kept: upgrade.kept.length })
  }

  /** Bytes of the updates held aside until what they build on arrives (see {@link Room}). */
  get heldBytes(): number {
    return this.held.bytes
  }

  /** Number of peers currently in the room. */
  get peerCount(): number {
    return this.peers.size
  }

  /**
   * Adds a peer: greets it (SyncStep1 and the current awareness states), then handles the
   * messages it sent while the room was loading, in order. A failed room closes the peer.
   */
  join(peer: RoomPeer, queued: readonly ProtocolMessage[] = []): void {
    if (this.failed) {
      peer.close(CloseCode.InternalError, 'document unavailable')
      return
    }
    if (this.disbanded) {
      peer.close(this.disbanded.code, this.disbanded.reason)
      return
    }
    this.peers.set(peer, { origin: { kind: 'peer', peer }, awarenessClients: new Set(), refused: false })
    this.tasks.push(() => this.greet(peer))
    for (const message of queued) this.receive(peer, message)
  }

  /** Queues a message from a joined peer; ignored when the peer is not in the room. */
  receive(peer: RoomPeer, message: ProtocolMessage): void {
    const state = this.peers.get(peer)
    if (!state) return
    this.tasks.push(() => this.handle(state, message))
  }

  /** Removes a peer and its awareness states. Its messages already queued are still applied. */
  leave(peer: RoomPeer): void {
    const state = this.peers.get(peer)
    if (!state) return
    this.peers.delete(peer)
    // Its next connection's SyncStep2 sends all of it again.
    this.held.removeFrom(state)
    const clients = [...state.awarenessClients]
    for (const client of clients) this.awarenessOwners.delete(client)
    if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, ROOM_ORIGIN)
  }

  /**
   * Closes every peer with `code` and `reason` and removes them (their messages already queued are
   * still applied and stored); peers that join later are closed the same way. Before {@link close},
   * when the room must unload while peers are still connected (eviction).
   */
  disband(code: CloseCodeValue, reason: string): void {
    this.disbanded = { code, reason }
    const peers = [...this.peers.keys()]
    this.peers.clear()
    for (const peer of peers) peer.close(code, reason)
  }

  /** Resolves once every message queued so far is handled and its update stored and relayed. */
  async idle(): Promise<void> {
    await this.tasks.idle()
    await this.writes
  }

  /**
   * Unloads the room: waits for queued messages and writes, flushes `updatedAt`, compacts when
   * worthwhile, destroys the Y.Doc. Call once, after the last peer left.
   */
  async close(): Promise<void> {
    // The updates applied so far are published before the stream is left: the other instances'
    // clients must get a departing peer's last edits.
    await this.idle()
    const follower = this.follower
    this.follower = null
    await follower?.close()
    await this.idle()
    await this.deps.touches.flush(this.id)
    if (!this.failed && this.storedUpdates > this.deps.unloadCompactionMinUpdates) await this.compact()
    this.doc.off('update', this.onDocUpdate)
    this.awareness.destroy()
    this.doc.destroy()
  }

  private greet(peer: RoomPeer): void {
    if (!this.peers.has(peer)) return
    peer.send(encodeMessage({ type: 'sync-step-1', stateVector: Y.encodeStateVector(this.doc) }))
    const clients = [...this.awareness.getStates().keys()]
    if (clients.length > 0) peer.send(this.awarenessFrame(clients))
  }

  private async handle(state: PeerState, message: ProtocolMessage): Promise<void> {
    if (state.refused) return
    const { peer } = state.origin
    const present = this.peers.has(peer)
    switch (message.type) {
      case 'sync-step-1':
        // The answer may carry only stored content: wait for the writes of updates applied so far.
        await this.writes
        if (this.peers.has(peer)) this.applyPeerChange(peer, () => peer.send(this.answerStep1(message.stateVector)))
        return
      case 'sync-step-2':
      case 'sync-update': {
        // Only in a cluster: parsing each update's client ids is work a single server never needs.
        if (this.follower !== null && peer.role !== 'viewer') {
          await this.learnClusterOwners(peer, this.clientsNew(message.update))
          if (state.refused) return
        }
        // Checked against the current state inside the room's queue, so nothing changes in between.
        if (this.decideAndApply(state, message.update, message.decoded)) this.applyHeldUpdates()
        else if (this.held.countFrom(state) > MAX_HELD_PER_PEER) this.refuseHeld(state)
        else if (this.held.bytes > (this.deps.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES) || this.held.count > MAX_HELD_UPDATES) this.dropHeldUpdates()
        return
      }
      case 'awareness':
        if (present) await this.applyPeerAwareness(state, message.update)
        return
      case 'query-awareness':
        if (present) peer.send(this.awarenessFrame([...this.awareness.getStates().keys()]))
        return
      case 'auth-permission-denied':
        this.deps.logger.debug('auth-message-ignored', { docId: this.id, peer: peer.id })
        return
    }
  }

  /** The answer to a SyncStep1: what the peer lacks. */
  private answerStep1(stateVector: Uint8Array): Uint8Array {
    return encodeMessage({ type: 'sync-step-2', update: Y.encodeStateAsUpdate(this.doc, stateVector) })
  }

  /**
   * Refuses a peer's update: nothing of it is applied; the peer gets an auth permission-denied
   * message with the reason, then is closed with 4409. Other peers notice nothing.
   */
  private refuseUpdate(state: PeerState, reason: UpdateRefusalReason, message: string): void {
    const { peer } = state.origin
    state.refused = true
    this.held.removeFrom(state)
    this.deps.logger.warn('update-refused', { docId: this.id, peer: peer.id, role: peer.role, reason, message })
    this.deps.onUpdateRefused?.(reason)
    peer.send(encodeMessage({ type: 'auth-permission-denied', reason: message }))
    peer.close(CloseCode.UpdateRefused, `update refused: ${message}`)
  }

  /**
   * Decides a peer's update (`decideWrite`) and carries the decision out: applies it, holds it
   * aside, drops it or refuses it. True when it was applied.
   */
  private decideAndApply(state: PeerState, update: Uint8Array, decoded?: DecodedUpdate): boolean {
    const { peer } = state.origin
    const decision = decideWrite(peer, this.doc, update, this.clientOwners, decoded)
    switch (decision.kind) {
      case 'refuse':
        this.refuseUpdate(state, decision.reason, decision.message)
        return false
      case 'ignore':
        return false
      case 'hold':
        // A peer that left sends everything again on its next connection: nothing to keep for it.
        if (this.peers.has(peer)) this.held.add(this.doc, state, update, decision.watch)
        return false
      case 'apply':
        this.claimClients(decision.claims, peer.principal)
        this.applyWhole(state, update)
        return true
    }
  }

  /** Applies the held updates that can integrate now, in arrival order, until none can. */
  private applyHeldUpdates(): void {
    for (let entry = this.held.nextReady(this.doc); entry !== null; entry = this.held.nextReady(this.doc)) {
      const { sender, update } = entry
      const decision = sender.refused ? null : decideWrite(sender.origin.peer, this.doc, update, this.clientOwners)
      if (decision?.kind === 'hold') {
        this.held.checked(this.doc, entry)
        continue
      }
      this.held.remove(entry)
      if (decision?.kind === 'refuse') this.refuseUpdate(sender, decision.reason, decision.message)
      if (decision?.kind === 'apply') {
        this.claimClients(decision.claims, sender.origin.peer.principal)
        this.applyWhole(sender, update)
      }
    }
  }

  /** A peer with more held updates than {@link MAX_HELD_PER_PEER}: drops them and closes it (4422). */
  private refuseHeld(state: PeerState): void {
    this.held.removeFrom(state)
    this.deps.logger.warn('pending-dropped', { docId: this.id, peer: state.origin.peer.id, limit: MAX_HELD_PER_PEER })
    this.closeUnresolvable(state)
  }

  /**
   * Beyond `maxPendingBytes` (or {@link MAX_HELD_UPDATES}) held: drops every held update, closes the
   * peer that sent the most (4422) and, with 1013, every other peer whose updates were dropped: it
   * reconnects, and its SyncStep2 sends them again.
   */
  private dropHeldUpdates(): void {
    const culprit = this.held.largestSender()
    const senders = this.held.senders()
    const bytes = this.held.bytes
    this.held.clear()
    this.deps.logger.warn('pending-dropped', {
      docId: this.id,
      peer: culprit?.origin.peer.id ?? null,
      pendingBytes: bytes,
      limit: this.deps.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES,
    })
    for (const sender of senders) {
      if (sender === culprit) this.closeUnresolvable(sender)
      else sender.origin.peer.close(CloseCode.ServerBusy, 'server busy')
    }
  }

  /** Closes a peer whose updates refer to content the server does not have (4422), once. */
  private closeUnresolvable(state: PeerState): void {
    this.held.removeFrom(state)
    if (state.refused) return
    state.refused = true
    this.deps.onUpdateRefused?.('unresolvable')
    state.origin.peer.close(CloseCode.UnknownContent, 'update refers to unknown content')
  }

  /**
   * Applies an update `decideWrite` found integrates whole. Checked again here: whatever Yjs keeps
   * pending anyway is dropped at once (it would integrate later, unchecked) and the sender closed
   * with 4422; what integrated stays.
   */
  private applyWhole(state: PeerState, update: Uint8Array): void {
    const { peer } = state.origin
    this.applyPeerChange(peer, () => Y.applyUpdate(this.doc, update, state.origin))
    if (pendingBytes(this.doc) === 0) return
    this.deps.logger.error('update-left-pending', { docId: this.id, peer: peer.id, role: peer.role })
    dropPending(this.doc)
    this.closeUnresolvable(state)
  }

  /** Runs work on a peer's payload; a payload Yjs rejects closes that peer only. */
  private applyPeerChange(peer: RoomPeer, change: () => void): void {
    try {
      change()
    } catch (error) {
      this.deps.logger.warn('peer-change-rejected', { docId: this.id, peer: peer.id, error })
      peer.close(CloseCode.MalformedMessage, 'message could not be applied')
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (!isRoomOrigin(origin) || origin.kind === 'storage') return
    if (origin.kind === 'cluster') {
      // Stored by the instance that accepted it; relayed in order with this room's own updates.
      this.deps.onRemoteStored?.(this.id, update.byteLength)
      const frame = encodeMessage({ type: 'sync-update', update })
      this.writes = this.writes.then(() => this.broadcast(frame, null))
      return
    }
    const except = origin.kind === 'peer' ? origin.peer : null
    if (origin.kind === 'peer') this.deps.metrics?.updateApplied(update.byteLength)
    // The append starts now (joining the store's current batch); relaying waits for it, in order.
    const stored = this.store(update)
    this.writes = this.writes
      .then(() => stored)
      .then((seq) => {
        if (seq === null) return
        this.follower?.publishUpdate(update, seq, origin.kind === 'peer' ? origin.peer.principal : null)
        this.broadcast(encodeMessage({ type: 'sync-update', update }), except)
        if (origin.kind === 'peer') this.deps.onEdited?.(this.id)
      })
      .then(() => this.compactIfLarge())
      .catch((error: unknown) => this.fail(error))
  }

  /** Appends an update and resolves its sequence number; on failure, fails the room and resolves null (nothing is relayed). */
  private async store(update: Uint8Array): Promise<number | null> {
    if (this.failed) return null
    const stopTimer = this.deps.metrics?.startPersistenceTimer()
    let seq: number
    try {
      seq = await this.deps.store.appendUpdate(this.id, update)
    } catch (error) {
      this.fail(error)
      return null
    } finally {
      stopTimer?.()
    }
    this.lastSeq = Math.max(this.lastSeq, seq)
    this.storedUpdates += 1
    this.deps.touches.touch(this.id)
    return seq
  }

  private async compactIfLarge(): Promise<void> {
    if (!this.failed && this.storedUpdates > this.deps.compactionThreshold) await this.compact()
  }

  private async compact(): Promise<void> {
    try {
      this.storedUpdates = await this.deps.store.compact(this.id, this.lastSeq)
    } catch (error) {
      this.deps.logger.warn('compaction-failed', { docId: this.id, error })
    }
  }

  private fail(error: unknown): void {
    this.deps.logger.error('room-store-failed', { docId: this.id, error })
    this.failed = true
    this.deps.onFailed?.()
    for (const peer of [...this.peers.keys()]) peer.close(CloseCode.InternalError, 'document unavailable')
  }

  /**
   * The client ids an update writes under that no principal owns here yet (those a decision may
   * claim); empty for an update that cannot be parsed (the decision refuses it).
   */
  private clientsNew(update: Uint8Array): number[] {
    try {
      return [...Y.parseUpdateMeta(update).from.keys()].filter((client) => this.clientOwners.ownerOf(client) === undefined)
    } catch {
      return []
    }
  }

  /**
   * In a cluster, before a peer's write or presence is decided: an id another principal claimed
   * first on another instance (its writes or its presence) is recorded here as theirs, so
   * `decideWrite` refuses the peer's writes under it as a single server would. Only a lookup: ids
   * are claimed across the cluster once the write is accepted ({@link claimClients}), so refused
   * messages claim nothing. Nothing to do alone, or for viewers' updates (they write nothing).
   */
  private async learnClusterOwners(peer: RoomPeer, clients: readonly number[], { presence = false } = {}): Promise<void> {
    if (this.follower === null || clients.length === 0 || (peer.role === 'viewer' && !presence)) return
    const owners = await this.follower.ownersOf(clients)
    for (const [client, owner] of owners) {
      if (owner !== peer.principal) this.clientOwners.claim([{ client, isNew: false }], owner)
    }
  }

  /** Records an accepted write's claims here, and the ones no one held before across the cluster. */
  private claimClients(claims: readonly ClientClaim[], principal: string): void {
    const fresh = claims.filter(({ client }) => this.clientOwners.ownerOf(client) === undefined).map(({ client }) => client)
    this.clientOwners.claim(claims, principal)
    this.follower?.claimClients(fresh, principal)
  }

  /** What arrives from the other instances, queued like peers' messages. */
  private readonly clusterHandlers: ChannelHandlers = {
    onUpdate: (remote) => this.tasks.push(() => this.applyRemoteUpdate(remote)),
    onAwareness: (remote) => this.tasks.push(() => this.applyRemoteAwareness(remote)),
    onAwarenessQuery: () => this.tasks.push(() => this.publishLocalAwareness()),
    onResync: () => this.tasks.push(() => this.resyncFromStore()),
  }

  /**
   * Applies an update another instance accepted (its role checks ran there) and stored: relayed to
   * this room's peers, not stored again. Its writer owns the client ids it writes under here too.
   * Should it refer to content this room lacks (an entry was missed), the store is read again.
   */
  private async applyRemoteUpdate({ update, principal }: RemoteUpdate): Promise<void> {
    if (this.failed) return
    const origin: ClusterOrigin = { kind: 'cluster', principal }
    try {
      if (principal !== null) {
        // Ids first seen here are the writer's (as `decideWrite` claims them for a local writer).
        const clients = [...Y.parseUpdateMeta(update).from.keys()].filter((client) => !this.doc.store.clients.has(client))
        this.clientOwners.claim(
          clients.map((client) => ({ client, isNew: false })),
          principal,
        )
      }
      Y.applyUpdate(this.doc, update, origin)
    } catch (error) {
      this.deps.logger.warn('cluster-update-rejected', { docId: this.id, error })
      return
    }
    if (pendingBytes(this.doc) > 0) {
      this.deps.metrics?.resynced?.(1)
      await this.resyncFromStore()
    }
    this.applyHeldUpdates()
  }

  /** Reads every stored update again and applies what this room lacks (relayed to its peers). */
  private async resyncFromStore(): Promise<void> {
    if (this.failed) return
    const updates = await this.deps.store.loadUpdates(this.id)
    const origin: ClusterOrigin = { kind: 'cluster', principal: null }
    if (updates.length > 0) {
      applyStoredUpdates(
        this.doc,
        updates.map((stored) => stored.data),
        origin,
      )
    }
    if (pendingBytes(this.doc) > 0) {
      this.deps.logger.error('cluster-update-left-pending', { docId: this.id, pendingBytes: pendingBytes(this.doc) })
      dropPending(this.doc)
    }
    this.applyHeldUpdates()
  }

  /**
   * Applies another instance's awareness update, except entries for client ids a peer of this room
   * owns (echoes, or a person who has since moved here: this room's state is the current one).
   */
  private applyRemoteAwareness({ update, principal }: RemoteAwareness): void {
    // Checked like a peer's (the other instance did, but whatever is in Redis is not trusted blindly).
    const filtered = filterAwarenessEntries(update, (client) => !this.awarenessOwners.has(client))
    if ('error' in filtered || filtered.invalid.length > 0) {
      this.deps.logger.warn('cluster-awareness-rejected', { docId: this.id, error: 'error' in filtered ? filtered.error : filtered.invalid.join('; ') })
    }
    const foreign = 'error' in filtered ? null : filtered.update
    if (foreign === null) return
    const origin: ClusterOrigin = { kind: 'cluster', principal }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, foreign, origin)
    } catch (error) {
      this.deps.logger.warn('cluster-awareness-rejected', { docId: this.id, error })
    }
  }

  /** Publishes every presence state this room's peers own (another instance asked). */
  private publishLocalAwareness(): void {
    if (!this.follower) return
    for (const state of this.peers.values()) {
      const clients = [...state.awarenessClients].filter((client) => this.awareness.getStates().has(client))
      if (clients.length > 0) this.follower.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients), state.origin.peer.principal)
    }
  }

  /**
   * Whether an awareness client id is taken for `principal`: by a peer here, or by another
   * instance's peer of another principal. The same principal may take over an id from another
   * instance: that person's page reconnected here (with `AUTH=off` every connection is its own
   * principal, so any connection may).
   */
  private awarenessTaken(client: number, principal: string): boolean {
    if (this.awarenessOwners.has(client)) return true
    if (!this.remoteAwareness.has(client)) return false
    const remote = this.remoteAwareness.get(client)
    return remote !== principal && !(remote?.startsWith('connection:') && principal.startsWith('connection:'))
  }

  /**
   * Applies the part of a peer's awareness update that `guardAwarenessUpdate` lets through and
   * records the client ids it claims; an update the guard refuses closes the peer (4422) and
   * nothing of it is applied.
   */
  private async applyPeerAwareness(state: PeerState, update: Uint8Array): Promise<void> {
    const { peer } = state.origin
    const owners = { has: (client: number) => this.awarenessTaken(client, peer.principal) }
    const result = guardAwarenessUpdate(update, state.awarenessClients, owners, this.awareness)
    if (result.kind === 'refuse') {
      state.refused = true
      this.deps.logger.warn('awareness-refused', { docId: this.id, peer: peer.id, role: peer.role, reason: result.reason })
      peer.close(result.code, result.reason)
      return
    }
    // A y-websocket client's awareness id is its Yjs client id: once published, no other token may
    // start writing under it (it could take the clocks of that person's first change). Viewers'
    // presence too: it must not take an id another instance's writer holds.
    await this.learnClusterOwners(peer, result.claimed, { presence: true })
    // The peer may have left while the cluster answered: its presence would stay behind.
    if (state.refused || !this.peers.has(peer)) return
    for (const client of result.claimed) {
      state.awarenessClients.add(client)
      this.awarenessOwners.set(client, peer)
      this.remoteAwareness.delete(client)
    }
    const unowned = result.claimed.filter((client) => this.clientOwners.ownerOf(client) === undefined)
    this.clientOwners.claimPresence(this.doc, result.claimed, peer.principal)
    this.follower?.claimClients(
      unowned.filter((client) => this.clientOwners.ownerOf(client) === peer.principal),
      peer.principal,
    )
    const filtered = result.update
    if (filtered) this.applyPeerChange(peer, () => awarenessProtocol.applyAwarenessUpdate(this.awareness, filtered, state.origin))
    // A page announcing its state again after the room removed it (it reconnected, here or from
    // another instance; y-websocket resends it unchanged, so y-protocols would ignore it): tell it
    // its state is removed, at the room's clock, and y-protocols makes it announce itself again
    // with a newer one. An echo of a departed peer's state gets the removal it was sent already.
    for (const client of staleStateClients(update, this.awareness)) {
      if (!this.awareness.getStates().has(client) && !this.awarenessTaken(client, peer.principal)) peer.send(this.awarenessFrame([client]))
    }
  }

  private readonly onAwarenessUpdate = (change: AwarenessChange, origin: unknown): void => {
    const except = isRoomOrigin(origin) && origin.kind === 'peer' ? origin.peer : null
    const changed = [...change.added, ...change.updated, ...change.removed]
    const frame = this.awarenessFrame(changed)
    this.broadcast(frame, except)
    for (const client of change.removed) this.remoteAwareness.delete(client)
    if (isRoomOrigin(origin) && origin.kind === 'cluster') {
      const published = [...change.added, ...change.updated]
      for (const client of published) this.remoteAwareness.set(client, origin.principal)
      // As for a local peer: a person's presence on another instance makes their client id theirs here too.
      if (origin.principal !== null) this.clientOwners.claimPresence(this.doc, published, origin.principal)
    } else if (isRoomOrigin(origin) && (origin.kind === 'peer' || origin.kind === 'room')) {
      // This room's peers' changes (and its removals of departed peers' states) go to the other instances.
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
      this.follower?.publishAwareness(update, origin.kind === 'peer' ? origin.peer.principal : null)
    }
  }

  private awarenessFrame(clients: number[]): Uint8Array {
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)
    return encodeMessage({ type: 'awareness', update })
  }

  private broadcast(frame: Uint8Array, except: RoomPeer | null): void {
    for (const peer of this.peers.keys()) if (peer !== except) peer.send(frame)
  }
}
