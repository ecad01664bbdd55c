import { TextSelection } from 'prosemirror-state'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { emptyBlockTextPlugin } from '../../../../editor/plugins/empty-block-text'
import { schema } from '../../../../editor/schema'
import { HeadlessEditor, relay, replicasOf } from '../view/support/headless-editor'

const ARTICLE = schema.node('doc', null, [
  schema.node('heading', { level: 1 }, [schema.text('Title')]),
  schema.node('blockquote', null, [schema.node('paragraph', null, [schema.text('Quoted')])]),
])

const editors: HeadlessEditor[] = []
afterEach(() => editors.splice(0).forEach((editor) => editor.destroy()))

function editorOn(ydoc: Y.Doc): HeadlessEditor {
  const editor = new HeadlessEditor(ydoc, [emptyBlockTextPlugin()])
  editors.push(editor)
  return editor
}

/** The children of each block of the fragment, by kind: `T` for a text, `E` for an element. */
function layout(ydoc: Y.Doc): string[] {
  const blocks: string[] = []
  const walk = (type: Y.XmlFragment): void => {
    for (const child of type.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === 'blockquote') walk(child)
      else
        blocks.push(
          `${child.nodeName}:${child
            .toArray()
            .map((grandchild) => (grandchild instanceof Y.XmlText ? 'T' : 'E'))
            .join('')}`,
        )
    }
  }
  walk(ydoc.getXmlFragment('prosemirror'))
  return blocks
}

describe('empty blocks hold a text', () => {
  it('Enter makes a paragraph that holds an empty text, in the document and for everyone', () => {
    const [mine, theirs] = replicasOf(ARTICLE, 2)
    const me = editorOn(mine)
    editorOn(theirs)
    me.select(6)
    me.dispatch(me.state.tr.split(6, 1, [{ type: schema.nodes.paragraph }]))
    expect(layout(mine)).toEqual(['heading:T', 'paragraph:T', 'paragraph:T'])
    relay(mine, theirs)
    expect(layout(theirs)).toEqual(['heading:T', 'paragraph:T', 'paragraph:T'])
    expect(me.state.doc.child(1).content.size).toBe(0)
  })

  it('a block emptied by deleting its words keeps a text, inside a quote too', () => {
    const [mine] = replicasOf(ARTICLE, 1)
    const me = editorOn(mine)
    const quoted = me.state.doc.child(1).firstChild!
    const start = 7 + 2
    me.dispatch(me.state.tr.delete(start, start + quoted.content.size))
    expect(me.state.doc.child(1).firstChild!.content.size).toBe(0)
    expect(layout(mine)).toEqual(['heading:T', 'paragraph:T'])
  })

  it('a block that arrives empty from someone else is left alone (they fill their own)', () => {
    const [mine, theirs] = replicasOf(ARTICLE, 2)
    editorOn(mine)
    // Another client without this plugin (or an import) adds an empty paragraph.
    const fragment = theirs.getXmlFragment('prosemirror')
    fragment.insert(1, [new Y.XmlElement('paragraph')])
    relay(theirs, mine)
    expect(layout(mine)).toEqual(['heading:T', 'paragraph:', 'paragraph:T'])
  })

  it('two people who start typing in the new paragraph at once both keep every letter', () => {
    const [mine, theirs] = replicasOf(ARTICLE, 2)
    const me = editorOn(mine)
    const other = editorOn(theirs)
    me.dispatch(me.state.tr.setSelection(TextSelection.create(me.state.doc, 6)).split(6, 1, [{ type: schema.nodes.paragraph }]))
    relay(mine, theirs)
    me.select(8)
    other.select(8)
    me.type('a')
    other.type('b')
    relay(mine, theirs)
    relay(theirs, mine)
    me.type('c')
    other.type('d')
    relay(mine, theirs)
    relay(theirs, mine)
    const words = me.state.doc.child(1).textContent
    expect(other.state.doc.child(1).textContent).toBe(words)
    expect([...words].sort().join('')).toBe('abcd')
  })
})
