import * as Y from 'yjs'
import { ANNOTATIONS_MAP } from '../../editor/model/doc-layout'

/** New client ids one principal may start writing under while a room is loaded. */
export const MAX_NEW_CLIENTS_PER_PRINCIPAL = 1000

/** A client id an update writes under; `isNew` when the document had no content from it. */
export interface ClientClaim {
  readonly client: number
  readonly isNew: boolean
}

/** The root type name an integrated item belongs to; null when it cannot be told (detached). */
function rootOf(struct: Y.Item): string | null {
  let parent: unknown = struct.parent
  while (parent instanceof Y.AbstractType && parent._item !== null) parent = parent._item.parent
  return parent instanceof Y.AbstractType ? Y.findRootTypeKey(parent) : null
}

/**
 * Which principal (a token's identity) writes under which Yjs client id, in one loaded room. Ids
 * are claimed by whoever first writes under them or first publishes awareness for them (a
 * y-websocket client's awareness id is its Yjs client id, so a person's id is theirs from the
 * moment they connect, before they type). A non-editor may write only under client ids it owns:
 * a new id (one the document has no content from, unclaimed) becomes its own when it first writes
 * under it, as does an unclaimed id whose every struct lies under `annotations` (its own earlier
 * writes, from before the room was loaded).
 * Writing under another writer's id is how a non-editor could shadow or pre-empt that writer's
 * next changes (Yjs skips clocks it already has), so it is refused.
 */
export class ClientOwners {
  private readonly owners = new Map<number, string>()
  private readonly newClients = new Map<string, number>()

  /** Why `principal` may not write under `client` in `doc`, or null when it may. */
  refusal(doc: Y.Doc, client: number, principal: string): string | null {
    const owner = this.owners.get(client)
    if (owner !== undefined) return owner === principal ? null : 'it writes under another writer’s client id'
    // Garbage-collected structs (the fields of a deleted record) tell nothing; every other struct
    // must lie under annotations. An id with nothing else is taken up like a new one.
    let live = 0
    for (const struct of doc.store.clients.get(client) ?? []) {
      if (struct instanceof Y.GC) continue
      if (rootOf(struct) !== ANNOTATIONS_MAP) return 'it writes under another writer’s client id'
      live += 1
    }
    if (live > 0) return null
    const started = this.newClients.get(principal) ?? 0
    return started < MAX_NEW_CLIENTS_PER_PRINCIPAL ? null : `it starts more than ${MAX_NEW_CLIENTS_PER_PRINCIPAL} client ids`
  }

  /**
   * Records `principal` as the owner of the client ids it publishes presence for (a y-websocket
   * client's awareness id is its Yjs client id), so no other token can start writing under them
   * before that person types. Only ids no one owns and the document has no content from are taken,
   * within the principal's {@link MAX_NEW_CLIENTS_PER_PRINCIPAL}: presence never grants an id that
   * already has content (its writer may be offline with changes still to send).
   */
  claimPresence(doc: Y.Doc, clients: Iterable<number>, principal: string): void {
    for (const client of clients) {
      if (this.owners.has(client) || (doc.store.clients.get(client)?.length ?? 0) > 0) continue
      if ((this.newClients.get(principal) ?? 0) >= MAX_NEW_CLIENTS_PER_PRINCIPAL) return
      this.claim([{ client, isNew: true }], principal)
    }
  }

  /** The principal that owns `client` here; undefined when none does. */
  ownerOf(client: number): string | undefined {
    return this.owners.get(client)
  }

  /** Records `principal` as the owner of each claimed client id that has no owner yet. */
  claim(claims: readonly ClientClaim[], principal: string): void {
    for (const { client, isNew } of claims) {
      if (this.owners.has(client)) continue
      this.owners.set(client, principal)
      if (isNew) this.newClients.set(principal, (this.newClients.get(principal) ?? 0) + 1)
    }
  }
}
