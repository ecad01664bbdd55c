/**
 * Browser page (a) of the editor benchmark: bare ProseMirror — our schema, ProseMirror's own CSS,
 * the base keymap, the document JSON loaded once. No collaboration, no annotations: the floor.
 */
import { baseKeymap } from 'prosemirror-commands'
import { keymap } from 'prosemirror-keymap'
import { Node as PMNode } from 'prosemirror-model'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { schema } from '../../../editor/schema'

async function main(): Promise<void> {
  const mount = document.getElementById('editor')
  if (!mount) throw new Error('bare page: no #editor element')
  const json = (await (await fetch('/doc.json')).json()) as unknown
  const doc = PMNode.fromJSON(schema, json)
  new EditorView(mount, { state: EditorState.create({ schema, doc, plugins: [keymap(baseKeymap)] }) })
}

void main()
