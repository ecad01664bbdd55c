import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CONTENT_FRAGMENT } from '../../../editor/model/doc-layout'
import { waitFor } from './wait'

/** A raw Yjs client: a Y.Doc synced through y-websocket's provider over `ws`. */
export interface YjsClient {
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  /** Close events the provider saw, in order. */
  readonly closes: Array<{ code: number; reason: string }>
  destroy(): void
}

/** Connects a new Y.Doc to `docId` (no BroadcastChannel: every byte goes through the server). */
export function connectClient(wsUrl: string, docId: string, params: Record<string, string> = {}): YjsClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, docId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
  })
  const closes: Array<{ code: number; reason: string }> = []
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  return {
    doc,
    provider,
    closes,
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Waits until the client has received the server's state (SyncStep2). */
export function waitForSynced(client: YjsClient, timeoutMs?: number): Promise<void> {
  return waitFor(() => client.provider.synced, `${client.provider.roomname} to sync`, timeoutMs)
}

/** The `prosemirror` fragment of a doc. */
export function contentFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(CONTENT_FRAGMENT)
}

/** Appends `<paragraph>text</paragraph>` to the content fragment, as y-prosemirror would. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  doc.transact(() => contentFragment(doc).push([paragraph]))
}

/** The content fragment serialised as XML (stable across clients that converged). */
export function contentXml(doc: Y.Doc): string {
  return contentFragment(doc).toString()
}

/** The texts of the fragment's top-level elements, in order. */
export function blockTexts(doc: Y.Doc): string[] {
  const textOf = (node: Y.XmlElement | Y.XmlText | Y.XmlHook): string =>
    node instanceof Y.XmlText ? node.toString() : node instanceof Y.XmlElement ? node.toArray().map(textOf).join('') : ''
  return contentFragment(doc).toArray().map(textOf)
}
