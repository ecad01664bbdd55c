import * as Y from 'yjs'
import {
  DocumentExistsError,
  type CreateDocumentResult,
  type DocumentRecord,
  type DocumentStore,
  type NewDocument,
  type StoredUpdate,
} from '../../../../collab-server/persistence/document-store'
import type { StoreHealth } from '../../../../collab-server/persistence/write-health'

/** A promise resolved from outside: lets a test hold a store call until it says so. */
export class Gate {
  private release: () => void = () => {}
  readonly opened: Promise<void> = new Promise((resolve) => (this.release = resolve))
  open(): void {
    this.release()
  }
}

/**
 * An in-memory {@link DocumentStore} for unit tests. `loadGate` / `appendGate`, when set, hold
 * `loadUpdates` / `appendUpdate` until opened; `calls` counts every call by method name.
 */
export class MemoryStore implements DocumentStore {
  readonly documents = new Map<string, DocumentRecord>()
  readonly updates = new Map<string, StoredUpdate[]>()
  readonly calls: Record<string, number> = {}
  readonly generations = new Map<string, number>()
  loadGate: Gate | null = null
  appendGate: Gate | null = null
  failAppends = false
  private seq = 0

  async listDocuments(): Promise<DocumentRecord[]> {
    this.count('listDocuments')
    return [...this.documents.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    this.count('getDocument')
    return this.documents.get(id) ?? null
  }

  async createDocument(document: NewDocument): Promise<CreateDocumentResult> {
    this.count('createDocument')
    if (this.documents.has(document.id)) return { ok: false, error: new DocumentExistsError(document.id) }
    const record = { id: document.id, title: document.title, createdAt: document.createdAt, updatedAt: document.createdAt }
    this.documents.set(document.id, record)
    this.updates.set(document.id, [{ seq: ++this.seq, data: document.initialUpdate }])
    return { ok: true, document: record }
  }

  async loadUpdates(id: string): Promise<StoredUpdate[]> {
    this.count('loadUpdates')
    await this.loadGate?.opened
    return [...(this.updates.get(id) ?? [])]
  }

  async appendUpdate(id: string, update: Uint8Array): Promise<number> {
    this.count('appendUpdate')
    await this.appendGate?.opened
    if (this.failAppends) throw new Error('disk full')
    const seq = ++this.seq
    this.updates.get(id)?.push({ seq, data: update })
    return seq
  }

  async compact(id: string, upToSeq: number): Promise<number> {
    this.count('compact')
    const rows = this.updates.get(id) ?? []
    const merged = rows.filter((row) => row.seq <= upToSeq)
    const kept = rows.filter((row) => row.seq > upToSeq)
    const last = merged.at(-1)
    const next = last ? [{ seq: last.seq, data: Y.mergeUpdates(merged.map((row) => row.data)) }, ...kept] : kept
    this.updates.set(id, next)
    return next.length
  }

  async touchDocument(id: string, updatedAt: string): Promise<void> {
    this.count('touchDocument')
    const record = this.documents.get(id)
    if (record) this.documents.set(id, { ...record, updatedAt })
  }

  async tokenGeneration(id: string): Promise<number | null> {
    return this.documents.has(id) ? (this.generations.get(id) ?? 0) : null
  }

  async bumpTokenGeneration(id: string): Promise<number | null> {
    if (!this.documents.has(id)) return null
    const next = (this.generations.get(id) ?? 0) + 1
    this.generations.set(id, next)
    return next
  }

  async health(): Promise<StoreHealth> {
    return this.failAppends ? { ok: false, reason: 'write failed: disk full' } : { ok: true }
  }

  async close(): Promise<void> {}

  private count(method: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1
  }
}
