import * as Y from 'yjs'

type Struct = Y.Item | Y.GC | Y.Skip
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds']

/** A change Yjs would discard: it lands in garbage-collected content. */
const NO_EFFECT = Symbol('no effect')
/** A change whose place cannot be found in the document or the update. */
const UNRESOLVABLE = Symbol('unresolvable')

/** The root type name a change lands in, or one of the two markers above. */
type Resolution = string | typeof NO_EFFECT | typeof UNRESOLVABLE

interface Found {
  readonly inDoc: boolean
  readonly struct: Struct
}

/** The structs of one update by client, in clock order, for lookups by id. */
class UpdateIndex {
  private readonly byClient = new Map<number, Struct[]>()

  constructor(structs: readonly Struct[]) {
    for (const struct of structs) {
      const list = this.byClient.get(struct.id.client)
      if (list) list.push(struct)
      else this.byClient.set(struct.id.client, [struct])
    }
  }

  /** The struct of the update that contains `clock` of `client`; null when there is none. */
  find(client: number, clock: number): Struct | null {
    const list = this.byClient.get(client) ?? []
    let [low, high] = [0, list.length - 1]
    while (low <= high) {
      const middle = (low + high) >> 1
      const struct = list[middle]
      if (clock < struct.id.clock) high = middle - 1
      else if (clock >= struct.id.clock + struct.length) low = middle + 1
      else return struct
    }
    return null
  }
}

/** The name of the root type an integrated type belongs to. */
function rootOfType(type: Y.AbstractType<unknown>): Resolution {
  let current = type
  while (current._item !== null) {
    const parent = current._item.parent
    if (!(parent instanceof Y.AbstractType)) return UNRESOLVABLE
    current = parent
  }
  return Y.findRootTypeKey(current)
}

function rootOfDocStruct(struct: Struct): Resolution {
  if (struct instanceof Y.GC) return NO_EFFECT
  if (!(struct instanceof Y.Item) || !(struct.parent instanceof Y.AbstractType)) return UNRESOLVABLE
  return rootOfType(struct.parent)
}

/**
 * Finds where the structs of one update land in `doc`, mirroring how Yjs integrates them
 * (`Item.getMissing`): by the parent given, else by the left origin, else by the right origin;
 * next to or inside garbage-collected content they have no effect.
 */
class ScopeResolver {
  private readonly index: UpdateIndex
  private readonly resolved = new Map<Y.Item, Resolution>()

  constructor(
    private readonly doc: Y.Doc,
    structs: readonly Struct[],
  ) {
    this.index = new UpdateIndex(structs)
  }

  lookup(id: Y.ID): Found | null {
    if (id.clock < Y.getState(this.doc.store, id.client)) return { inDoc: true, struct: Y.getItem(this.doc.store, id) }
    const struct = this.index.find(id.client, id.clock)
    return struct ? { inDoc: false, struct } : null
  }

  /** Where an item of the update lands. Iterative: chains of origins can be as long as the update. */
  resolve(item: Y.Item): Resolution {
    const path: Y.Item[] = []
    const onPath = new Set<Y.Item>()
    let current = item
    let answer: Resolution
    for (;;) {
      const known = this.resolved.get(current)
      if (known !== undefined) {
        answer = known
        break
      }
      if (onPath.has(current)) {
        answer = UNRESOLVABLE
        break
      }
      onPath.add(current)
      path.push(current)
      const next = this.step(current)
      if (!(next instanceof Y.Item)) {
        answer = next
        break
      }
      current = next
    }
    for (const visited of path) this.resolved.set(visited, answer)
    return answer
  }

  /** One step up from an item of the update: its answer, or the item of the update it depends on. */
  private step(item: Y.Item): Resolution | Y.Item {
    const parent = item.parent as unknown as string | Y.ID | null
    if (typeof parent === 'string') return parent
    if (parent !== null) {
      const found = this.lookup(parent)
      if (!found) return UNRESOLVABLE
      if (found.struct instanceof Y.GC) return NO_EFFECT
      if (!(found.struct instanceof Y.Item)) return UNRESOLVABLE
      // A parent whose content was deleted (a concurrently deleted record) is no type: Yjs drops the insert.
      if (!(found.struct.content instanceof Y.ContentType)) return NO_EFFECT
      return found.inDoc ? rootOfDocStruct(found.struct) : found.struct
    }
    const left = item.origin ? this.lookup(item.origin) : null
    const right = item.rightOrigin ? this.lookup(item.rightOrigin) : null
    if ((item.origin && !left) || (item.rightOrigin && !right)) return UNRESOLVABLE
    if (left?.struct instanceof Y.GC || right?.struct instanceof Y.GC) return NO_EFFECT
    const side = left ?? right
    if (!side || !(side.struct instanceof Y.Item)) return UNRESOLVABLE
    return side.inDoc ? rootOfDocStruct(side.struct) : side.struct
  }

  /** True when every clock of `client` in [from, to) is in a struct of the update other than a Skip. */
  covers(client: number, from: number, to: number): boolean {
    for (let clock = from; clock < to; ) {
      const struct = this.index.find(client, clock)
      if (!struct || struct instanceof Y.Skip) return false
      clock = struct.id.clock + struct.length
    }
    return true
  }
}

function insertedRoots(doc: Y.Doc, structs: readonly Struct[], resolver: ScopeResolver, found: Set<Resolution>): void {
  const lastEnd = new Map<number, number>()
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    const { client, clock } = struct.id
    const end = clock + struct.length
    // Honest encoders never repeat clocks within one update.
    if (clock < (lastEnd.get(client) ?? 0)) found.add(UNRESOLVABLE)
    lastEnd.set(client, end)
    const known = Y.getState(doc.store, client)
    if (end <= known || struct instanceof Y.GC) continue
    found.add(resolver.resolve(struct))
    // Yjs integrates the unknown tail of a partly known item right after the item before it.
    if (clock < known) found.add(rootOfDocStruct(Y.getItem(doc.store, Y.createID(client, known - 1))))
  }
}

function deletedRoots(doc: Y.Doc, ds: DeleteSet, resolver: ScopeResolver, found: Set<Resolution>): void {
  for (const [client, ranges] of ds.clients) {
    const known = Y.getState(doc.store, client)
    const structs = doc.store.clients.get(client) ?? []
    for (const { clock, len } of ranges) {
      const end = clock + len
      if (len <= 0) continue
      if (clock < known) {
        for (let index = Y.findIndexSS(structs, clock); index < structs.length; index++) {
          const struct = structs[index]
          if (struct.id.clock >= Math.min(end, known)) break
          // Deleting what is already deleted (every SyncStep2 repeats the whole delete set) changes nothing.
          if (struct instanceof Y.Item && !struct.deleted) found.add(rootOfDocStruct(struct))
        }
      }
      // Deletions of content the server does not have would wait and apply to it later, whoever
      // writes it; only deletions of content inserted by this same update (already resolved) pass.
      if (end > known && !resolver.covers(client, Math.max(clock, known), end)) found.add(UNRESOLVABLE)
    }
  }
}

/**
 * The root types of `doc` (`prosemirror`, `meta`, `annotations`, …) that applying `update` would
 * change: inserted content (nested types are followed up to their root, through the document or
 * earlier structs of the same update) and deletions of content that is not deleted yet. Content
 * already in the document, repeated deletions and content Yjs would garbage-collect change nothing,
 * so an empty set means the update changes nothing. `'unresolvable'` when some change cannot be
 * placed: it refers to content neither the document nor the update has, or the update is
 * inconsistent. Pure: `doc` is not modified.
 */
export function changedRoots(doc: Y.Doc, update: Uint8Array): Set<string> | 'unresolvable' {
  const found = new Set<Resolution>()
  try {
    const { structs, ds } = Y.decodeUpdate(update)
    const resolver = new ScopeResolver(doc, structs)
    insertedRoots(doc, structs, resolver, found)
    deletedRoots(doc, ds, resolver, found)
  } catch {
    // Yjs throws on an update it cannot read against this document: that is exactly "unresolvable".
    return 'unresolvable'
  }
  if (found.has(UNRESOLVABLE)) return 'unresolvable'
  found.delete(NO_EFFECT)
  return found as Set<string>
}
