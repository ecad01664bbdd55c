import { EventEmitter } from 'node:events'
import type { WebSocket } from 'ws'
import { decodeMessage, type ProtocolMessage } from '../../../../collab-server/protocol'

/** Just enough of a `ws` WebSocket for {@link Connection}: records sends, closes and pings. */
export class FakeSocket extends EventEmitter {
  readonly OPEN = 1
  readyState = 1
  bufferedAmount = 0
  readonly sent: Uint8Array[] = []
  readonly closes: Array<{ code: number; reason: string }> = []
  pings = 0
  terminated = false

  send(frame: Uint8Array, callback?: (error?: Error) => void): void {
    this.sent.push(frame)
    callback?.()
  }

  close(code: number, reason: string): void {
    this.closes.push({ code, reason })
    this.finish(code, reason)
  }

  terminate(): void {
    this.terminated = true
    this.finish(1006, '')
  }

  ping(): void {
    this.pings += 1
  }

  /** The client closes the socket (not asked by the server). */
  peerClose(code = 1000, reason = ''): void {
    this.finish(code, reason)
  }

  /** Delivers a frame from the client (binary unless a string is given). */
  receive(frame: Uint8Array | string): void {
    this.emit('message', typeof frame === 'string' ? Buffer.from(frame) : Buffer.from(frame), typeof frame !== 'string')
  }

  /** The decoded messages sent to the client. */
  get sentMessages(): ProtocolMessage[] {
    return this.sent.map((frame) => {
      const result = decodeMessage(frame)
      if (!result.ok) throw result.error
      return result.message
    })
  }

  /** This fake, typed as the real thing. */
  asWebSocket(): WebSocket {
    return this as unknown as WebSocket
  }

  private finish(code: number, reason: string): void {
    if (this.readyState === 3) return
    this.readyState = 2
    queueMicrotask(() => {
      this.readyState = 3
      this.emit('close', code, Buffer.from(reason))
    })
  }
}
