import type * as Y from 'yjs'
import { ANNOTATIONS_MAP } from '../../editor/model/doc-layout'
import type { Role } from './roles'
import { changedRoots } from './update-scope'

/** Why an update was refused (also the key its refusal is counted under). */
export type UpdateRefusalReason = 'read-only' | 'outside-annotations' | 'unresolvable'

/** What to do with an update a peer sent. */
export type WriteDecision =
  /** Apply it. */
  | { readonly kind: 'apply' }
  /** Drop it silently: it changes nothing (a viewer's SyncStep2 answering the server's SyncStep1). */
  | { readonly kind: 'ignore' }
  /** Refuse it and close the peer; `message` says why, for the person. */
  | { readonly kind: 'refuse'; readonly reason: UpdateRefusalReason; readonly message: string }

const MAX_LISTED_ROOTS = 3

/** "prosemirror, meta": the changed roots for a message; root names are client-chosen, so bounded. */
function listRoots(roots: Iterable<string>): string {
  const names = [...roots].sort().map((name) => (name.length > 40 ? `${name.slice(0, 40)}…` : name))
  return names.length > MAX_LISTED_ROOTS ? `${names.slice(0, MAX_LISTED_ROOTS).join(', ')}, …` : names.join(', ')
}

/**
 * Decides whether a peer with `role` may apply `update` to `doc` (the room's current state):
 * editors may change anything; annotators only what lies under the `annotations` map; viewers
 * nothing. The whole update is refused when any change is out of scope or cannot be placed.
 */
export function decideWrite(role: Role, doc: Y.Doc, update: Uint8Array): WriteDecision {
  if (role === 'editor') return { kind: 'apply' }
  const roots = changedRoots(doc, update)
  if (roots === 'unresolvable') {
    return { kind: 'refuse', reason: 'unresolvable', message: 'it refers to content the server does not have' }
  }
  if (role === 'viewer') {
    if (roots.size === 0) return { kind: 'ignore' }
    return { kind: 'refuse', reason: 'read-only', message: `viewers cannot change the document (this update changes ${listRoots(roots)})` }
  }
  const outside = [...roots].filter((root) => root !== ANNOTATIONS_MAP)
  if (outside.length === 0) return { kind: 'apply' }
  return {
    kind: 'refuse',
    reason: 'outside-annotations',
    message: `annotators can only change annotations (this update changes ${listRoots(outside)})`,
  }
}
