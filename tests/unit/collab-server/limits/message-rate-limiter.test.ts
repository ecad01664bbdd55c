import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { AWARENESS_BUDGET_FACTOR, MessageRateLimiter, budgetOf } from '../../../../collab-server/limits/message-rate-limiter'
import { decodeMessage, encodeMessage } from '../../../../collab-server/protocol'
import { clientEdit } from '../support/room-fixture'

const UPDATE = encodeMessage({ type: 'sync-update', update: clientEdit('x') })
const STEP2 = encodeMessage({ type: 'sync-step-2', update: clientEdit('y') })
const STEP1 = encodeMessage({ type: 'sync-step-1', stateVector: Y.encodeStateVector(new Y.Doc()) })
const QUERY = encodeMessage({ type: 'query-awareness' })

describe('budgetOf', () => {
  it('counts awareness apart, SyncStep1, auth and queries as other, everything else as document updates', () => {
    expect([UPDATE, STEP2, STEP1, QUERY].map(budgetOf)).toEqual(['updates', 'updates', 'other', 'other'])
    expect(budgetOf(Uint8Array.of(1, 0))).toBe('awareness')
    expect(budgetOf(Uint8Array.of(2, 0))).toBe('other') // auth
    // Truncated frames cannot pass as anything cheaper than an update.
    expect(budgetOf(Uint8Array.of())).toBe('updates')
    expect(budgetOf(Uint8Array.of(0x00))).toBe('updates')
  })

  it('counts an update whose types are written in more bytes than needed as an update', () => {
    // 0x80 0x00 is a two-byte varUint 0 (sync), 0x82 0x00 a two-byte 2 (update): the decoder accepts both.
    const nonCanonical = Uint8Array.of(0x80, 0x00, 0x82, 0x00, ...UPDATE.subarray(2))
    const decoded = decodeMessage(nonCanonical)
    expect(decoded.ok && decoded.message.type).toBe('sync-update')
    expect(budgetOf(nonCanonical)).toBe('updates')
  })
})

describe('MessageRateLimiter', () => {
  it('keeps a separate budget for updates and for other messages', () => {
    let now = 0
    const limiter = new MessageRateLimiter({ perSecond: 1, burst: 2 }, () => now)
    expect([limiter.admit(UPDATE), limiter.admit(STEP2), limiter.admit(UPDATE)]).toEqual([null, null, 'updates'])
    expect([limiter.admit(STEP1), limiter.admit(QUERY), limiter.admit(STEP1)]).toEqual([null, null, 'other'])
    now += 1_000
    expect([limiter.admit(UPDATE), limiter.admit(UPDATE)]).toEqual([null, 'updates'])
  })

  it('gives awareness a budget AWARENESS_BUDGET_FACTOR times larger (clients echo every awareness change)', () => {
    let now = 0
    const limiter = new MessageRateLimiter({ perSecond: 1, burst: 2 }, () => now)
    const awareness = Uint8Array.of(1, 0)
    const burst = 2 * AWARENESS_BUDGET_FACTOR
    const admitted = Array.from({ length: burst + 1 }, () => limiter.admit(awareness))
    expect(admitted.slice(0, burst).every((result) => result === null)).toBe(true)
    expect(admitted[burst]).toBe('awareness')
    expect(limiter.admit(STEP1)).toBeNull() // the other budget is untouched
    now += 1_000
    expect(Array.from({ length: AWARENESS_BUDGET_FACTOR + 1 }, () => limiter.admit(awareness)).filter((result) => result === null)).toHaveLength(AWARENESS_BUDGET_FACTOR)
  })
})

describe('MessageRateLimiter: bytes', () => {
  it('closes on bytes even when the message budget has room, and spends nothing from a refused frame', () => {
    let now = 0
    const limiter = new MessageRateLimiter({ perSecond: 100, burst: 500, bytesPerSecond: 1000, bytesBurst: 2500 }, () => now)
    const big = encodeMessage({ type: 'sync-update', update: new Uint8Array(1000).fill(1) })
    expect([limiter.admit(big), limiter.admit(big), limiter.admit(big)]).toEqual([null, null, 'bytes'])
    expect(limiter.admit(UPDATE)).toBeNull() // the 2,500-byte budget still holds the few hundred bytes left
    now += 1_000
    expect(limiter.admit(big)).toBeNull()
  })

  it('does not count bytes without a byte budget', () => {
    const limiter = new MessageRateLimiter({ perSecond: 1, burst: 2 })
    const huge = encodeMessage({ type: 'sync-update', update: new Uint8Array(8 * 1024 * 1024) })
    expect([limiter.admit(huge), limiter.admit(huge)]).toEqual([null, null])
  })
})
