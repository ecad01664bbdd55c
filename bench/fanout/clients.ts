/**
 * The headless clients of the fan-out benchmark. Every client holds a Y.Doc; a writer's keystroke
 * is one transaction that inserts a character into the `fanout-text` Y.Text and pushes a stamp
 * (writer, seq, time of the local change on the shared clock) onto the `fanout-stamps` Y.Array.
 * Every client observes that array: a stamp of another writer arriving in its doc is one
 * delivery, and its latency is "now − stamp time", read right after the update is applied. The
 * definition is the same in both modes; only the transport differs (see {@link ClientMode}).
 */
import WebSocket from 'ws'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { sharedNowMs } from './clock'
import type { ClientMode, ClientSpec } from './messages'

/** One stamp: who wrote, which keystroke, when (shared clock, ms). */
interface Stamp {
  readonly w: string
  readonly s: number
  readonly t: number
}

/** Where a client reports what it sees. */
export interface ClientSink {
  /** A stamp of `writer` (`<room>/<index>`) applied `latencyMs` after its local change. */
  delivered(latencyMs: number, writer: string): void
  /** The connection closed after the client was ready, for `cause` (the provider reconnects and resyncs). */
  disconnected(cause: string): void
}

/** A connected benchmark client. */
export interface BenchClient {
  /** Resolves once the client is synced (`yjs`) or connected (`raw`); rejects when it cannot be. */
  readonly ready: Promise<void>
  /** One keystroke (writers only). */
  type(): void
  close(): void
}

const LOCAL = Symbol('local keystroke')
const REMOTE = Symbol('remote update')
const MESSAGE_SYNC = 0

/** The document shape every client writes and observes; returns the keystroke function. */
function bindDocument(doc: Y.Doc, self: string, sink: ClientSink): () => void {
  const text = doc.getText('fanout-text')
  const stamps = doc.getArray<Stamp>('fanout-stamps')
  stamps.observe((event) => {
    const now = sharedNowMs()
    for (const change of event.changes.delta) {
      if (!Array.isArray(change.insert)) continue
      for (const stamp of change.insert as Stamp[]) {
        if (stamp.w !== self) sink.delivered(now - stamp.t, stamp.w)
      }
    }
  })
  let seq = 0
  return () => {
    const t = sharedNowMs()
    seq += 1
    doc.transact(() => {
      text.insert(text.length, String.fromCharCode(97 + (seq % 26)))
      stamps.push([{ w: self, s: seq, t }])
    }, LOCAL)
  }
}

/** A y-websocket provider client (the stock server and Spanwise). */
function providerClient(serverUrl: string, spec: ClientSpec, sink: ClientSink): BenchClient {
  const doc = new Y.Doc()
  const keystroke = bindDocument(doc, `${spec.room}/${spec.index}`, sink)
  // disableBc: Node has a BroadcastChannel, which would carry updates between clients of one
  // process without the server.
  const provider = new WebsocketProvider(serverUrl, spec.room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 60_000,
  })
  let isReady = false
  const ready = new Promise<void>((resolve, reject) => {
    provider.on('sync', (synced: boolean) => {
      if (synced && !isReady) {
        isReady = true
        resolve()
      }
    })
    provider.on('connection-close', (event) => {
      if (isReady) sink.disconnected(event ? `code ${event.code}` : 'closed by the y-websocket watchdog (nothing received for 30 s)')
      else reject(new Error(`${spec.room}/${spec.index}: connection closed before sync (code ${event?.code ?? 'unknown'} ${event?.reason ?? ''})`))
    })
  })
  return {
    ready,
    type: keystroke,
    close: () => {
      isReady = false
      provider.destroy()
      doc.destroy()
    },
  }
}

/** A raw client for the bare relay: local updates out as sync-update frames, frames in applied. */
function rawClient(serverUrl: string, spec: ClientSpec, sink: ClientSink): BenchClient {
  const doc = new Y.Doc()
  const keystroke = bindDocument(doc, `${spec.room}/${spec.index}`, sink)
  const socket = new WebSocket(`${serverUrl}/${spec.room}`)
  socket.binaryType = 'nodebuffer'
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== LOCAL || socket.readyState !== WebSocket.OPEN) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    syncProtocol.writeUpdate(encoder, update)
    socket.send(encoding.toUint8Array(encoder))
  })
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return
    if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsUpdate) return
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), REMOTE)
  })
  let isReady = false
  const ready = new Promise<void>((resolve, reject) => {
    socket.on('open', () => {
      isReady = true
      resolve()
    })
    socket.on('error', (error) => {
      if (!isReady) reject(error)
    })
    socket.on('close', (code) => {
      if (isReady) sink.disconnected(`code ${code}`)
      else reject(new Error(`${spec.room}/${spec.index}: connection closed before open (code ${code})`))
    })
  })
  return {
    ready,
    type: keystroke,
    close: () => {
      isReady = false
      socket.terminate()
      doc.destroy()
    },
  }
}

/** A client of the given mode for `spec`, connecting at once. */
export function createClient(mode: ClientMode, serverUrl: string, spec: ClientSpec, sink: ClientSink): BenchClient {
  return mode === 'yjs' ? providerClient(serverUrl, spec, sink) : rawClient(serverUrl, spec, sink)
}
