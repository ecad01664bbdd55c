import * as Y from 'yjs'

type Struct = Y.Item | Y.GC | Y.Skip
import type { DecodedUpdate } from '../protocol/messages'

export type { DecodedUpdate }

/** The kind of a shared type, as far as the data model cares. */
export type TypeKind = 'map' | 'array' | 'text' | 'xmlElement' | 'xmlFragment' | 'xmlText' | 'xmlHook' | 'other'

/** One nested type on the way from a root type down to a struct's parent. */
export interface PathSegment {
  readonly kind: TypeKind
  /** The type's key in the map that holds it; null when it is list content. */
  readonly key: string | null
}

/**
 * Paths are followed this far at most: nothing in the data model nests half as deep, so deeper
 * content is refused whatever its exact depth (and no walk over client data is unbounded).
 */
export const MAX_TRACKED_DEPTH = 64

/** Where an inserted struct lands: its root type, the nested types in between, and its own key. */
export interface Placement {
  readonly root: string
  /** Outermost first; at most {@link MAX_TRACKED_DEPTH} + 1 long (longer is cut). */
  readonly path: readonly PathSegment[]
  /** The struct's key in a map parent; null for list content (text, array, XML children). */
  readonly key: string | null
}

/** An inserted struct of an update that changes the document, and where it lands. */
export interface PlacedInsert {
  readonly struct: Y.Item
  readonly placement: Placement
}

/** What applying an update would change, found before applying it. */
export interface UpdateScope {
  /** Root types changed by inserts or by deletions of content not deleted yet. */
  readonly roots: Set<string>
  /** Inserted items with an effect, with their placements (for the shape check). */
  readonly inserts: readonly PlacedInsert[]
}

/** A change Yjs would discard: it lands in garbage-collected content. */
const NO_EFFECT = Symbol('no effect')
/** A change whose place cannot be found in the document or the update. */
const UNRESOLVABLE = Symbol('unresolvable')
/** A change no honest encoder makes: its dependencies form a cycle. */
const INCONSISTENT = Symbol('inconsistent')

type Resolution = Placement | typeof NO_EFFECT | typeof UNRESOLVABLE | typeof INCONSISTENT

interface Found {
  readonly inDoc: boolean
  readonly struct: Struct
}

/** Thrown inside the analysis when the update cannot be placed; caught by {@link analyzeUpdate}. */
class Unresolvable extends Error {}
/** Thrown inside the analysis when the update contradicts itself or the document; caught by {@link analyzeUpdate}. */
class Inconsistent extends Error {}

/** The {@link TypeKind} of a shared type (subclasses first: XmlText is a Text, XmlHook a Map). */
export function kindOf(type: unknown): TypeKind {
  if (type instanceof Y.XmlText) return 'xmlText'
  if (type instanceof Y.XmlHook) return 'xmlHook'
  if (type instanceof Y.XmlElement) return 'xmlElement'
  if (type instanceof Y.XmlFragment) return 'xmlFragment'
  if (type instanceof Y.Map) return 'map'
  if (type instanceof Y.Array) return 'array'
  if (type instanceof Y.Text) return 'text'
  return 'other'
}

/** The structs of one update by client, in clock order, for lookups by id. */
export class UpdateIndex {
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

  /** Every client with structs in the update, with its structs in clock order. */
  clients(): IterableIterator<[number, Struct[]]> {
    return this.byClient.entries()
  }
}

/** The root and nested types of an integrated type, itself included as the last segment. */
function placementOfType(type: Y.AbstractType<unknown>): { root: string; path: PathSegment[] } | null {
  const path: PathSegment[] = []
  let current = type
  while (current._item !== null) {
    if (path.length <= MAX_TRACKED_DEPTH) path.push({ kind: kindOf(current), key: current._item.parentSub })
    const parent = current._item.parent
    if (!(parent instanceof Y.AbstractType)) return null
    current = parent
  }
  return { root: Y.findRootTypeKey(current), path: path.reverse() }
}

/** Where an integrated item of the document sits (its parent's placement and its own key). */
function placementOfDocStruct(struct: Struct): Resolution {
  if (struct instanceof Y.GC) return NO_EFFECT
  if (!(struct instanceof Y.Item) || !(struct.parent instanceof Y.AbstractType)) return UNRESOLVABLE
  const parent = placementOfType(struct.parent)
  return parent ? { ...parent, key: struct.parentSub } : UNRESOLVABLE
}

function childOf(parent: Placement, parentStruct: Y.Item, key: string | null): Placement {
  const path = parent.path.length > MAX_TRACKED_DEPTH ? parent.path : [...parent.path, { kind: kindOf((parentStruct.content as Y.ContentType).type), key: parent.key }]
  return { root: parent.root, path, key }
}

/** How an item's placement follows from the item of the update it depends on. */
type Relation = { readonly kind: 'same' } | { readonly kind: 'child'; readonly key: string | null }

/**
 * Finds where the structs of one update land in `doc`, mirroring how Yjs integrates them
 * (`Item.getMissing`): by the parent given, else by the left origin, else by the right origin;
 * next to or inside garbage-collected content they have no effect.
 */
class ScopeResolver {
  readonly index: UpdateIndex
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
    const chain: Array<{ item: Y.Item; relation: Relation }> = []
    const onChain = new Set<Y.Item>()
    let current = item
    let answer: Resolution
    for (;;) {
      const known = this.resolved.get(current)
      if (known !== undefined) {
        answer = known
        break
      }
      if (onChain.has(current)) {
        answer = INCONSISTENT
        break
      }
      onChain.add(current)
      const next = this.step(current)
      if (!('next' in next)) {
        this.resolved.set(current, next.answer)
        answer = next.answer
        break
      }
      chain.push({ item: current, relation: next.relation })
      current = next.next
    }
    for (let index = chain.length - 1; index >= 0; index--) {
      const { item: link, relation } = chain[index]
      const dependency = index + 1 < chain.length ? chain[index + 1].item : current
      answer = this.derive(answer, relation, dependency)
      this.resolved.set(link, answer)
    }
    return answer
  }

  private derive(answer: Resolution, relation: Relation, dependency: Y.Item): Resolution {
    if (typeof answer === 'symbol' || relation.kind === 'same') return answer
    return childOf(answer, dependency, relation.key)
  }

  /** One step up from an item of the update: its answer, or the item of the update it depends on. */
  private step(item: Y.Item): { answer: Resolution } | { next: Y.Item; relation: Relation } {
    const parent = item.parent as unknown as string | Y.ID | null
    if (typeof parent === 'string') return { answer: { root: parent, path: [], key: item.parentSub } }
    if (parent !== null) {
      const found = this.lookup(parent)
      if (!found) return { answer: UNRESOLVABLE }
      if (found.struct instanceof Y.GC) return { answer: NO_EFFECT }
      if (!(found.struct instanceof Y.Item)) return { answer: UNRESOLVABLE }
      // A parent whose content was deleted (a concurrently deleted record) is no type: Yjs drops the insert.
      if (!(found.struct.content instanceof Y.ContentType)) return { answer: NO_EFFECT }
      if (!found.inDoc) return { next: found.struct, relation: { kind: 'child', key: item.parentSub } }
      const type = placementOfType(found.struct.content.type)
      return { answer: type ? { ...type, key: item.parentSub } : UNRESOLVABLE }
    }
    const left = item.origin ? this.lookup(item.origin) : null
    const right = item.rightOrigin ? this.lookup(item.rightOrigin) : null
    if ((item.origin && !left) || (item.rightOrigin && !right)) return { answer: UNRESOLVABLE }
    if (left?.struct instanceof Y.GC || right?.struct instanceof Y.GC) return { answer: NO_EFFECT }
    const side = left ?? right
    if (!side || !(side.struct instanceof Y.Item)) return { answer: UNRESOLVABLE }
    return side.inDoc ? { answer: placementOfDocStruct(side.struct) } : { next: side.struct, relation: { kind: 'same' } }
  }

  /** True when every clock of `client` in [from, to) is in a struct of the update other than a Skip. */
  covers(client: number, from: number, to: number): boolean {
    for (let clock = from; clock < to;) {
      const struct = this.index.find(client, clock)
      if (!struct || struct instanceof Y.Skip) return false
      clock = struct.id.clock + struct.length
    }
    return true
  }
}

function samePlacement(a: Placement | null, b: Placement | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function placed(resolution: Resolution, roots: Set<string>): Placement | null {
  if (resolution === UNRESOLVABLE) throw new Unresolvable()
  if (resolution === INCONSISTENT) throw new Inconsistent()
  if (resolution === NO_EFFECT) return null
  roots.add(resolution.root)
  return resolution
}

function insertedContent(doc: Y.Doc, structs: readonly Struct[], resolver: ScopeResolver, roots: Set<string>): PlacedInsert[] {
  const inserts: PlacedInsert[] = []
  const lastEnd = new Map<number, number>()
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    const { client, clock } = struct.id
    const end = clock + struct.length
    // Honest encoders never repeat clocks within one update.
    if (clock < (lastEnd.get(client) ?? 0)) throw new Inconsistent()
    lastEnd.set(client, end)
    const known = Y.getState(doc.store, client)
    if (end <= known || struct instanceof Y.GC) continue
    const placement = placed(resolver.resolve(struct), roots)
    // Yjs integrates the unknown tail of a partly known item after the item before it, keeping the
    // parent and key the struct declares: an honest struct declares the known part's own.
    if (clock < known && !samePlacement(placement, placed(placementOfDocStruct(Y.getItem(doc.store, Y.createID(client, known - 1))), roots))) {
      throw new Inconsistent()
    }
    if (placement) inserts.push({ struct, placement })
  }
  return inserts
}

function deletedRoots(doc: Y.Doc, ds: DecodedUpdate['ds'], resolver: ScopeResolver, roots: Set<string>): void {
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
          if (struct instanceof Y.Item && !struct.deleted) placed(placementOfDocStruct(struct), roots)
        }
      }
      // Deletions of content the server does not have would wait and apply to it later, whoever
      // writes it; only deletions of content inserted by this same update (already resolved) pass.
      if (end > known && !resolver.covers(client, Math.max(clock, known), end)) throw new Unresolvable()
    }
  }
}

/**
 * What applying `update` to `doc` would change: the root types (`prosemirror`, `meta`,
 * `annotations`, …) of inserted content (nested types are followed up to their root, through the
 * document or earlier structs of the same update) and of deletions of content not deleted yet,
 * and every inserted item with its placement. Content already in the document, repeated
 * deletions and content Yjs would garbage-collect change nothing. `'unresolvable'` when some
 * change cannot be placed yet: it refers to content neither the document nor the update has.
 * `'inconsistent'` when the update contradicts itself or the document (repeated clocks, a cycle of
 * origins, the tail of a known struct declaring another place), which no later content can mend.
 * Pure: `doc` is not modified.
 */
export function analyzeUpdate(doc: Y.Doc, decoded: DecodedUpdate): UpdateScope | 'unresolvable' | 'inconsistent' {
  const roots = new Set<string>()
  try {
    const resolver = new ScopeResolver(doc, decoded.structs)
    const inserts = insertedContent(doc, decoded.structs, resolver, roots)
    deletedRoots(doc, decoded.ds, resolver, roots)
    return { roots, inserts }
  } catch (error) {
    // Yjs throwing on an update it cannot read against this document is an inconsistency too.
    return error instanceof Unresolvable ? 'unresolvable' : 'inconsistent'
  }
}

/** Decodes an update; null when it is not one. */
export function decodeUpdate(update: Uint8Array): DecodedUpdate | null {
  try {
    return Y.decodeUpdate(update)
  } catch {
    return null
  }
}

/**
 * The root types of `doc` that applying `update` would change (see {@link analyzeUpdate}); an
 * empty set means the update changes nothing. Pure: `doc` is not modified.
 */
export function changedRoots(doc: Y.Doc, update: Uint8Array): Set<string> | 'unresolvable' {
  const decoded = decodeUpdate(update)
  if (decoded === null) return 'unresolvable'
  const scope = analyzeUpdate(doc, decoded)
  return typeof scope === 'string' ? 'unresolvable' : scope.roots
}
