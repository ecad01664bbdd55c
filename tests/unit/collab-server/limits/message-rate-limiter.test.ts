import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { MessageRateLimiter, budgetOf } from '../../../../collab-server/limits/message-rate-limiter'
import { encodeMessage } from '../../../../collab-server/protocol'
import { clientEdit } from '../support/room-fixture'

const UPDATE = encodeMessage({ type: 'sync-update', update: clientEdit('x') })
const STEP2 = encodeMessage({ type: 'sync-step-2', update: clientEdit('y') })
const STEP1 = encodeMessage({ type: 'sync-step-1', stateVector: Y.encodeStateVector(new Y.Doc()) })
const QUERY = encodeMessage({ type: 'query-awareness' })

describe('budgetOf', () => {
  it('counts SyncStep2 and updates as document updates, everything else as other', () => {
    expect([UPDATE, STEP2, STEP1, QUERY].map(budgetOf)).toEqual(['updates', 'updates', 'other', 'other'])
    expect(budgetOf(Uint8Array.of())).toBe('other')
    expect(budgetOf(Uint8Array.of(0x00))).toBe('other')
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
})
