/**
 * A Node Yjs client (y-websocket with the `ws` package), as a third-party script would connect to
 * either server: it fills rooms, verifies what a server holds, and makes the remote edits.
 */
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

/** A connected, synced client. */
export interface NodeClient {
  readonly ydoc: Y.Doc
  readonly provider: WebsocketProvider
  close(): void
}

/** Connects to `serverUrl`/`room` and resolves once the first sync is done. */
export function connectNodeClient(serverUrl: string, room: string, timeoutMs = 60_000): Promise<NodeClient> {
  const ydoc = new Y.Doc()
  const provider = new WebsocketProvider(serverUrl, room, ydoc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true })
  const close = () => {
    provider.destroy()
    ydoc.destroy()
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      close()
      reject(new Error(`no sync with ${serverUrl}/${room} within ${timeoutMs} ms`))
    }, timeoutMs)
    provider.on('connection-close', (event) => {
      if (event && event.code >= 4000) {
        clearTimeout(timer)
        close()
        reject(new Error(`${serverUrl}/${room} closed the socket: ${event.code} ${event.reason}`))
      }
    })
    provider.on('sync', (synced: boolean) => {
      if (!synced) return
      clearTimeout(timer)
      resolve({ ydoc, provider, close })
    })
  })
}

/** Milliseconds since the Unix epoch, with the sub-millisecond precision of `performance` (comparable with a browser's `performance.timeOrigin + performance.now()`). */
function epochNow(): number {
  return performance.timeOrigin + performance.now()
}

/** The `k`-th remote edit's marker word: unique, and no marker is part of another. */
function markerWord(k: number): string {
  return `zq${k}x`
}

/** The text run remote edits go into: the first paragraph at or after the middle block with at least 40 characters. */
function middleParagraphText(ydoc: Y.Doc, offsetBlocks = 0): Y.XmlText {
  const fragment = ydoc.getXmlFragment('prosemirror')
  for (let index = Math.floor(fragment.length / 2) + offsetBlocks; index < fragment.length; index++) {
    const block = fragment.get(index)
    if (!(block instanceof Y.XmlElement) || block.nodeName !== 'paragraph') continue
    const text = block.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText && child.length >= 40)
    if (text) return text
  }
  throw new Error('no paragraph of 40+ characters in the second half of the document')
}

/**
 * Inserts `count` marker words into one paragraph, `intervalMs` apart, each in its own
 * transaction (sent at once by the provider); returns each marker's send time ({@link epochNow}).
 */
export async function sendRemoteEdits(client: NodeClient, count: number, intervalMs: number, offsetBlocks = 2): Promise<Map<number, number>> {
  const text = middleParagraphText(client.ydoc, offsetBlocks)
  const sent = new Map<number, number>()
  for (let k = 0; k < count; k++) {
    const at = epochNow()
    client.ydoc.transact(() => text.insert(12, ` ${markerWord(k)}`))
    sent.set(k, at)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  return sent
}
