import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { UserIdentity } from '../user/identity'
import { forgetRemovedPeers } from './awareness-reconnect'
import { initialSignals, sameConnectionState, shouldReconnect, signalsOnClose, signalsOnStatus, signalsOnSync, websocketParams } from './connection-signals'
import { deriveConnectionState, type ConnectionSignals, type ConnectionState } from './connection-state'
import { discardDataModel1Copy, localCacheName, openLocalCache, type LocalCache } from './local-cache'
import { currentServerUrl, rotationAfterClose, startRotation } from './server-rotation'

/** Options for {@link openCollabSession}. */
export interface CollabSessionOptions {
  /**
   * Base websocket URL of the collab server, e.g. `ws://localhost:1234`, or one per instance: the
   * session starts at a random one and moves to the next after a connection closes or fails (see
   * {@link startRotation}).
   */
  serverUrl: string | readonly string[]
  /** Picks the first URL of a list (a number in [0, 1)); default `Math.random`. */
  random?: () => number
  docId: string
  /**
   * The document's creation stamp (`createdAt` from the server). With it, browsers keep a copy of
   * the document in IndexedDB (see {@link localCacheName}) so that edits survive going offline and
   * reloading; without it (or without IndexedDB, e.g. in Node) the copy lives in memory only.
   */
  createdAt?: string
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
  /** This browser's IndexedDB copy of the document, or null when there is none. */
  localCache: LocalCache | null
  getState(): ConnectionState
  setUser(user: UserIdentity): void
  /**
   * Deletes the IndexedDB copy (after the server refused an update: the refused change must not
   * come back on the next load). Resolves once it is gone; the session is then unusable.
   */
  discardLocalCache(): Promise<void>
  destroy(): void
}

/** How often an offline session checks `navigator.onLine` in case the `online` event is missed. */
const ONLINE_POLL_MS = 2000

const onlineNow = () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false)

/**
 * Connects a fresh Y.Doc to `serverUrl/docId` over the y-websocket protocol, publishes the user
 * in awareness (`user: {name, color}`, as y-prosemirror's cursor plugin expects) and tracks the
 * connection state. Never writes content: the server seeds documents.
 *
 * In a browser the Y.Doc is also kept in IndexedDB (when `createdAt` is given), so it loads from
 * there while offline. When the browser reports going offline the socket is closed (a half-open
 * socket would swallow edits) and it reconnects at once when the browser is back online.
 */
export function openCollabSession(options: CollabSessionOptions): CollabSession {
  const ydoc = new Y.Doc()
  let destroyed = false
  if (options.createdAt) discardDataModel1Copy(options.docId, options.createdAt)
  const localCache = options.createdAt
    ? openLocalCache(localCacheName(options.docId, options.createdAt), ydoc, {
        onLost: () => destroyed || update({ savedOnDevice: false }),
        isFromServer: (origin) => origin === provider,
      })
    : null
  let rotation = startRotation(typeof options.serverUrl === 'string' ? [options.serverUrl] : options.serverUrl, options.random)
  const provider = new WebsocketProvider(currentServerUrl(rotation), options.docId, ydoc, {
    params: websocketParams(options.params, options.createdAt),
    ...(options.WebSocketImpl ? { WebSocketPolyfill: options.WebSocketImpl } : {}),
    maxBackoffTime: 2500,
    // Tabs of one browser sync through the server only: over y-websocket's BroadcastChannel a tab
    // would hand a fresh one content the server never checked (a change it refuses with 4409, or a
    // copy of an earlier document of the same id, which the 4410 check must catch).
    disableBc: true,
    connect: onlineNow(),
  })
  const awareness = provider.awareness
  awareness.setLocalStateField('user', options.user)

  const signals: ConnectionSignals = initialSignals(onlineNow(), localCache !== null)
  let state = deriveConnectionState(signals)
  const update = (change: Partial<ConnectionSignals>) => {
    Object.assign(signals, change)
    const next = deriveConnectionState(signals)
    if (sameConnectionState(next, state)) return
    state = next
    options.onStateChange?.(state)
  }

  provider.on('status', ({ status }: { status: string }) => {
    // Whoever the server (this instance or another) says is here is taken, idle or not.
    if (status === 'connected') forgetRemovedPeers(awareness)
    update(signalsOnStatus(signals, status, provider.synced))
  })
  provider.on('sync', (synced: boolean) => update(signalsOnSync(synced)))
  // `event` is null when the provider closed the socket itself.
  provider.on('connection-close', (event: CloseEvent | null) => {
    // The provider builds each new connection's URL from `serverUrl` (its `url` getter) and
    // reconnects after this event: the next attempt goes to the next instance.
    rotation = rotationAfterClose(rotation, event ? event.code : null)
    provider.serverUrl = currentServerUrl(rotation).replace(/\/+$/, '')
    const change = signalsOnClose(event ? event.code : null)
    if (change) update(change)
    // The `offline` event is not always delivered (e.g. a page loaded while already offline): re-check,
    // after the provider has finished handling this close.
    if (!onlineNow()) queueMicrotask(() => destroyed || goOffline())
  })
  provider.on('closed', ({ code, reason }: { code: number; reason: string }) => update({ refusal: { code, reason } }))
  void localCache?.whenLoaded.then((loaded) => {
    if (!loaded && !destroyed) update({ savedOnDevice: false })
  })

  // Offline: close the socket (a half-open one would swallow edits) and stop retrying; watch for the
  // network to come back (the `online` event, and a slow poll in case that event never comes).
  let onlineWatch: ReturnType<typeof setInterval> | null = null
  const stopWatching = () => {
    if (onlineWatch !== null) clearInterval(onlineWatch)
    onlineWatch = null
  }
  function goOffline() {
    update({ browserOnline: false })
    if (provider.shouldConnect) provider.disconnect()
    onlineWatch ??= setInterval(() => {
      if (onlineNow()) goOnline()
    }, ONLINE_POLL_MS)
  }
  function goOnline() {
    stopWatching()
    update({ browserOnline: true })
    if (shouldReconnect(signals)) provider.connect()
  }
  const onOnline = () => goOnline()
  const onOffline = () => goOffline()
  if (typeof window !== 'undefined') {
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)
  }
  if (!signals.browserOnline) goOffline()

  const detach = () => {
    stopWatching()
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', onOffline)
    }
  }
  return {
    ydoc,
    provider,
    awareness,
    localCache,
    getState: () => state,
    setUser: (user) => awareness.setLocalStateField('user', user),
    discardLocalCache: async () => {
      detach()
      provider.disconnect()
      await localCache?.clear()
    },
    destroy: () => {
      destroyed = true
      detach()
      provider.destroy()
      void localCache?.destroy()
      ydoc.destroy()
    },
  }
}
