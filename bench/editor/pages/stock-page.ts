/**
 * Browser page (b) of the editor benchmark: stock y-prosemirror — ySyncPlugin, yCursorPlugin and
 * yUndoPlugin on a y-websocket provider connected to the stock server; our schema and
 * ProseMirror's own CSS; no annotations. The page's query string gives `ws` (server URL) and `room`.
 */
import { baseKeymap } from 'prosemirror-commands'
import { keymap } from 'prosemirror-keymap'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { redoCommand, undoCommand, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { schema } from '../../../editor/schema'

const params = new URLSearchParams(window.location.search)
const serverUrl = params.get('ws')
const room = params.get('room')
const mount = document.getElementById('editor')
if (!serverUrl || !room || !mount) throw new Error('stock page: needs ?ws=…&room=… and an #editor element')

const ydoc = new Y.Doc()
const provider = new WebsocketProvider(serverUrl, room, ydoc)
provider.awareness.setLocalStateField('user', { name: 'Benchmark', color: '#1f6feb' })
const fragment = ydoc.getXmlFragment('prosemirror')
new EditorView(mount, {
  state: EditorState.create({
    schema,
    plugins: [
      ySyncPlugin(fragment),
      yCursorPlugin(provider.awareness),
      yUndoPlugin(),
      keymap({ 'Mod-z': undoCommand, 'Mod-y': redoCommand, 'Mod-Shift-z': redoCommand }),
      keymap(baseKeymap),
    ],
  }),
})
