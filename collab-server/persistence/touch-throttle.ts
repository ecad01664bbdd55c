import type { Logger } from '../logger'
import type { DocumentStore } from './document-store'

interface DocumentTouches {
  lastWriteAt: number
  pending: string | null
  timer: NodeJS.Timeout | null
  inFlight: Promise<void>
}

/**
 * Throttles `updatedAt` writes: at most one per document per `intervalMs`. A touch inside the
 * interval is kept as pending and written when the interval ends (or on `flush`), so the last
 * touch is never lost.
 */
export class TouchThrottle {
  private readonly documents = new Map<string, DocumentTouches>()

  constructor(
    private readonly store: Pick<DocumentStore, 'touchDocument'>,
    private readonly options: { intervalMs: number; logger: Logger; now?: () => number },
  ) {}

  /** Records that the document changed now. */
  touch(id: string): void {
    const now = this.now()
    const entry = this.entry(id)
    entry.pending = new Date(now).toISOString()
    if (entry.timer !== null) return
    const wait = entry.lastWriteAt + this.options.intervalMs - now
    if (wait <= 0) {
      this.write(id, entry)
      return
    }
    entry.timer = setTimeout(() => {
      entry.timer = null
      this.write(id, entry)
    }, wait)
    entry.timer.unref()
  }

  /** Writes the document's pending touch now and forgets the document. */
  async flush(id: string): Promise<void> {
    const entry = this.documents.get(id)
    if (!entry) return
    if (entry.timer !== null) clearTimeout(entry.timer)
    entry.timer = null
    this.write(id, entry)
    this.documents.delete(id)
    await entry.inFlight
  }

  /** Flushes every document (shutdown). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.documents.keys()].map((id) => this.flush(id)))
  }

  private entry(id: string): DocumentTouches {
    let entry = this.documents.get(id)
    if (!entry) {
      entry = { lastWriteAt: -Infinity, pending: null, timer: null, inFlight: Promise.resolve() }
      this.documents.set(id, entry)
    }
    return entry
  }

  private write(id: string, entry: DocumentTouches): void {
    const updatedAt = entry.pending
    if (updatedAt === null) return
    entry.pending = null
    entry.lastWriteAt = this.now()
    entry.inFlight = entry.inFlight.then(() => this.store.touchDocument(id, updatedAt)).catch((error: unknown) => this.options.logger.warn('touch-failed', { docId: id, error }))
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }
}
