import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { DecorationSet } from 'prosemirror-view'
import { annotationPlugin, getAnnotationState, setDrawnRange } from '../../../../editor/plugins/annotation-plugin'
import { initialDrawnRange } from '../../../../editor/plugins/drawn-range'
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

describe('annotationPlugin, the drawn range', () => {
  const drawnOf = (state: EditorState) => getAnnotationState(state).drawn
  const plugin = () => annotationPlugin({ ydoc: new Y.Doc(), getUser: () => alice })
  const longDoc = () =>
    schema.node(
      'doc',
      null,
      Array.from({ length: 3000 }, (_, index) => schema.node('paragraph', null, [schema.text(`Paragraph ${index} of a long article.`)])),
    )

  it('starts at the top of the document and moves where it is told', () => {
    let state = EditorState.create({ schema, doc: longDoc(), plugins: [plugin()] })
    expect(drawnOf(state)).toEqual(initialDrawnRange())
    state = state.apply(setDrawnRange(state.tr, { from: 50_000, to: 90_000 }))
    expect(drawnOf(state)).toEqual({ from: 50_000, to: 90_000 })
  })

  it('follows local edits: text typed inside stays inside, text typed before shifts it', () => {
    let state = EditorState.create({ schema, doc: longDoc(), plugins: [plugin()] })
    state = state.apply(setDrawnRange(state.tr, { from: 50_000, to: 90_000 }))
    // A position inside a paragraph's text at or after `pos`.
    const inText = (pos: number) => (state.doc.resolve(pos).parent.isTextblock ? pos : pos + 1)
    state = state.apply(state.tr.insertText('four', inText(60_000)))
    expect(drawnOf(state)).toEqual({ from: 50_000, to: 90_004 })
    state = state.apply(state.tr.insertText('abc', inText(10)))
    expect(drawnOf(state)).toEqual({ from: 50_003, to: 90_007 })
    const unchanged = drawnOf(state)
    state = state.apply(state.tr.insertText('x', inText(95_000)))
    expect(drawnOf(state)).toBe(unchanged)
  })

  it("follows a remote change by the blocks it changed, not y-prosemirror's replacement of the whole document", () => {
    let state = EditorState.create({ schema, doc: longDoc(), plugins: [plugin()] })
    state = state.apply(setDrawnRange(state.tr, { from: 50_000, to: 90_000 }))
    // y-prosemirror's way: every block kept as the same node object but one, replaced in one step.
    const replaceBlock = (index: number, text: string) => {
      const blocks = Array.from(state.doc.content.content)
      blocks[index] = schema.node('paragraph', null, [schema.text(text)])
      state = state.apply(state.tr.replaceWith(0, state.doc.content.size, blocks).setMeta(ySyncPluginKey, { isChangeOrigin: true }))
    }
    const before = state.doc.child(10).nodeSize
    replaceBlock(10, 'A remote paragraph, longer than the one it replaces.')
    const shift = state.doc.child(10).nodeSize - before
    expect(drawnOf(state)).toEqual({ from: 50_000 + shift, to: 90_000 + shift })
    const unchanged = drawnOf(state)
    replaceBlock(2900, 'Far below the drawn range.')
    expect(drawnOf(state)).toBe(unchanged)
  })

  it('goes back to the top when a remote change replaces every block (mapping would stretch it over everything)', () => {
    let state = EditorState.create({ schema, plugins: [plugin()] })
    state = state.apply(state.tr.replaceWith(0, state.doc.content.size, longDoc().content).setMeta(ySyncPluginKey, { isChangeOrigin: true }))
    expect(drawnOf(state)).toEqual(initialDrawnRange())
    expect(state.doc.content.size).toBeGreaterThan(initialDrawnRange().to * 2)
  })

  it('draws only the blocks in the range, and every block when the range covers the document', () => {
    const [source] = createReplicas(1)
    annotate(source, 'special state to us', 'event')
    // A fresh client whose first sync brings the annotated article followed by 3,000 more paragraphs.
    const ydoc = new Y.Doc()
    let state = EditorState.create({ schema, plugins: [annotationPlugin({ ydoc, getUser: () => alice })] })
    ydoc.getXmlFragment(CONTENT_FRAGMENT).observeDeep(() => {
      const content = readContent(ydoc).content.append(longDoc().content)
      state = state.apply(state.tr.replaceWith(0, state.doc.content.size, content).setMeta(ySyncPluginKey, { isChangeOrigin: true }))
    })
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(source))
    const [annotation] = getAnnotationState(state).annotations
    expect(annotation.status).toBe('attached')
    const drawnBlocks = () => {
      const decorations = state.plugins.map((plugin) => plugin.props.decorations?.call(plugin, state)).find(Boolean) as DecorationSet
      const found: number[] = []
      state.doc.forEach((child, offset) => {
        if (decorations.forChild(offset, child) !== DecorationSet.empty) found.push(offset)
      })
      return found
    }
    const blockOf = (pos: number) => state.doc.resolve(pos).before(1)
    expect(drawnOf(state)).toEqual(initialDrawnRange())
    expect(drawnBlocks()).toEqual([blockOf(annotation.from)])
    state = state.apply(setDrawnRange(state.tr, { from: 100_000, to: 120_000 }))
    expect(drawnBlocks()).toEqual([])
    state = state.apply(setDrawnRange(state.tr, { from: annotation.to, to: 120_000 }))
    expect(drawnBlocks()).toEqual([blockOf(annotation.from)])
  })
})
