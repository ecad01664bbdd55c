import * as Y from 'yjs'

/** One update kept aside until the document has what it builds on. */
export interface HeldUpdate<Sender> {
  readonly sender: Sender
  readonly update: Uint8Array
  /** The clients whose clocks the update writes, names or deletes, with their states when last checked. */
  readonly states: Map<number, number>
}

/**
 * Updates the room cannot apply whole yet (they build on content it does not have, e.g. a
 * keystroke that overtook the SyncStep2 carrying the offline work it was typed into), kept aside
 * outside the Y.Doc, in arrival order, so they are checked again, whole, before they apply. Only
 * an entry whose watched clients' states changed since its last check is offered again.
 */
export class HeldUpdates<Sender> {
  private readonly entries: Array<HeldUpdate<Sender>> = []
  private heldBytes = 0

  /** Bytes of all held updates. */
  get bytes(): number {
    return this.heldBytes
  }

  /** Number of held updates. */
  get count(): number {
    return this.entries.length
  }

  /** Number of held updates of `sender`. */
  countFrom(sender: Sender): number {
    return this.entries.filter((entry) => entry.sender === sender).length
  }

  /** Every sender with held updates. */
  senders(): Set<Sender> {
    return new Set(this.entries.map((entry) => entry.sender))
  }

  /** Keeps `update` aside, watching `clients`. */
  add(doc: Y.Doc, sender: Sender, update: Uint8Array, clients: Iterable<number>): void {
    const states = new Map<number, number>()
    for (const client of clients) states.set(client, Y.getState(doc.store, client))
    this.entries.push({ sender, update, states })
    this.heldBytes += update.byteLength
  }

  /** The first held update whose watched clients' states changed since its last check; null when none. */
  nextReady(doc: Y.Doc): HeldUpdate<Sender> | null {
    for (const entry of this.entries) {
      for (const [client, state] of entry.states) if (Y.getState(doc.store, client) !== state) return entry
    }
    return null
  }

  /** Records that `entry` still cannot apply: it is offered again once a watched client's state changes. */
  checked(doc: Y.Doc, entry: HeldUpdate<Sender>): void {
    for (const client of entry.states.keys()) entry.states.set(client, Y.getState(doc.store, client))
  }

  /** Removes one held update. */
  remove(entry: HeldUpdate<Sender>): void {
    const index = this.entries.indexOf(entry)
    if (index === -1) return
    this.entries.splice(index, 1)
    this.heldBytes -= entry.update.byteLength
  }

  /** Removes every held update of `sender`. */
  removeFrom(sender: Sender): void {
    for (const entry of this.entries.filter((held) => held.sender === sender)) this.remove(entry)
  }

  /** The sender whose held updates take the most bytes; null when nothing is held. */
  largestSender(): Sender | null {
    const bytes = new Map<Sender, number>()
    for (const { sender, update } of this.entries) bytes.set(sender, (bytes.get(sender) ?? 0) + update.byteLength)
    let largest: Sender | null = null
    for (const [sender, total] of bytes) if (largest === null || total > (bytes.get(largest) ?? 0)) largest = sender
    return largest
  }

  /** Forgets everything held. */
  clear(): void {
    this.entries.length = 0
    this.heldBytes = 0
  }
}
