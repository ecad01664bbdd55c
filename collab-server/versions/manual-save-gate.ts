/**
 * At most one manual version per document every `intervalMs` milliseconds, so a loop of saves
 * cannot hog the server's CPU and disk (`POST /api/docs/:id/versions` answers 429 sooner).
 */
export class ManualSaveGate {
  private readonly last = new Map<string, number>()

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes the document's turn: 0 when it may save now, else the whole seconds to wait. */
  take(docId: string): number {
    const now = this.now()
    const last = this.last.get(docId)
    if (last !== undefined && now - last < this.intervalMs) return Math.max(1, Math.ceil((this.intervalMs - (now - last)) / 1000))
    // Forget turns that are over, so the map holds only documents saved within the interval.
    for (const [id, at] of this.last) if (now - at >= this.intervalMs) this.last.delete(id)
    if (this.intervalMs > 0) this.last.set(docId, now)
    return 0
  }
}
