import * as Y from 'yjs'
import { ANNOTATIONS_MAP } from '../../editor/model/doc-layout'
import type { ClientClaim, ClientOwners } from './client-owners'
import { shapeProblem, unplacedShapeProblem } from './document-shape'
import type { Role } from '../../editor/model/roles'
import { integrationProblem, referencedClients, writtenClients } from './update-integration'
import { analyzeUpdate, decodeUpdate, type DecodedUpdate } from './update-scope'

/** Why an update was refused (also the key its refusal is counted under). */
export type UpdateRefusalReason = 'read-only' | 'outside-annotations' | 'unresolvable' | 'foreign-client' | 'invalid-shape'

/** Who sends an update: the role it may act in and the identity its client ids are owned by. */
export interface Writer {
  readonly role: Role
  /** The token's identity (one per share or admin token); client ids are owned per principal. */
  readonly principal: string
}

/** What to do with an update a peer sent. */
export type WriteDecision =
  /** Apply it, then record the writer as the owner of the client ids it wrote under. */
  | { readonly kind: 'apply'; readonly claims: readonly ClientClaim[] }
  /** Drop it silently: it changes nothing (a viewer's SyncStep2 answering the server's SyncStep1). */
  | { readonly kind: 'ignore' }
  /**
   * An editor's or annotator's update that cannot integrate whole yet: keep it aside, outside the
   * document, and decide again once the state of one of `watch` (the clients it writes, names or
   * deletes) changes.
   */
  | { readonly kind: 'hold'; readonly watch: ReadonlySet<number> }
  /** Refuse it and close the peer; `message` says why, for the person. */
  | { readonly kind: 'refuse'; readonly reason: UpdateRefusalReason; readonly message: string }

const MAX_LISTED_ROOTS = 3

/** "prosemirror, meta": the changed roots for a message; root names are client-chosen, so bounded. */
function listRoots(roots: Iterable<string>): string {
  const names = [...roots].sort().map((name) => (name.length > 40 ? `${name.slice(0, 40)}…` : name))
  return names.length > MAX_LISTED_ROOTS ? `${names.slice(0, MAX_LISTED_ROOTS).join(', ')}, …` : names.join(', ')
}

function refuse(reason: UpdateRefusalReason, message: string): WriteDecision {
  return { kind: 'refuse', reason, message }
}

function claimsOf(doc: Y.Doc, decoded: DecodedUpdate): ClientClaim[] {
  return [...writtenClients(doc, decoded)].map((client) => ({ client, isNew: (doc.store.clients.get(client)?.length ?? 0) === 0 }))
}

const UNRESOLVABLE_MESSAGE = 'it refers to content the server does not have'
const INCONSISTENT_MESSAGE = 'it contradicts itself or the document'

/**
 * Decides whether `writer` may apply `update` to `doc` (the room's current state). Everyone's
 * inserts must fit the data model's shape (`shapeProblem`). Editors may change anything,
 * annotators only what lies under `annotations` and only under Yjs client ids their principal
 * owns (`owners`), viewers nothing. An update is applied only when it integrates whole, at once;
 * one that builds on content the server does not have yet is held (`hold`) — never left to Yjs's
 * own pending content, which would integrate later without these checks — and decided again,
 * whole, when that content arrives, once it passes the limits that do not depend on placement
 * (`unplacedShapeProblem`). An update that contradicts itself (no content can make it integrate)
 * is refused. The whole update is refused when any part is not allowed. `decoded` is the update
 * as `Y.decodeUpdate` gave it, when the caller has it already (the protocol decoder does).
 */
export function decideWrite(writer: Writer, doc: Y.Doc, update: Uint8Array, owners: ClientOwners, decoded?: DecodedUpdate): WriteDecision {
  try {
    return decide(writer, doc, update, owners, decoded)
  } catch {
    // A check that throws on some client input must refuse it, not fail the room's task.
    return refuse('unresolvable', 'it could not be checked')
  }
}

function decide(writer: Writer, doc: Y.Doc, update: Uint8Array, owners: ClientOwners, known: DecodedUpdate | undefined): WriteDecision {
  const decoded = known ?? decodeUpdate(update)
  if (decoded === null) return refuse('unresolvable', 'it is not a Yjs update')
  const scope = analyzeUpdate(doc, decoded)
  if (scope === 'inconsistent') return refuse('unresolvable', INCONSISTENT_MESSAGE)
  if (writer.role === 'viewer') {
    if (scope === 'unresolvable') return refuse('unresolvable', UNRESOLVABLE_MESSAGE)
    if (scope.roots.size === 0) return { kind: 'ignore' }
    return refuse('read-only', `viewers cannot change the document (this update changes ${listRoots(scope.roots)})`)
  }
  const claims = claimsOf(doc, decoded)
  if (writer.role === 'annotator') {
    for (const { client } of claims) {
      const refusal = owners.refusal(doc, client, writer.principal)
      if (refusal) return refuse('foreign-client', refusal)
    }
  }
  const incomplete = scope === 'unresolvable' ? null : integrationProblem(doc, decoded)
  if (incomplete?.kind === 'inconsistent') return refuse('unresolvable', incomplete.message)
  if (scope === 'unresolvable' || incomplete !== null) {
    const unplaced = unplacedShapeProblem(decoded)
    return unplaced ? refuse('invalid-shape', unplaced) : { kind: 'hold', watch: referencedClients(decoded) }
  }
  if (writer.role === 'annotator') {
    const outside = [...scope.roots].filter((root) => root !== ANNOTATIONS_MAP)
    if (outside.length > 0) return refuse('outside-annotations', `annotators can only change annotations (this update changes ${listRoots(outside)})`)
  }
  const shape = shapeProblem(scope.inserts)
  return shape ? refuse('invalid-shape', shape) : { kind: 'apply', claims }
}
