import {
  DocumentExistsError,
  type AddedVersion,
  type CreateDocumentResult,
  type DocumentRecord,
  type DocumentStore,
  type NewDocument,
  type NewVersion,
  type StoredUpdate,
  type VersionLimits,
} from '../../../../collab-server/persistence/document-store'
import type { VersionRecord } from '../../../../editor/model/versions'
import { mergeStoredUpdates } from '../../../../collab-server/persistence/merge-updates'
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
 * An in-memory {@link DocumentStore} for unit tests that behaves as the SQLite one does (the
 * conformance suite checks). `loadGate` / `appendGate`, when set, hold `loadUpdates` /
 * `appendUpdate` until opened; `failAppends` makes appends reject as on a full disk; `calls`
 * counts every call by method name.
 */
export class MemoryStore implements DocumentStore {
  readonly documents = new Map<string, DocumentRecord>()
  readonly updates = new Map<string, StoredUpdate[]>()
  readonly calls: Record<string, number> = {}
  readonly generations = new Map<string, number>()
  /** Each document's versions, oldest first. */
  readonly versions = new Map<string, Array<{ version: VersionRecord; state: Uint8Array }>>()
  loadGate: Gate | null = null
  appendGate: Gate | null = null
  failAppends = false
  private seq = 0
  private closed = false

  async listDocuments(): Promise<DocumentRecord[]> {
    this.count('listDocuments')
    return [...this.documents.values()].sort((a, b) => compareText(b.updatedAt, a.updatedAt) || compareText(a.id, b.id))
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
    this.updates.set(document.id, [{ seq: ++this.seq, data: document.initialUpdate.slice() }])
    return { ok: true, document: record }
  }

  async loadUpdates(id: string): Promise<StoredUpdate[]> {
    this.count('loadUpdates')
    await this.loadGate?.opened
    return (this.updates.get(id) ?? []).map((row) => ({ seq: row.seq, data: row.data.slice() }))
  }

  async appendUpdate(id: string, update: Uint8Array): Promise<number> {
    this.count('appendUpdate')
    await this.appendGate?.opened
    if (this.failAppends) throw new Error('disk full')
    const rows = this.updates.get(id)
    if (!rows) throw new Error(`cannot append to document "${id}": it does not exist`)
    const seq = ++this.seq
    rows.push({ seq, data: update.slice() })
    return seq
  }

  async compact(id: string, upToSeq: number): Promise<number> {
    this.count('compact')
    const rows = this.updates.get(id)
    if (!rows) return 0
    const merged = rows.filter((row) => row.seq <= upToSeq)
    if (merged.length < 2) return rows.length
    const kept = rows.filter((row) => row.seq > upToSeq)
    const next = [{ seq: merged.at(-1)!.seq, data: mergeStoredUpdates(merged.map((row) => row.data)) }, ...kept]
    this.updates.set(id, next)
    return next.length
  }

  async touchDocument(id: string, updatedAt: string): Promise<void> {
    this.count('touchDocument')
    const record = this.documents.get(id)
    if (record) this.documents.set(id, { ...record, updatedAt })
  }

  async tokenGeneration(id: string): Promise<number | null> {
    this.count('tokenGeneration')
    return this.documents.has(id) ? (this.generations.get(id) ?? 0) : null
  }

  async bumpTokenGeneration(id: string): Promise<number | null> {
    this.count('bumpTokenGeneration')
    if (!this.documents.has(id)) return null
    const next = (this.generations.get(id) ?? 0) + 1
    this.generations.set(id, next)
    return next
  }

  async listVersions(docId: string): Promise<VersionRecord[]> {
    this.count('listVersions')
    return (this.versions.get(docId) ?? []).map((entry) => entry.version).reverse()
  }

  async getVersion(docId: string, number: number): Promise<{ version: VersionRecord; state: Uint8Array } | null> {
    this.count('getVersion')
    const entry = this.versions.get(docId)?.find((candidate) => candidate.version.number === number)
    return entry ? { version: entry.version, state: entry.state.slice() } : null
  }

  async addVersion(version: NewVersion, limits: VersionLimits): Promise<AddedVersion | null> {
    this.count('addVersion')
    if (!this.documents.has(version.docId)) return null
    const entries = this.versions.get(version.docId) ?? []
    const { name, kind, createdBy, createdAt, state } = version
    const record: VersionRecord = { number: (entries.at(-1)?.version.number ?? 0) + 1, name, kind, createdBy, createdAt, bytes: state.byteLength }
    entries.push({ version: record, state: state.slice() })
    this.versions.set(version.docId, entries)
    const pruned: number[] = []
    const bytes = () => entries.reduce((sum, entry) => sum + entry.version.bytes, 0)
    while (entries.length > limits.maxCount || bytes() > limits.maxBytes) {
      const candidates = entries.slice(0, -1)
      const victim = candidates.find((entry) => entry.version.kind === 'auto')
      if (!victim) break
      entries.splice(entries.indexOf(victim), 1)
      pruned.push(victim.version.number)
    }
    return { version: record, pruned }
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, reason: 'the document store is closed' }
    return this.failAppends ? { ok: false, reason: 'write failed: disk full' } : { ok: true }
  }

  async close(): Promise<void> {
    this.closed = true
  }

  /** Counts a call; throws (so the call rejects) once the store is closed. */
  private count(method: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1
    if (this.closed) throw new Error('the document store is closed')
  }
}

/** Orders strings by code unit, not by locale, as SQLite orders ids (binary collation). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
