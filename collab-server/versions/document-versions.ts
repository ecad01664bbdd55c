import * as Y from 'yjs'
import { AUTO_VERSION_NAME, MAX_VERSIONS_PER_DOCUMENT, type VersionAuthor, type VersionKind } from '../../editor/model/versions'
import { ANNOTATIONS_MAP, META_MAP } from '../../editor/model/doc-layout'
import { readContent } from '../../editor/yjs/document-content'
import { mergeStoredUpdates } from '../persistence/merge-updates'
import type { AddedVersion, DocumentStore, VersionLimits } from '../persistence/document-store'

/** How large versions may be: one version's state, and all of a document's versions together. */
export interface VersionPolicy extends VersionLimits {
  /** Bytes of Yjs state one version may hold (the document size quota, `MAX_DOCUMENT_BYTES`). */
  readonly maxStateBytes: number
}

/** The policy for a server whose documents may hold `maxDocumentBytes`: 200 versions, four documents' worth of bytes in all. */
export function versionPolicyOf(maxDocumentBytes: number): VersionPolicy {
  return { maxCount: MAX_VERSIONS_PER_DOCUMENT, maxBytes: 4 * maxDocumentBytes, maxStateBytes: maxDocumentBytes }
}

/** What to save: a manual version with its name and author, or an automatic one. */
export type VersionRequest =
  { readonly kind: Extract<VersionKind, 'manual'>; readonly name: string; readonly createdBy: VersionAuthor | null } | { readonly kind: Extract<VersionKind, 'auto'> }

/** The outcome of {@link saveVersion}. */
export type SaveVersionOutcome =
  { readonly ok: true; readonly added: AddedVersion } | { readonly ok: false; readonly reason: 'not-found' | 'too-large' | 'unchanged' | 'full'; readonly message: string }

/** The document's whole stored state as one update: everything any client has seen (see `GET /state`). */
export async function storedState(store: DocumentStore, docId: string): Promise<Uint8Array> {
  return mergeStoredUpdates((await store.loadUpdates(docId)).map((update) => update.data))
}

/** JSON with object keys sorted, so equal values read the same whatever order their keys were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort()
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** What a document holds, as people see it: its text and marks, its annotation records, its `meta`. */
function contentOf(ydoc: Y.Doc): string {
  return canonicalJson({ text: readContent(ydoc).toJSON() as unknown, annotations: ydoc.getMap(ANNOTATIONS_MAP).toJSON(), meta: ydoc.getMap(META_MAP).toJSON() })
}

/**
 * Whether two Yjs states hold the same document: the same Yjs history (structs and deletions),
 * or the same content — text typed and deleted again, a field set and set back, leave the
 * content as it was. Throws when a state cannot be read.
 */
export function sameDocumentState(a: Uint8Array, b: Uint8Array): boolean {
  const [first, second] = [new Y.Doc(), new Y.Doc()]
  try {
    Y.applyUpdate(first, a)
    Y.applyUpdate(second, b)
    return Y.equalSnapshots(Y.snapshot(first), Y.snapshot(second)) || contentOf(first) === contentOf(second)
  } finally {
    first.destroy()
    second.destroy()
  }
}

/**
 * Saves a version of the document's stored state. Refuses (storing nothing) a document that does
 * not exist, a state over `policy.maxStateBytes`, a version of a state the latest version already
 * holds (`unchanged`), and a manual version when the document's manual versions are at
 * `policy.maxCount` or `policy.maxBytes` (`full`: they are never pruned, only automatic ones are). Rejects only on storage failures.
 */
export async function saveVersion(store: DocumentStore, docId: string, request: VersionRequest, policy: VersionPolicy, now: Date = new Date()): Promise<SaveVersionOutcome> {
  const document = await store.getDocument(docId)
  if (!document) return { ok: false, reason: 'not-found', message: `document ${JSON.stringify(docId)} not found` }
  const state = await storedState(store, docId)
  if (state.byteLength > policy.maxStateBytes) {
    return { ok: false, reason: 'too-large', message: `the document's state is ${state.byteLength} bytes, more than a version may hold (${policy.maxStateBytes})` }
  }
  const versions = await store.listVersions(docId)
  const [latest] = versions
  const previous = latest ? await store.getVersion(docId, latest.number) : null
  if (previous && sameDocumentState(previous.state, state)) {
    const message = request.kind === 'manual' ? `nothing changed since version ${previous.version.number} ("${previous.version.name}")` : 'nothing changed since the latest version'
    return { ok: false, reason: 'unchanged', message }
  }
  if (request.kind === 'manual') {
    // Manual versions are never pruned (only automatic ones are): at the limits a new one is refused.
    const manual = versions.filter((version) => version.kind === 'manual')
    const bytes = manual.reduce((sum, version) => sum + version.bytes, 0) + state.byteLength
    if (manual.length >= policy.maxCount || bytes > policy.maxBytes) {
      const held = manual.length >= policy.maxCount ? `${manual.length} saved versions` : `saved versions of ${bytes - state.byteLength} bytes in all`
      return { ok: false, reason: 'full', message: `this document has ${held}: the most it may keep (saved versions are never deleted automatically)` }
    }
  }
  const name = request.kind === 'manual' ? request.name : AUTO_VERSION_NAME
  const createdBy = request.kind === 'manual' ? request.createdBy : null
  const added = await store.addVersion({ docId, name, kind: request.kind, createdBy, createdAt: now.toISOString(), state }, policy)
  if (!added) return { ok: false, reason: 'not-found', message: `document ${JSON.stringify(docId)} not found` }
  return { ok: true, added }
}
