import * as Y from 'yjs'
import { UpdateIndex, type DecodedUpdate } from './update-scope'

type Struct = Y.Item | Y.GC | Y.Skip

/** The clients an update writes new structs for (clocks the document does not have yet). */
export function writtenClients(doc: Y.Doc, decoded: DecodedUpdate): Set<number> {
  const clients = new Set<number>()
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) clients.add(struct.id.client)
  }
  return clients
}

/** Every client an update writes under, names as an origin or parent, or deletes from. */
export function referencedClients(decoded: DecodedUpdate): Set<number> {
  const clients = new Set<number>()
  for (const struct of decoded.structs) {
    clients.add(struct.id.client)
    for (const id of dependencies(struct)) clients.add(id.client)
  }
  for (const client of decoded.ds.clients.keys()) clients.add(client)
  return clients
}

/** The ids an item needs before Yjs can integrate it (`Item.getMissing`). */
function dependencies(struct: Struct): Y.ID[] {
  if (!(struct instanceof Y.Item)) return []
  const parent = struct.parent as unknown
  const ids = [struct.origin, struct.rightOrigin, parent instanceof Y.ID ? parent : null]
  return ids.filter((id): id is Y.ID => id !== null)
}

/**
 * Why an update would not integrate whole: `missing` when content it needs has not arrived yet
 * (it may integrate later), `inconsistent` when no content can ever make it integrate.
 */
export interface IntegrationProblem {
  readonly kind: 'missing' | 'inconsistent'
  readonly message: string
}

const missing = (message: string): IntegrationProblem => ({ kind: 'missing', message })
const inconsistent = (message: string): IntegrationProblem => ({ kind: 'inconsistent', message })

/** Why the structs of one client would not integrate in one go, or null. */
function clientRunProblem(structs: readonly Struct[], known: number): IntegrationProblem | null {
  let expected = known
  for (const struct of structs) {
    if (struct instanceof Y.Skip) return missing('it leaves a gap in its own clocks')
    if (struct.id.clock > expected) return missing('it skips clocks the server does not have')
    expected = Math.max(expected, struct.id.clock + struct.length)
  }
  return null
}

/**
 * Why applying `update` to `doc` would leave something pending (kept aside by Yjs until content
 * that is not there arrives, or forever), or null when every struct and deletion of it integrates
 * at once.
 * Mirrors Yjs's integration: each client's new structs must follow on from the clocks the
 * document has, with no gaps; every origin and parent any struct names (known ones too: Yjs looks
 * them up before skipping them) must be in the document or among the update's structs, never a
 * later clock of the struct's own client, and those dependencies must not form a cycle. Deletions of clocks
 * the document does not have are checked by the scope analysis (they must be covered by the
 * update). Pure.
 */
export function integrationProblem(doc: Y.Doc, decoded: DecodedUpdate): IntegrationProblem | null {
  const index = new UpdateIndex(decoded.structs)
  const state = (client: number) => Y.getState(doc.store, client)
  for (const [client, structs] of index.clients()) {
    const problem = clientRunProblem(structs, state(client))
    if (problem) return problem
  }
  // Edges of the dependency graph between the update's structs: each depends on the previous
  // struct of its client and on the structs that hold the ids it names.
  const needs = new Map<Struct, Struct[]>()
  // Yjs looks up the dependencies of every struct, known ones too, before it skips those.
  for (const [client, structs] of index.clients()) {
    let previous: Struct | null = null
    for (const struct of structs) {
      const edges: Struct[] = previous ? [previous] : []
      for (const id of dependencies(struct)) {
        if (id.client === client && id.clock >= struct.id.clock) return inconsistent('a struct refers to a later clock of its own client')
        if (id.clock < state(id.client)) continue
        const holder = index.find(id.client, id.clock)
        if (holder === null || holder instanceof Y.Skip) return missing('it refers to content the server does not have')
        if (holder !== struct) edges.push(holder)
      }
      needs.set(struct, edges)
      previous = struct
    }
  }
  return hasCycle(needs) ? inconsistent('its structs depend on each other in a cycle') : null
}

/** Iterative three-colour depth-first search for a cycle. */
function hasCycle(needs: Map<Struct, Struct[]>): boolean {
  const done = new Set<Struct>()
  const active = new Set<Struct>()
  for (const start of needs.keys()) {
    if (done.has(start)) continue
    const stack: Array<{ node: Struct; next: number }> = [{ node: start, next: 0 }]
    active.add(start)
    while (stack.length > 0) {
      const top = stack[stack.length - 1]
      const edges = needs.get(top.node) ?? []
      if (top.next < edges.length) {
        const child = edges[top.next++]
        if (active.has(child)) return true
        if (!done.has(child) && needs.has(child)) {
          active.add(child)
          stack.push({ node: child, next: 0 })
        }
        continue
      }
      stack.pop()
      active.delete(top.node)
      done.add(top.node)
    }
  }
  return false
}
