import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { UserIdentity } from '../user/identity'
import { deriveConnectionState, type ConnectionSignals, type ConnectionState } from './connection-state'

/** Options for {@link openCollabSession}. */
export interface CollabSessionOptions {
  /** Base websocket URL of the collab server, e.g. `ws://localhost:1234`. */
  serverUrl: string
  docId: string
  user: UserIdentity
  /** Extra query parameters for the websocket URL (e.g. `token`). */
  params?: Record<string, string>
  /** A WebSocket implementation for Node (the `ws` package); browsers use their own. */
  WebSocketImpl?: typeof WebSocket
  /** Reports every change of the connection state. */
  onStateChange?: (state: ConnectionState) => void
}

/** A live document: the Y.Doc, its provider and awareness, and a teardown. */
export interface CollabSession {
  ydoc: Y.Doc
  provider: WebsocketProvider
  awareness: Awareness
  getState(): ConnectionState
  setUser(user: UserIdentity): void
  destroy(): void
}

const onlineNow = () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false)

/**
 * Connects a fresh Y.Doc to `serverUrl/docId` over the y-websocket protocol, publishes the user
 * in awareness (`user: {name, color}`, as y-prosemirror's cursor plugin expects) and tracks the
 * connection state. Never writes content: the server seeds documents.
 */
export function openCollabSession(options: CollabSessionOptions): CollabSession {
  const ydoc = new Y.Doc()
  const provider = new WebsocketProvider(options.serverUrl, options.docId, ydoc, {
    params: options.params ?? {},
    ...(options.WebSocketImpl ? { WebSocketPolyfill: options.WebSocketImpl } : {}),
    maxBackoffTime: 2500,
  })
  const awareness = provider.awareness
  awareness.setLocalStateField('user', options.user)

  const signals: ConnectionSignals = {
    socketConnected: false,
    synced: false,
    everConnected: false,
    browserOnline: onlineNow(),
    refusal: null,
  }
  let state = deriveConnectionState(signals)
  const update = (change: Partial<ConnectionSignals>) => {
    Object.assign(signals, change)
    const next = deriveConnectionState(signals)
    if (next.status === state.status && next.reason === state.reason) return
    state = next
    options.onStateChange?.(state)
  }

  provider.on('status', ({ status }: { status: string }) => {
    const connected = status === 'connected'
    update({ socketConnected: connected, everConnected: signals.everConnected || connected, synced: connected && provider.synced })
  })
  provider.on('sync', (synced: boolean) => update({ synced }))
  provider.on('closed', ({ code, reason }: { code: number; reason: string }) => update({ refusal: { code, reason } }))
  const onOnline = () => update({ browserOnline: true })
  const onOffline = () => update({ browserOnline: false })
  if (typeof window !== 'undefined') {
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)
  }

  return {
    ydoc,
    provider,
    awareness,
    getState: () => state,
    setUser: (user) => awareness.setLocalStateField('user', user),
    destroy: () => {
      if (typeof window !== 'undefined') {
        window.removeEventListener('online', onOnline)
        window.removeEventListener('offline', onOffline)
      }
      provider.destroy()
      ydoc.destroy()
    },
  }
}
