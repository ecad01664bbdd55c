import { ConnectionCaps, type ConnectionCap, type ConnectionCapLimits, type ConnectionKeys } from './connection-caps'
import { QueuedMemoryPool } from './queued-memory'
import { SharedBudgets, type SharedBudget, type SharedRateLimit } from './shared-rate-limit'

/** The limits connections share: caps on how many, budgets per address and token, queued-memory pools. */
export interface ConnectionLimitsOptions {
  readonly caps: ConnectionCapLimits
  readonly shared: SharedRateLimit
  /** Cap of each document's pool of queued memory. */
  readonly maxDocumentBufferedBytes: number
  /** Cap of the server's pool of queued memory. */
  readonly maxServerBufferedBytes: number
}

/** What the connections of one document share. */
interface DocumentShare {
  readonly pool: QueuedMemoryPool
  connections: number
}

/** What an admitted connection is given: its shared budgets and pools, and the call that gives its place back. */
export interface LimitGrant {
  readonly ok: true
  readonly sharedBudgets: readonly SharedBudget[]
  readonly memoryPools: readonly QueuedMemoryPool[]
  /** Call once, when the connection has closed. */
  readonly release: () => void
}

/** The outcome of {@link ConnectionLimits.admit}. */
export type LimitAdmission = LimitGrant | { readonly ok: false; readonly cap: ConnectionCap; readonly reason: string }

/**
 * Everything that limits connections as a group, in one place for the gateway: how many may be
 * open per address, token and document, the rate budgets each address and token share, and the
 * queued-memory pools of each document and of the server.
 */
export class ConnectionLimits {
  private readonly caps: ConnectionCaps
  private readonly budgets: SharedBudgets
  private readonly serverPool: QueuedMemoryPool
  private readonly documents = new Map<string, DocumentShare>()

  constructor(private readonly options: ConnectionLimitsOptions) {
    this.caps = new ConnectionCaps(options.caps)
    this.budgets = new SharedBudgets(options.shared)
    this.serverPool = new QueuedMemoryPool(options.maxServerBufferedBytes)
  }

  /** Bytes queued by every connection, overhead included. */
  get queuedBytes(): number {
    return this.serverPool.bytes
  }

  /** Counts a new connection under its keys, or names the cap it would pass. */
  admit(keys: ConnectionKeys): LimitAdmission {
    const admission = this.caps.admit(keys)
    if (!admission.ok) return admission
    // The connection joins its budgets when it is created, before anything can sweep them.
    const sharedBudgets = [this.budgets.get(`address:${keys.address}`)]
    if (keys.token !== null) sharedBudgets.push(this.budgets.get(`token:${keys.token}`))
    const document = this.documents.get(keys.docId) ?? this.newDocumentShare()
    document.connections += 1
    this.documents.set(keys.docId, document)
    let released = false
    return {
      ok: true,
      sharedBudgets,
      memoryPools: [document.pool, this.serverPool],
      release: () => {
        if (released) return
        released = true
        admission.release()
        document.connections -= 1
        if (document.connections === 0 && this.documents.get(keys.docId) === document) this.documents.delete(keys.docId)
      },
    }
  }

  private newDocumentShare(): DocumentShare {
    return { pool: new QueuedMemoryPool(this.options.maxDocumentBufferedBytes), connections: 0 }
  }
}
