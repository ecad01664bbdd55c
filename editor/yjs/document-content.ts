import type { Node as PMNode } from 'prosemirror-model'
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import * as Y from 'yjs'
import { CONTENT_FRAGMENT, DATA_MODEL_VERSION, META_MAP, docMetaSchema, type DocMeta } from '../model/doc-layout'
import { schema } from '../schema'

/**
 * Writes a new document's initial content and metadata into an empty Y.Doc, in one transaction.
 * Only the collab server calls this, once, when it creates the document: browsers never seed.
 * Throws if the Y.Doc already has content (seeding twice would duplicate the text).
 */
export function writeInitialContent(ydoc: Y.Doc, content: PMNode, meta: { title: string; createdAt: string }): void {
  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  if (fragment.length > 0) throw new Error('writeInitialContent: the document already has content')
  const record: DocMeta = docMetaSchema.parse({ ...meta, schemaVersion: DATA_MODEL_VERSION })
  ydoc.transact(() => {
    prosemirrorToYXmlFragment(content, fragment)
    const metaMap = ydoc.getMap(META_MAP)
    for (const [key, value] of Object.entries(record)) metaMap.set(key, value)
  }, 'spanwise:seed')
}

/** Builds the Yjs update that creates a document: its initial content and metadata. */
export function encodeInitialDocument(content: PMNode, meta: { title: string; createdAt: string }): Uint8Array {
  const ydoc = new Y.Doc()
  writeInitialContent(ydoc, content, meta)
  const update = Y.encodeStateAsUpdate(ydoc)
  ydoc.destroy()
  return update
}

/** Reads the ProseMirror document out of a Y.Doc (for exports and tests). */
export function readContent(ydoc: Y.Doc): PMNode {
  return yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(CONTENT_FRAGMENT), schema)
}

/** Reads the `meta` map, validated; null when it is missing or malformed. */
export function readMeta(ydoc: Y.Doc): DocMeta | null {
  const parsed = docMetaSchema.safeParse(ydoc.getMap(META_MAP).toJSON())
  return parsed.success ? parsed.data : null
}
