import type { Node as PMNode } from 'prosemirror-model'
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import * as Y from 'yjs'
import { CONTENT_FRAGMENT, DATA_MODEL_VERSION, META_MAP, docMetaSchema, type DocMeta } from '../model/doc-layout'
import { detailsEntries, factCheckSettingsSchema, sourceMetadataSchema, type DocumentDetails } from '../model/document-source'
import { SHAPE_LIMITS } from '../model/shape-limits'
import { schema } from '../schema'

/** What a new document's `meta` starts with: its title, creation stamp, and optionally its source and fact-check settings. */
export interface InitialMeta {
  title: string
  createdAt: string
  details?: Partial<DocumentDetails>
}

/**
 * Writes a new document's initial content and metadata into an empty Y.Doc, in one transaction.
 * Only the collab server calls this, once, when it creates the document: browsers never seed.
 * Throws if the Y.Doc already has content (seeding twice would duplicate the text) or if the
 * details do not validate (callers validate them at their boundary).
 */
export function writeInitialContent(ydoc: Y.Doc, content: PMNode, meta: InitialMeta): void {
  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  if (fragment.length > 0) throw new Error('writeInitialContent: the document already has content')
  const record: DocMeta = docMetaSchema.parse({ title: meta.title, createdAt: meta.createdAt, schemaVersion: DATA_MODEL_VERSION })
  const details = { source: sourceMetadataSchema.parse(meta.details?.source ?? {}), factcheck: factCheckSettingsSchema.parse(meta.details?.factcheck ?? {}) }
  ydoc.transact(() => {
    prosemirrorToYXmlFragment(content, fragment)
    const metaMap = ydoc.getMap(META_MAP)
    for (const [key, value] of Object.entries(record)) metaMap.set(key, value)
    for (const [key, value] of detailsEntries(details)) metaMap.set(key, value)
  }, 'spanwise:seed')
}

/** Builds the Yjs update that creates a document: its initial content and metadata. */
export function encodeInitialDocument(content: PMNode, meta: InitialMeta): Uint8Array {
  const ydoc = new Y.Doc()
  writeInitialContent(ydoc, content, meta)
  const update = Y.encodeStateAsUpdate(ydoc)
  ydoc.destroy()
  return update
}

/** Reads the ProseMirror document out of a Y.Doc (for exports and tests). */
export function readContent(ydoc: Y.Doc): PMNode {
  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  // y-prosemirror converts recursively: refuse a nesting the data model does not allow first.
  if (xmlDepthExceeds(fragment, SHAPE_LIMITS.maxXmlDepth)) {
    throw new Error(`the document's text nests more than ${SHAPE_LIMITS.maxXmlDepth} elements deep`)
  }
  return yXmlFragmentToProseMirrorRootNode(fragment, schema)
}

/** True when XML elements nest more than `limit` deep under `fragment`. Iterative. */
function xmlDepthExceeds(fragment: Y.XmlFragment, limit: number): boolean {
  const stack: Array<{ node: Y.XmlFragment; depth: number }> = [{ node: fragment, depth: 0 }]
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!
    if (depth > limit) return true
    for (const child of node.toArray()) if (child instanceof Y.XmlElement) stack.push({ node: child, depth: depth + 1 })
  }
  return false
}

/** Reads the `meta` map, validated; null when it is missing or malformed. */
export function readMeta(ydoc: Y.Doc): DocMeta | null {
  // Field by field: `toJSON` would recurse into whatever a client nested under `meta`.
  const meta = ydoc.getMap(META_MAP)
  const parsed = docMetaSchema.safeParse({ title: meta.get('title'), createdAt: meta.get('createdAt'), schemaVersion: meta.get('schemaVersion') })
  return parsed.success ? parsed.data : null
}
