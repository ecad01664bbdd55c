import type { ChannelHandlers, ClusterLink, DocumentFollower, RemoteUpdate } from '../../../../collab-server/cluster/document-channel'

interface Published {
  readonly instance: MemoryClusterInstance
  readonly update: Uint8Array
  readonly principal: string | null
}

/**
 * An in-memory stand-in for the Redis cluster, for room tests: one ordered log of published
 * updates per document (a stream) and awareness delivered at once (pub/sub). `deliver()` hands the
 * followers what they have not read yet, so tests decide when fan-out happens.
 */
export class MemoryCluster {
  readonly logs = new Map<string, Published[]>()
  readonly followers = new Set<MemoryFollower>()
  readonly revocations: Array<{ docId: string; generation: number }> = []
  private readonly ownersByDoc = new Map<string, Map<number, string>>()
  /** Whether awareness reaches the other instances (false: as if pub/sub dropped it). */
  deliverAwareness = true

  instance(name: string): MemoryClusterInstance {
    return new MemoryClusterInstance(this, name)
  }

  /** Who claimed which client id first, per document (the Redis hash `…:owners`). */
  owners(docId: string): Map<number, string> {
    let owners = this.ownersByDoc.get(docId)
    if (!owners) this.ownersByDoc.set(docId, (owners = new Map()))
    return owners
  }

  log(docId: string): Published[] {
    let log = this.logs.get(docId)
    if (!log) this.logs.set(docId, (log = []))
    return log
  }

  /** Delivers every unread stream entry to every started follower. */
  deliver(): void {
    for (const follower of this.followers) follower.readNew()
  }
}

class MemoryClusterInstance implements ClusterLink {
  constructor(
    readonly cluster: MemoryCluster,
    readonly name: string,
  ) {}

  async follow(docId: string): Promise<DocumentFollower> {
    const follower = new MemoryFollower(this, docId, this.cluster.log(docId).length)
    this.cluster.followers.add(follower)
    return follower
  }

  publishRevocation(docId: string, generation: number): void {
    this.cluster.revocations.push({ docId, generation })
  }
}

class MemoryFollower implements DocumentFollower {
  handlers: ChannelHandlers | null = null
  closed = false

  constructor(
    readonly instance: MemoryClusterInstance,
    readonly docId: string,
    private position: number,
  ) {}

  async start(handlers: ChannelHandlers): Promise<RemoteUpdate[]> {
    const tail = this.unread()
    this.handlers = handlers
    for (const other of this.peers()) other.handlers?.onAwarenessQuery()
    return tail
  }

  publishUpdate(update: Uint8Array, _seq: number, principal: string | null): void {
    this.instance.cluster.log(this.docId).push({ instance: this.instance, update, principal })
  }

  publishAwareness(update: Uint8Array, principal: string | null): void {
    if (!this.instance.cluster.deliverAwareness) return
    for (const other of this.peers()) other.handlers?.onAwareness({ update, principal })
  }

  async ownersOf(clients: readonly number[]): Promise<Map<number, string>> {
    const owners = this.instance.cluster.owners(this.docId)
    return new Map(clients.flatMap((client) => (owners.has(client) ? [[client, owners.get(client)!] as const] : [])))
  }

  claimClients(clients: readonly number[], principal: string): void {
    const owners = this.instance.cluster.owners(this.docId)
    for (const client of clients) if (!owners.has(client)) owners.set(client, principal)
  }

  async close(): Promise<void> {
    this.closed = true
    this.handlers = null
    this.instance.cluster.followers.delete(this)
  }

  readNew(): void {
    if (!this.handlers) return
    for (const update of this.unread()) this.handlers.onUpdate(update)
  }

  private unread(): RemoteUpdate[] {
    const log = this.instance.cluster.log(this.docId)
    const entries = log.slice(this.position)
    this.position = log.length
    return entries.filter((entry) => entry.instance !== this.instance).map(({ update, principal }) => ({ update, principal }))
  }

  private peers(): MemoryFollower[] {
    return [...this.instance.cluster.followers].filter((other) => other !== this && other.docId === this.docId && other.handlers !== null)
  }
}
