import { describe, expect, it } from 'vitest'
import { ConnectionCaps, addressKey } from '../../../../collab-server/limits/connection-caps'

describe('ConnectionCaps', () => {
  const caps = () => new ConnectionCaps({ perAddress: 2, perToken: 1, perDocument: 3 })

  it('refuses one more connection per address, naming the cap, and admits again once one is released', () => {
    const counter = caps()
    const first = counter.admit({ address: '10.0.0.1', token: null, docId: 'a' })
    const second = counter.admit({ address: '10.0.0.1', token: null, docId: 'b' })
    expect(counter.admit({ address: '10.0.0.1', token: null, docId: 'c' })).toEqual({ ok: false, cap: 'address', reason: 'too many connections from this address' })
    expect(counter.admit({ address: '10.0.0.2', token: null, docId: 'c' }).ok).toBe(true)
    expect(first.ok && second.ok).toBe(true)
    if (first.ok) {
      first.release()
      first.release() // idempotent
    }
    expect(counter.count('address', '10.0.0.1')).toBe(1)
    expect(counter.admit({ address: '10.0.0.1', token: null, docId: 'c' }).ok).toBe(true)
  })

  it('caps per token and per document, counting nothing for a refused connection', () => {
    const counter = caps()
    expect(counter.admit({ address: '1', token: 't', docId: 'd' }).ok).toBe(true)
    expect(counter.admit({ address: '2', token: 't', docId: 'd' })).toEqual({ ok: false, cap: 'token', reason: 'too many connections with this token' })
    expect(counter.count('address', '2')).toBe(0)
    expect(counter.admit({ address: '3', token: null, docId: 'd' }).ok).toBe(true)
    expect(counter.admit({ address: '4', token: null, docId: 'd' }).ok).toBe(true)
    expect(counter.admit({ address: '5', token: null, docId: 'd' })).toEqual({ ok: false, cap: 'document', reason: 'too many connections to this document' })
  })
})

describe('addressKey', () => {
  it('counts IPv4 as is (also IPv4-mapped) and IPv6 by its /64', () => {
    expect(addressKey('127.0.0.1')).toBe('127.0.0.1')
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(addressKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64')
    expect(addressKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:1::/64')
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
    expect(addressKey(undefined)).toBe('unknown')
  })
})
