// Adds a claim annotation to a Spanwise document from a script, following docs/data-model.md
// (data model 2): the record is a Y.Map whose `base` entry holds the record as created; anchors are
// Yjs relative positions on the paragraph's Y.XmlText (start assoc 0, end assoc -1), stored as the
// base64 of Y.encodeRelativePosition.
// Usage: node docs/examples/add-annotation.mjs <docId> <ws://host:1234> "<exact words to tag>"
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

const [docId = 'israel-russia-part-2', serverUrl = 'ws://localhost:1234', words = 'Putin continues to have positive relations with Erdogan'] = process.argv.slice(2)

/** Depth-first search for the first Y.XmlText whose text contains `needle`. */
function findText(node, needle) {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) {
      const index = child.toString().indexOf(needle)
      if (index >= 0) return { text: child, index }
    } else if (child instanceof Y.XmlElement) {
      const found = findText(child, needle)
      if (found) return found
    }
  }
  return null
}

const ydoc = new Y.Doc()
const provider = new WebsocketProvider(serverUrl, docId, ydoc, { WebSocketPolyfill: WebSocket, disableBc: true, params: { schemaVersion: '2' } })
provider.on('closed', ({ code, reason }) => {
  console.error(`refused: ${code} ${reason}`)
  process.exit(1)
})
provider.on('sync', (synced) => {
  if (!synced) return
  const found = findText(ydoc.getXmlFragment('prosemirror'), words)
  if (!found) {
    console.error(`"${words}" is not in one text run of the document`)
    process.exit(1)
  }
  const start = Y.createRelativePositionFromTypeIndex(found.text, found.index, 0)
  const end = Y.createRelativePositionFromTypeIndex(found.text, found.index + words.length, -1)
  const anchor = (position) => Buffer.from(Y.encodeRelativePosition(position)).toString('base64')
  const id = `script-${Date.now().toString(36)}`
  ydoc.transact(() => {
    const record = new Y.Map()
    record.set('base', {
      type: 'claim',
      start: anchor(start),
      end: anchor(end),
      exact: words,
      attrs: { claimant: 'Ted Belman', verdict: 'unreviewed', summary: 'Putin and Erdoğan are on good terms' },
      note: 'Added by docs/examples/add-annotation.mjs',
      createdBy: { id: 'script', name: 'Example script' },
      createdAt: new Date().toISOString(),
    })
    ydoc.getMap('annotations').set(id, record)
  })
  console.log(id)
  // Closing lets the socket send the queued update first; Node exits once nothing is left open
  // (destroying the Y.Doc also stops the awareness timer).
  provider.destroy()
  ydoc.destroy()
})
