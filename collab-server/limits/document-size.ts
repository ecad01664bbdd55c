import * as Y from 'yjs'
import type { VersionRecord } from '../../editor/model/versions'
import type {
  AddedVersion,
  CreateDocumentResult,
  DocumentRecord,
  DocumentStore,
  NewDocument,
  NewVersion,
  SizedStore,
  StoredUpdate,
  VersionLimits,
} from '../persistence/document-store'
import type { StoreHealth } from '../persistence/write-health'

export type { SizedStore } from '../persistence/document-store'

/**
 * Stored bytes of the loaded documents, kept current by the store that {@link track} returns: set
 * when a room loads the document's updates and after each compaction, grown by each append. Plus
 * the bytes of updates accepted and not yet applied and stored (reserved), so a burst cannot
 * slip past the quota before its first update is stored.
 */
export class DocumentSizes {
  private readonly bytes = new Map<string, number>()
  private readonly reserved = new Map<string, number>()

  /** Stored and reserved bytes of a document; 0 when it is not loaded and nothing is reserved. */
  get(id: string): number {
    return (this.bytes.get(id) ?? 0) + (this.reserved.get(id) ?? 0)
  }

  /** Reserves `bytes` for an accepted update until {@link release}. */
  reserve(id: string, bytes: number): void {
    this.reserved.set(id, (this.reserved.get(id) ?? 0) + bytes)
  }

  /** Gives back a reservation (the update was applied and stored, or dropped). */
  release(id: string, bytes: number): void {
    const left = (this.reserved.get(id) ?? 0) - bytes
    if (left > 0) this.reserved.set(id, left)
    else this.reserved.delete(id)
  }

  /** Adds the bytes of an update another instance stored, to a loaded document's size. */
  grow(id: string, bytes: number): void {
    const stored = this.bytes.get(id)
    if (stored !== undefined) this.bytes.set(id, stored + bytes)
  }

  /** Forgets a document's stored size (its room unloaded). */
  forget(id: string): void {
    this.bytes.delete(id)
  }

  /** `store`, reporting every load, append and compaction of a document to this ledger. */
  track(store: SizedStore): DocumentStore {
    return new SizeReportingStore(store, this.bytes)
  }
}

class SizeReportingStore implements DocumentStore {
  constructor(
    private readonly inner: SizedStore,
    private readonly bytes: Map<string, number>,
  ) {}

  listDocuments(): Promise<DocumentRecord[]> {
    return this.inner.listDocuments()
  }

  getDocument(id: string): Promise<DocumentRecord | null> {
    return this.inner.getDocument(id)
  }

  createDocument(document: NewDocument): Promise<CreateDocumentResult> {
    return this.inner.createDocument(document)
  }

  async loadUpdates(id: string): Promise<StoredUpdate[]> {
    const updates = await this.inner.loadUpdates(id)
    this.bytes.set(
      id,
      updates.reduce((sum, update) => sum + update.data.byteLength, 0),
    )
    return updates
  }

  async appendUpdate(id: string, update: Uint8Array): Promise<number> {
    const seq = await this.inner.appendUpdate(id, update)
    this.bytes.set(id, (this.bytes.get(id) ?? 0) + update.byteLength)
    return seq
  }

  async compact(id: string, upToSeq: number): Promise<number> {
    const remaining = await this.inner.compact(id, upToSeq)
    this.bytes.set(id, await this.inner.storedBytes(id))
    return remaining
  }

  touchDocument(id: string, updatedAt: string): Promise<void> {
    return this.inner.touchDocument(id, updatedAt)
  }

  tokenGeneration(id: string): Promise<number | null> {
    return this.inner.tokenGeneration(id)
  }

  bumpTokenGeneration(id: string): Promise<number | null> {
    return this.inner.bumpTokenGeneration(id)
  }

  listVersions(docId: string): Promise<VersionRecord[]> {
    return this.inner.listVersions(docId)
  }

  getVersion(docId: string, number: number): Promise<{ version: VersionRecord; state: Uint8Array } | null> {
    return this.inner.getVersion(docId, number)
  }

  addVersion(version: NewVersion, limits: VersionLimits): Promise<AddedVersion | null> {
    return this.inner.addVersion(version, limits)
  }

  health(): Promise<StoreHealth> {
    return this.inner.health()
  }

  close(): Promise<void> {
    return this.inner.close()
  }
}

/**
 * True when `update` holds structs `doc` does not have yet (content that would be stored), false
 * when it only deletes or repeats what the document has — what a client at the quota may still
 * send (its SyncStep2 on connect, deletions that shrink the document). Throws on a malformed update.
 */
export function addsContent(doc: Y.Doc, update: Uint8Array): boolean {
  const { to } = Y.parseUpdateMeta(update)
  const known = Y.decodeStateVector(Y.encodeStateVector(doc))
  for (const [client, clock] of to) if (clock > (known.get(client) ?? 0)) return true
  return false
}

/**
 * Whether a document of `storedBytes` (stored and reserved) may take an update: always when the
 * update adds nothing ({@link addsContent}), else only while those bytes plus the update stay
 * within `maxBytes`.
 */
export function withinQuota(doc: Y.Doc, storedBytes: number, update: Uint8Array, maxBytes: number): boolean {
  if (storedBytes + update.byteLength <= maxBytes) return true
  try {
    return !addsContent(doc, update)
  } catch {
    return true // malformed: the room refuses it as such, with its own close code
  }
}
