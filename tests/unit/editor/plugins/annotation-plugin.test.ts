import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { annotationPlugin, getAnnotationState } from '../../../../editor/plugins/annotation-plugin'
import { CONTENT_FRAGMENT } from '../../../../editor/model/doc-layout'
import { resolveAnnotations } from '../../../../editor/model/resolve-annotations'
import { readContent } from '../../../../editor/yjs/document-content'
import { schema } from '../../../../editor/schema'
import { annotate, createReplicas } from '../model/support/replicas'
import { alice } from '../model/support/seed'

const highlights = (state: EditorState) =>
  getAnnotationState(state)
    .decorations.find()
    .map((decoration) => `${decoration.from}-${decoration.to}:${decoration.spec.annotationId as string}`)
    .sort()

describe('annotationPlugin, a remote change that replaces every block (the first sync)', () => {
  it('resolves every annotation, records included, within the Yjs transaction that brought them', () => {
    const [source] = createReplicas(1)
    const ids = [annotate(source, 'special state to us', 'event'), annotate(source, 'a Russian-speaking country', 'quote'), annotate(source, 'practically', 'claim')]

    // A fresh client: an empty editor, then one update with the text and the records, brought
    // into the editor the way y-prosemirror does it (a replacing transaction from an observer).
    const ydoc = new Y.Doc()
    let state = EditorState.create({ schema, plugins: [annotationPlugin({ ydoc, getUser: () => alice })] })
    let syncTransaction: Y.Transaction | null = null
    ydoc.getXmlFragment(CONTENT_FRAGMENT).observeDeep((_events, transaction) => {
      syncTransaction = transaction
      const doc = readContent(ydoc)
      state = state.apply(state.tr.replaceWith(0, state.doc.content.size, doc.content).setMeta(ySyncPluginKey, { isChangeOrigin: true }))
    })
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(source))

    const plugin = getAnnotationState(state)
    expect(syncTransaction).not.toBeNull()
    expect(plugin.fullyResolvedIn).toBe(syncTransaction)
    const expected = resolveAnnotations(ydoc, state.doc)
    expect(plugin.annotations.map((a) => [a.id, a.status, a.from, a.to, a.text])).toEqual(expected.annotations.map((a) => [a.id, a.status, a.from, a.to, a.text]))
    expect(plugin.annotations.map((a) => a.id).sort()).toEqual([...ids].sort())
    expect(plugin.annotations.every((a) => a.status === 'attached')).toBe(true)
    expect(highlights(state)).toEqual(expected.annotations.map((a) => `${a.from}-${a.to}:${a.id}`).sort())
  })

  it('maps a remote change of one block instead (no full resolve: records stay unread)', () => {
    const [source] = createReplicas(1)
    annotate(source, 'a Russian-speaking country', 'event')
    const ydoc = new Y.Doc()
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(source))
    let state = EditorState.create({ schema, doc: readContent(ydoc), plugins: [annotationPlugin({ ydoc, getUser: () => alice })] })
    const first = state.doc.firstChild!
    // Only the first block is a new node: the others keep their identity, as y-prosemirror's are.
    const changed = schema.nodes.paragraph.create(null, schema.text('changed'))
    state = state.apply(state.tr.replaceWith(0, first.nodeSize, changed).setMeta(ySyncPluginKey, { isChangeOrigin: true }))
    // Without an editor view nothing read the records at first; a full resolve would read the one.
    expect(getAnnotationState(state).annotations).toHaveLength(0)
    expect(getAnnotationState(state).fullyResolvedIn).toBeNull()
    // A replacement of every block does read it.
    const all = readContent(ydoc)
    state = state.apply(state.tr.replaceWith(0, state.doc.content.size, all.content).setMeta(ySyncPluginKey, { isChangeOrigin: true }))
    expect(getAnnotationState(state).annotations.map((a) => a.text)).toEqual(['a Russian-speaking country'])
  })
})
