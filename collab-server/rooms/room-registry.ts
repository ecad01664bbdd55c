import { CloseCode } from '../../editor/model/close-codes'
import { leastRecentlyUsed } from '../limits/least-recently-used'
import type { Logger } from '../logger'
import type { Room } from './room'

/** What the registry gives a loader: how to report a failed room, and how to wait for a free slot. */
export interface RoomLoadHooks {
  /** Call once if the room fails; the registry stops handing it out. */
  readonly onFailed: () => void
  /**
   * Call once the document is known to exist, before loading its state: takes a slot under
   * `maxRooms`, first unloading the least recently used room when none is free, and resolves once
   * that room has finished unloading.
   */
  readonly reserve: () => Promise<void>
}

/** Loads the room of a document; resolves null when the document does not exist. */
export type RoomLoader = (id: string, hooks: RoomLoadHooks) => Promise<Room | null>

/** A claim on a document's room, held by one connection from its start to its close. */
export interface RoomLease {
  /** The loaded room, or null when the document does not exist. Rejects if loading failed. */
  readonly room: Promise<Room | null>
  /** Marks the room as used now (message activity), for the least-recently-used choice. */
  touch(): void
  /** Gives the claim back; the room unloads when its last lease is released. Idempotent. */
  release(): void
}

/** Limits of a {@link RoomRegistry}. */
export interface RoomRegistryOptions {
  /** Rooms held in memory (loaded or loading) at most; default unlimited. */
  readonly maxRooms?: number
  /** Called with the document id each time one of its rooms has finished unloading (a later load of it waits for this). */
  readonly onUnloaded?: (id: string) => void
}

interface Entry {
  readonly id: string
  readonly room: Promise<Room | null>
  leases: number
  /** Use stamp: larger is more recent. */
  lastUsed: number
  /** Counted against `maxRooms`: the document exists and its room is loading or loaded. */
  reserved: boolean
  /** Unloaded to make room for another; its leases no longer unload it. */
  evicted: boolean
}

/** Close reason of the peers of an evicted room. */
export const EVICTED_REASON = 'document unloaded: server at capacity'

/**
 * Keeps at most one loaded room per document. Rooms load lazily on the first lease (concurrent
 * first connections share one loading promise) and unload when the last lease is released. A
 * document loads again only after its previous room finished unloading, so nothing it was still
 * writing is missed. At most `maxRooms` rooms are held: to load one more, the least recently used
 * other room (by lease and message activity) is evicted — its peers are closed with 1013, it
 * unloads the normal way (queued messages and writes finished, compaction) — and the new room
 * loads after that. A request for a missing document never evicts anything.
 */
export class RoomRegistry {
  private readonly entries = new Map<string, Entry>()
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly loaded = new Set<Room>()
  private readonly maxRooms: number
  private useClock = 0

  constructor(
    private readonly loadRoom: RoomLoader,
    private readonly logger: Logger,
    private readonly options: RoomRegistryOptions = {},
  ) {
    this.maxRooms = options.maxRooms ?? Number.POSITIVE_INFINITY
  }

  /** Number of rooms currently loaded in memory (including those still unloading). */
  get roomCount(): number {
    return this.loaded.size
  }

  /** Whether a room of the document is loaded or loading (then it is, or will be, in the current data model). */
  isLoaded(id: string): boolean {
    return this.entries.has(id)
  }

  /** Claims the room of a document, loading it if no one holds it yet. */
  acquire(id: string): RoomLease {
    const entry = this.entries.get(id) ?? this.startLoading(id)
    entry.leases += 1
    entry.lastUsed = ++this.useClock
    let released = false
    return {
      room: entry.room,
      touch: () => {
        entry.lastUsed = ++this.useClock
      },
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
    const hooks: RoomLoadHooks = {
      onFailed: () => this.detach(entry),
      reserve: () => this.reserve(entry),
    }
    const entry: Entry = {
      id,
      leases: 0,
      lastUsed: 0,
      reserved: false,
      evicted: false,
      room: previousUnload.then(() => this.loadRoom(id, hooks)),
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

  /**
   * Counts the entry against `maxRooms`, evicting the least recently used other room first when
   * the cap is reached; resolves once that room has unloaded. Decided synchronously, so
   * concurrent loads never overshoot the cap.
   */
  private async reserve(entry: Entry): Promise<void> {
    if (entry.reserved || this.entries.get(entry.id) !== entry) return
    const held = [...this.entries.values()].filter((other) => other.reserved)
    entry.reserved = true
    if (held.length < this.maxRooms) return
    const victim = leastRecentlyUsed(held, entry)
    if (victim) await this.evict(victim)
  }

  /** Unloads a room that still has peers: closes them with 1013, then unloads it the normal way. */
  private evict(entry: Entry): Promise<void> {
    entry.evicted = true
    this.detach(entry)
    this.logger.info('room-evicted', { docId: entry.id, leases: entry.leases, maxRooms: this.maxRooms })
    return this.startUnload(entry, async () => {
      const room = await entry.room.catch(() => null)
      room?.disband(CloseCode.ServerAtCapacity, EVICTED_REASON)
      await this.unloadRoom(entry)
    })
  }

  /** Stops handing the entry out (missing document, failed load or room, eviction); leases stay valid. */
  private detach(entry: Entry): void {
    if (this.entries.get(entry.id) === entry) this.entries.delete(entry.id)
  }

  private releaseEntry(entry: Entry): void {
    entry.leases -= 1
    if (entry.leases > 0 || entry.evicted) return
    this.detach(entry)
    void this.startUnload(entry, () => this.unloadRoom(entry))
  }

  /** Runs `unload` after any earlier unload of the same document; later loads of it wait for it. */
  private startUnload(entry: Entry, unload: () => Promise<void>): Promise<void> {
    const previous = this.unloading.get(entry.id) ?? Promise.resolve()
    const done: Promise<void> = previous.then(unload).then(() => {
      if (this.unloading.get(entry.id) === done) this.unloading.delete(entry.id)
    })
    this.unloading.set(entry.id, done)
    return done
  }

  private async unloadRoom(entry: Entry): Promise<void> {
    try {
      const room = await entry.room
      if (!room) return
      await room.close()
      this.loaded.delete(room)
      this.options.onUnloaded?.(entry.id)
    } catch (error) {
      this.logger.error('room-unload-failed', { docId: entry.id, error })
    }
  }
}
