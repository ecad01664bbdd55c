import { describe, expect, it } from 'vitest'
import {
  clusterKeysFor,
  compareStreamIds,
  decodeAwarenessMessage,
  docIdOfAwarenessChannel,
  encodeAwarenessMessage,
  parseRevocation,
  parseStreamFields,
  streamFields,
} from '../../../../collab-server/cluster/cluster-messages'

const asBuffers = (fields: (string | Buffer)[]) => fields.map((field) => (typeof field === 'string' ? Buffer.from(field) : field))

describe('cluster messages', () => {
  it('round-trips a stream entry, with and without a principal', () => {
    const update = new Uint8Array([1, 2, 3, 0, 255])
    for (const principal of ['token:abc', null]) {
      const parsed = parseStreamFields(asBuffers(streamFields({ origin: 'i1', seq: 42, principal, update })))
      expect(parsed).toEqual({ ok: true, entry: { origin: 'i1', seq: 42, principal, update } })
    }
  })

  it('names what is wrong with a malformed stream entry', () => {
    const cases: Array<[(string | Buffer)[], RegExp]> = [
      [['o', 'i1', 's'], /odd number/],
      [['s', '1', 'p', '', 'u', 'x'], /origin/],
      [['o', 'i1', 's', 'NaN', 'p', '', 'u', 'x'], /sequence/],
      [['o', 'i1', 's', '-3', 'p', '', 'u', 'x'], /sequence/],
      [['o', 'i1', 's', '1', 'u', 'x'], /principal/],
      [['o', 'i1', 's', '1', 'p', ''], /update/],
      [['o', 'i1', 's', '1', 'p', '', 'u', ''], /update/],
    ]
    for (const [fields, error] of cases) {
      const parsed = parseStreamFields(asBuffers(fields))
      expect(parsed.ok).toBe(false)
      if (!parsed.ok) expect(parsed.error).toMatch(error)
    }
  })

  it('round-trips awareness messages and rejects garbage', () => {
    const update = { kind: 'update', origin: 'i2', principal: 'connection:7', update: new Uint8Array([9, 8]) } as const
    expect(decodeAwarenessMessage(encodeAwarenessMessage(update))).toEqual(update)
    expect(decodeAwarenessMessage(encodeAwarenessMessage({ kind: 'query', origin: 'i3' }))).toEqual({ kind: 'query', origin: 'i3' })
    expect(decodeAwarenessMessage(encodeAwarenessMessage({ kind: 'resync', origin: 'i4' }))).toEqual({ kind: 'resync', origin: 'i4' })
    const valid = encodeAwarenessMessage(update)
    for (const garbage of [
      new Uint8Array([]),
      new Uint8Array([200, 200, 200]),
      Buffer.concat([valid, Buffer.from([1])]),
      valid.subarray(0, valid.length - 1),
      Buffer.from('{"kind":"update"}'),
    ]) {
      expect(decodeAwarenessMessage(garbage)).toBeNull()
    }
  })

  it('accepts only well-formed revocations', () => {
    expect(parseRevocation(JSON.stringify({ docId: 'd', generation: 2, origin: 'i' }))).toEqual({ docId: 'd', generation: 2, origin: 'i' })
    for (const text of [
      '',
      'null',
      '[]',
      '{"docId":"d","generation":-1,"origin":"i"}',
      '{"docId":"d","generation":1.5,"origin":"i"}',
      '{"docId":"","generation":1,"origin":"i"}',
      '{"docId":"d","generation":1,"origin":"i","extra":1}',
    ]) {
      expect(parseRevocation(text)).toBeNull()
    }
  })

  it('orders stream ids numerically and finds the document of an awareness channel', () => {
    expect(compareStreamIds('9-0', '10-0')).toBeLessThan(0)
    expect(compareStreamIds('10-2', '10-10')).toBeLessThan(0)
    expect(compareStreamIds('10-2', '10-2')).toBe(0)
    expect(compareStreamIds('1700000000000-1', '1700000000000-0')).toBeGreaterThan(0)
    expect(docIdOfAwarenessChannel('spanwise:doc:israel-russia:awareness')).toBe('israel-russia')
    expect(docIdOfAwarenessChannel('spanwise:revocations')).toBeNull()
  })

  it('puts every key and channel under the prefix, and finds documents only in channels of its own prefix', () => {
    const staging = clusterKeysFor('spanwise.staging:eu')
    expect([staging.updates('notes'), staging.readers('notes'), staging.owners('notes'), staging.awareness('notes')]).toEqual([
      'spanwise.staging:eu:doc:notes:updates',
      'spanwise.staging:eu:doc:notes:readers',
      'spanwise.staging:eu:doc:notes:owners',
      'spanwise.staging:eu:doc:notes:awareness',
    ])
    expect([staging.instance('i1'), staging.revocations]).toEqual(['spanwise.staging:eu:instance:i1', 'spanwise.staging:eu:revocations'])
    expect(staging.docIdOfAwarenessChannel('spanwise.staging:eu:doc:a:b:awareness')).toBe('a:b')
    // The prefix is matched literally ("." is no wildcard), and another deployment's channels are not ours.
    expect(staging.docIdOfAwarenessChannel('spanwiseXstaging:eu:doc:notes:awareness')).toBeNull()
    expect(staging.docIdOfAwarenessChannel('spanwise:doc:notes:awareness')).toBeNull()
    expect(docIdOfAwarenessChannel('spanwise.staging:eu:doc:notes:awareness')).toBeNull()
    expect(staging.docIdOfAwarenessChannel('spanwise.staging:eu:doc::awareness')).toBeNull()
  })
})
