import { describe, expect, it } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CloseCode } from '../../../../editor/model/close-codes'
import { currentServerUrl, rotationAfterClose, startRotation } from '../../../../editor/session/server-rotation'

const URLS = ['ws://c1.example', 'ws://c2.example', 'ws://c3.example']

describe('startRotation', () => {
  it('starts at the URL the random number picks, so clients spread over the instances', () => {
    expect(currentServerUrl(startRotation(URLS, () => 0))).toBe('ws://c1.example')
    expect(currentServerUrl(startRotation(URLS, () => 0.34))).toBe('ws://c2.example')
    expect(currentServerUrl(startRotation(URLS, () => 0.999999))).toBe('ws://c3.example')
    const starts = new Set(Array.from({ length: 200 }, () => currentServerUrl(startRotation(URLS))))
    expect(starts).toEqual(new Set(URLS))
  })

  it('starts at the first URL when the random source misbehaves, and needs one URL', () => {
    for (const broken of [1, -0.5, Number.NaN, 7]) expect(startRotation(URLS, () => broken).index).toBe(0)
    expect(() => startRotation([])).toThrow('at least one collab server URL is needed')
  })
})

describe('rotationAfterClose', () => {
  it('moves to the next URL, round the list, after a transient close or a failed connection', () => {
    let rotation = startRotation(URLS, () => 0.5)
    const seen = [currentServerUrl(rotation)]
    for (const code of [1006, CloseCode.ServerRestarting, null, CloseCode.ServerBusy]) {
      rotation = rotationAfterClose(rotation, code)
      seen.push(currentServerUrl(rotation))
    }
    expect(seen).toEqual(['ws://c2.example', 'ws://c3.example', 'ws://c1.example', 'ws://c2.example', 'ws://c3.example'])
  })

  it('stays after a deliberate refusal: another instance would refuse the same way', () => {
    const rotation = startRotation(URLS, () => 0)
    for (const code of [CloseCode.Unauthorized, CloseCode.Forbidden, CloseCode.UpdateRefused, CloseCode.DocumentRecreated, CloseCode.DocumentNotFound, 4499]) {
      expect(rotationAfterClose(rotation, code), String(code)).toBe(rotation)
    }
    expect(rotationAfterClose(rotation, 4500).index).toBe(1)
  })

  it('does not move with a single URL', () => {
    const rotation = startRotation(['ws://only.example'])
    expect(rotationAfterClose(rotation, 1006)).toBe(rotation)
  })
})

/** A WebSocket stand-in that records the URLs it is opened with and never connects. */
function recordingWebSocket(urls: string[]) {
  return class {
    static readonly OPEN = 1
    readonly OPEN = 1
    readyState = 0
    binaryType = 'arraybuffer'
    onclose: ((event: { code: number; reason: string }) => void) | null = null
    onopen: (() => void) | null = null
    onmessage: (() => void) | null = null
    onerror: (() => void) | null = null
    constructor(url: string) {
      urls.push(url)
    }
    send() {}
    close() {}
  }
}

describe('y-websocket (guard: the failover relies on it)', () => {
  it('builds each new connection’s URL from provider.serverUrl', async () => {
    const urls: string[] = []
    const WebSocketImpl = recordingWebSocket(urls)
    const provider = new WebsocketProvider('ws://c1.example', 'doc-1', new Y.Doc(), {
      WebSocketPolyfill: WebSocketImpl as unknown as typeof WebSocket,
      disableBc: true,
      params: { token: 't' },
    })
    try {
      expect(urls).toEqual(['ws://c1.example/doc-1?token=t'])
      provider.serverUrl = 'ws://c2.example'
      const socket = provider.ws as unknown as InstanceType<typeof WebSocketImpl>
      socket.onclose?.({ code: 1006, reason: '' })
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(urls, 'y-websocket no longer reads serverUrl for each connection: editor/session/collab-session.ts must move instances another way').toEqual([
        'ws://c1.example/doc-1?token=t',
        'ws://c2.example/doc-1?token=t',
      ])
    } finally {
      provider.destroy()
    }
  })
})
