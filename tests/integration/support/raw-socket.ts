import { WebSocket } from 'ws'
import { within } from './wait'

/** A plain `ws` socket (no Yjs), for sending hand-made frames. */
export interface RawSocket {
  readonly ws: WebSocket
  /** Resolves with the close code and reason once the socket closed. */
  readonly closed: Promise<{ code: number; reason: string }>
  /** Frames received so far. */
  readonly received: Uint8Array[]
}

/** Opens a raw socket to `${wsUrl}${path}` and waits until it is open. */
export async function openRawSocket(wsUrl: string, path: string): Promise<RawSocket> {
  const ws = new WebSocket(`${wsUrl}${path}`)
  const received: Uint8Array[] = []
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  ws.on('error', () => {})
  await within(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('unexpected-response', () => reject(new Error('upgrade refused')))
    }),
    `socket ${path} to open`,
  )
  return { ws, closed, received }
}

/** Waits for the socket to close (bounded) and returns its close code and reason. */
export function closeOf(socket: RawSocket, timeoutMs = 5_000): Promise<{ code: number; reason: string }> {
  return within(socket.closed, 'socket to close', timeoutMs)
}
