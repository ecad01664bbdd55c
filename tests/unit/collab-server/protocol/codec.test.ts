import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { decodeMessage, encodeMessage, ProtocolError, type ProtocolMessage } from '../../../../collab-server/protocol'

function sampleUpdate(): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'hello')
  return Y.encodeStateAsUpdate(doc)
}

function sampleAwarenessUpdate(): Uint8Array {
  const doc = new Y.Doc()
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalStateField('user', { name: 'ada' })
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])
  awareness.destroy()
  return update
}

describe('protocol codec', () => {
  const update = sampleUpdate()
  const messages: ProtocolMessage[] = [
    { type: 'sync-step-1', stateVector: Y.encodeStateVectorFromUpdate(update) },
    { type: 'sync-step-2', update },
    { type: 'sync-update', update },
    { type: 'awareness', update: sampleAwarenessUpdate() },
    { type: 'query-awareness' },
    { type: 'auth-permission-denied', reason: 'no access' },
  ]

  // A decoded Yjs update comes with what Y.decodeUpdate made of it, for the write checks.
  const decodedForm = (message: ProtocolMessage): ProtocolMessage =>
    message.type === 'sync-step-2' || message.type === 'sync-update' ? { ...message, decoded: Y.decodeUpdate(message.update) } : message

  it.each(messages.map((message) => [message.type, message] as const))('round-trips %s', (_type, message) => {
    expect(decodeMessage(encodeMessage(message))).toEqual({ ok: true, message: decodedForm(message) })
  })

  it("hands over the decoded update: its structs are the update's", () => {
    const result = decodeMessage(encodeMessage({ type: 'sync-update', update }))
    if (!result.ok || result.message.type !== 'sync-update') throw new Error('expected a sync-update')
    expect(result.message.decoded?.structs.length).toBe(Y.decodeUpdate(update).structs.length)
    expect(result.message.decoded?.structs.length).toBeGreaterThan(0)
  })

  it('encodes the byte layout y-websocket uses', () => {
    expect([...encodeMessage({ type: 'query-awareness' })]).toEqual([3])
    expect([...encodeMessage({ type: 'sync-update', update: Uint8Array.of(9, 8) })]).toEqual([0, 2, 2, 9, 8])
    expect([...encodeMessage({ type: 'auth-permission-denied', reason: 'x' })]).toEqual([2, 0, 1, 120])
  })

  it('copies payloads instead of aliasing the frame', () => {
    const frame = encodeMessage({ type: 'sync-update', update })
    const result = decodeMessage(frame)
    frame.fill(0)
    expect(result).toEqual({ ok: true, message: decodedForm({ type: 'sync-update', update }) })
  })

  it.each<[string, number[], string, string]>([
    ['an empty frame', [], 'empty', 'frame: empty'],
    ['a truncated message type', [0x80], 'truncated', 'message type: truncated varUint at byte 0'],
    ['an unknown message type', [7], 'unknown-message-type', 'message type: unknown value 7 at byte 0'],
    ['a truncated sync type', [0], 'truncated', 'sync message type: truncated varUint at byte 1'],
    ['an unknown sync type', [0, 5], 'unknown-sync-type', 'sync message type: unknown value 5 at byte 1'],
    ['a truncated payload length', [0, 2, 0xff], 'truncated', 'update: truncated payload at byte 2'],
    ['a payload longer than the frame', [0, 2, 5, 1, 2], 'truncated', 'update: truncated payload at byte 2'],
    ['an unknown auth type', [2, 4], 'unknown-auth-type', 'auth message type: unknown value 4 at byte 1'],
    ['a truncated auth reason', [2, 0, 3, 65], 'truncated', 'auth reason: truncated string at byte 2'],
    ['trailing bytes', [3, 1, 2], 'trailing-bytes', 'frame: 2 trailing bytes after byte 1'],
  ])('rejects %s with a typed error', (_name, bytes, kind, message) => {
    const result = decodeMessage(Uint8Array.from(bytes))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error).toBeInstanceOf(ProtocolError)
    expect({ kind: result.error.kind, message: result.error.message }).toEqual({ kind, message })
  })

  it.each<[string, number[], RegExp]>([
    ['an update that is not a Yjs update', [0, 2, 3, 0xff, 0xff, 0xff], /^update: not a valid update/],
    ['a state vector that is not one', [0, 0, 2, 0xff, 0xff], /^state vector: not a valid state vector/],
    ['an awareness update that is not JSON', [1, 5, 1, 1, 1, 1, 0x7b], /^awareness update: not a valid awareness update/],
  ])('rejects %s as an invalid payload', (_name, bytes, message) => {
    const result = decodeMessage(Uint8Array.from(bytes))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.kind).toBe('invalid-payload')
    expect(result.error.message).toMatch(message)
  })

  it('never throws on random garbage', () => {
    let seed = 42
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let round = 0; round < 2000; round++) {
      const frame = Uint8Array.from({ length: 1 + Math.floor(random() * 32) }, () => Math.floor(random() * 256))
      frame[0] = Math.floor(random() * 5)
      const result = decodeMessage(frame)
      if (!result.ok) expect(result.error).toBeInstanceOf(ProtocolError)
    }
  })
})
