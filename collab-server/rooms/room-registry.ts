import type { Logger } from '../logger'
import type { Room } from './room'

/** Loads the room of a document; resolves null when the document does not exist. */
export type RoomLoader = (id: string, hooks: { onFailed: () => void }) => Promise<Room | null>

/** A claim on a document's room, held by one connection from its start to its close. */
export interface RoomLease {
  /** The loaded room, or null when the document does not exist. Rejects if loading failed. */
  readonly room: Promise<Room | null>
  /** Gives the claim back; the room unloads when its last lease is released. Idempotent. */
  release(): void
}

interface Entry {
  readonly id: string
  readonly room: Promise<Room | null>
  leases: number
}

/**
 * Keeps at most one loaded room per document. Rooms load lazily on the first lease (concurrent
 * first connections share one loading promise) and unload when the last lease is released. A
 * document loads again only after its previous room finished unloading, so nothing it was still
 * writing is missed.
 */
export class RoomRegistry {
  private readonly entries = new Map<string, Entry>()
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly loaded = new Set<Room>()

  constructor(
    private readonly loadRoom: RoomLoader,
    private readonly logger: Logger,
  ) {}

  /** Number of rooms currently loaded in memory. */
  get roomCount(): number {
    return this.loaded.size
  }

  /** Claims the room of a document, loading it if no one holds it yet. */
  acquire(id: string): RoomLease {
    const entry = this.entries.get(id) ?? this.startLoading(id)
    entry.leases += 1
    let released = false
    return {
      room: entry.room,
      release: () => {
        if (released) return
        released = true
        this.releaseEntry(entry)
      },
    }
  }

  /** Resolves once every room that is unloading has finished (shutdown). */
  async idle(): Promise<void> {
    while (this.unloading.size > 0) await Promise.all(this.unloading.values())
  }

  private startLoading(id: string): Entry {
    const previousUnload = this.unloading.get(id) ?? Promise.resolve()
    const entry: Entry = {
      id,
      leases: 0,
      room: previousUnload.then(() => this.loadRoom(id, { onFailed: () => this.detach(entry) })),
    }
    this.entries.set(id, entry)
    entry.room.then(
      (room) => (room ? this.loaded.add(room) : this.detach(entry)),
      (error: unknown) => {
        this.logger.error('room-load-failed', { docId: id, error })
        this.detach(entry)
      },
    )
    return entry
  }

  /** Stops handing the entry out (missing document, failed load or room); leases stay valid. */
  private detach(entry: Entry): void {
    if (this.entries.get(entry.id) === entry) this.entries.delete(entry.id)
  }

  private releaseEntry(entry: Entry): void {
    entry.leases -= 1
    if (entry.leases > 0) return
    this.detach(entry)
    const previous = this.unloading.get(entry.id) ?? Promise.resolve()
    const unload: Promise<void> = Promise.all([previous, this.unloadRoom(entry)]).then(() => {
      if (this.unloading.get(entry.id) === unload) this.unloading.delete(entry.id)
    })
    this.unloading.set(entry.id, unload)
  }

  private async unloadRoom(entry: Entry): Promise<void> {
    try {
      const room = await entry.room
      if (!room) return
      await room.close()
      this.loaded.delete(room)
    } catch (error) {
      this.logger.error('room-unload-failed', { docId: entry.id, error })
    }
  }
}
