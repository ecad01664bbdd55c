import type { VersionAuthor, VersionKind, VersionRecord } from '../../editor/model/versions'
import type { StoreHealth } from './write-health'

/** A stored document's listing record. Times are ISO 8601 strings (UTC). */
export interface DocumentRecord {
  readonly id: string
  readonly title: string
  readonly createdAt: string
  readonly updatedAt: string
}

/** One stored Yjs update of a document, in storage order. */
export interface StoredUpdate {
  /** Store-wide increasing sequence number. */
  readonly seq: number
  /** A Yjs (v1) update. */
  readonly data: Uint8Array
}

/** What {@link DocumentStore.createDocument} needs: the record and the initial Yjs update. */
export interface NewDocument {
  readonly id: string
  readonly title: string
  readonly createdAt: string
  readonly initialUpdate: Uint8Array
}

/** `createDocument` refused: a document with this id already exists. */
export class DocumentExistsError extends Error {
  override readonly name = 'DocumentExistsError'

  constructor(readonly documentId: string) {
    super(`document "${documentId}" already exists`)
  }
}

/** The outcome of {@link DocumentStore.createDocument}. */
export type CreateDocumentResult = { readonly ok: true; readonly document: DocumentRecord } | { readonly ok: false; readonly error: DocumentExistsError }

/** What {@link DocumentStore.addVersion} needs: who and what, and the document's whole Yjs state. */
export interface NewVersion {
  readonly docId: string
  readonly name: string
  readonly kind: VersionKind
  /** Null for automatic versions. */
  readonly createdBy: VersionAuthor | null
  readonly createdAt: string
  /** The document's whole Yjs state as one update (`Y.encodeStateAsUpdate`). */
  readonly state: Uint8Array
}

/** How many versions a document keeps, and how many bytes of state they hold together. */
export interface VersionLimits {
  readonly maxCount: number
  readonly maxBytes: number
}

/** The outcome of {@link DocumentStore.addVersion}: the new version and the numbers of the versions pruned to make room. */
export interface AddedVersion {
  readonly version: VersionRecord
  readonly pruned: readonly number[]
}

/**
 * Where documents and their Yjs updates live. The collab server only talks to this interface, so
 * another adapter (PostgreSQL, in-memory) can replace the SQLite one. Methods reject only on
 * storage failures or misuse (e.g. appending to a document that does not exist).
 */
export interface DocumentStore {
  /** Every document, most recently updated first; documents updated at the same time by id. */
  listDocuments(): Promise<DocumentRecord[]>
  /** One document's record; null when it does not exist. */
  getDocument(id: string): Promise<DocumentRecord | null>
  /**
   * Creates the record and stores its initial update, atomically. Resolves `{ ok: false }` with a
   * {@link DocumentExistsError} (and changes nothing) when the id is taken.
   */
  createDocument(document: NewDocument): Promise<CreateDocumentResult>
  /** All stored updates of a document in sequence order; empty when there are none. */
  loadUpdates(id: string): Promise<StoredUpdate[]>
  /** Durably appends one update; resolves its sequence number once it is stored. */
  appendUpdate(id: string, update: Uint8Array): Promise<number>
  /**
   * Replaces the document's updates with `seq <= upToSeq` by one merged update, in one
   * transaction; later updates are kept. Resolves the number of rows the document has afterwards.
   */
  compact(id: string, upToSeq: number): Promise<number>
  /** Sets a document's `updatedAt`. */
  touchDocument(id: string, updatedAt: string): Promise<void>
  /**
   * The document's token generation (0 until its links are first revoked); null when the
   * document does not exist. Share tokens of an older generation are revoked.
   */
  tokenGeneration(id: string): Promise<number | null>
  /** Adds one to the document's token generation and resolves the new one; null when the document does not exist. */
  bumpTokenGeneration(id: string): Promise<number | null>
  /** A document's versions, newest first, without their states; empty when it has none or does not exist. */
  listVersions(docId: string): Promise<VersionRecord[]>
  /** One version's record and Yjs state; null when the document has no version `number`. */
  getVersion(docId: string, number: number): Promise<{ readonly version: VersionRecord; readonly state: Uint8Array } | null>
  /**
   * Stores a version numbered one more than the document's highest so far (numbers are never
   * reused), then, in the same transaction, prunes to `limits`: the oldest automatic versions
   * first, then the oldest manual ones, never the new one. Resolves null (storing nothing) when
   * the document does not exist. A document's versions are deleted with it.
   */
  addVersion(version: NewVersion, limits: VersionLimits): Promise<AddedVersion | null>
  /**
   * Whether the store can be relied on (`GET /healthz`): it answers a query, and its last write did
   * not fail (or a write has succeeded since). Never rejects.
   */
  health(): Promise<StoreHealth>
  /** Releases the store; later calls reject. */
  close(): Promise<void>
}

/** A store that can tell how many bytes of updates a document has stored (for the document size limit). */
export interface SizedStore extends DocumentStore {
  /** Sum of the byte lengths of the document's stored updates; 0 when it has none. */
  storedBytes(id: string): Promise<number>
}
