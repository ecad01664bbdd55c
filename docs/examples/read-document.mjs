// Reads a Spanwise document with nothing but yjs, y-websocket and ws, following docs/data-model.md.
// Usage: node docs/examples/read-document.mjs [docId] [ws://host:1234]
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

const docId = process.argv[2] ?? 'israel-russia-part-2'
const serverUrl = process.argv[3] ?? 'ws://localhost:1234'

/** Plain text of a node: Y.XmlText via its delta (marks are formatting attributes), hard_break as "\n". */
function textOf(node) {
  if (node instanceof Y.XmlText)
    return node
      .toDelta()
      .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
      .join('')
  if (node.nodeName === 'hard_break') return '\n'
  const separator = node.nodeName === 'blockquote' ? '\n\n' : ''
  return node.toArray().map(textOf).join(separator)
}

const ydoc = new Y.Doc()
const provider = new WebsocketProvider(serverUrl, docId, ydoc, { WebSocketPolyfill: WebSocket, disableBc: true })
provider.on('closed', ({ code, reason }) => {
  console.error(`refused: ${code} ${reason}`)
  process.exit(1)
})
provider.on('sync', (synced) => {
  if (!synced) return
  const meta = ydoc.getMap('meta').toJSON()
  console.log(`# ${meta.title} (created ${meta.createdAt}, schema version ${meta.schemaVersion})`)
  for (const block of ydoc.getXmlFragment('prosemirror').toArray()) {
    const text = textOf(block)
    const label = block.nodeName === 'heading' ? `h${block.getAttribute('level')}` : block.nodeName
    console.log(`[${label}] ${text}`)
  }
  console.log(`annotations: ${ydoc.getMap('annotations').size}`)
  provider.destroy()
  process.exit(0)
})
