import { describe, expect, it } from 'vitest'
import { SharedBudget, SharedBudgets } from '../../../../collab-server/limits/shared-rate-limit'

const LIMIT = { perSecond: 10, burst: 20, bytesPerSecond: 1000, bytesBurst: 2000 }
const MESSAGE = { messages: 1, bytes: 10 }

describe('SharedBudget', () => {
  it('once spent, closes the member that used more than an equal share and lets a quiet one through', () => {
    let now = 0
    const budget = new SharedBudget(LIMIT, () => now)
    const [flooder, quiet] = [{}, {}]
    budget.join(flooder)
    budget.join(quiet)
    const flood = Array.from({ length: 21 }, () => budget.spend(flooder, MESSAGE))
    expect(flood.slice(0, 20)).toEqual(Array(20).fill(null))
    expect(flood[20]).toBe('messages')
    // The bucket is empty, but the quiet member used far less than its share (10 / 2 per second).
    expect(budget.spend(quiet, MESSAGE)).toBeNull()
    expect(budget.spend(flooder, MESSAGE)).toBe('messages')
    now += 2_000
    expect(budget.spend(flooder, MESSAGE)).toBeNull() // refilled
  })

  it('limits bytes across members the same way', () => {
    const budget = new SharedBudget(LIMIT, () => 0)
    const [a, b] = [{}, {}]
    budget.join(a)
    budget.join(b)
    expect(budget.spend(a, { messages: 1, bytes: 1500 })).toBeNull()
    expect(budget.spend(b, { messages: 1, bytes: 500 })).toBeNull()
    expect(budget.spend(a, { messages: 1, bytes: 100 })).toBe('bytes')
    expect(budget.spend(b, { messages: 0, bytes: 100 })).toBe('bytes') // 600 bytes is more than its 500-byte share
  })

  it('passes frames of connections that are not members', () => {
    const budget = new SharedBudget({ ...LIMIT, burst: 1 }, () => 0)
    expect([budget.spend({}, MESSAGE), budget.spend({}, MESSAGE)]).toEqual([null, null])
  })
})

describe('SharedBudgets', () => {
  it('keeps a spent budget across reconnects and forgets it only once no one holds it and it refilled', () => {
    let now = 0
    const budgets = new SharedBudgets(LIMIT, () => now)
    const first = {}
    budgets.get('address:1.2.3.4').join(first)
    for (let i = 0; i < 20; i++) budgets.get('address:1.2.3.4').spend(first, MESSAGE)
    budgets.get('address:1.2.3.4').leave(first)
    now += 10_001 // sweeps, but the bucket is empty only for 2 s: refilled by now, so forgotten
    const again = budgets.get('address:1.2.3.4')
    expect(budgets.size).toBe(1)
    const second = {}
    again.join(second)
    for (let i = 0; i < 20; i++) again.spend(second, MESSAGE)
    again.leave(second)
    now += 1_000 // no sweep within 10 s: the half-refilled budget is kept for the next connection
    const third = {}
    budgets.get('address:1.2.3.4').join(third)
    const results = Array.from({ length: 11 }, () => budgets.get('address:1.2.3.4').spend(third, MESSAGE))
    expect(results.slice(0, 10)).toEqual(Array(10).fill(null))
    expect(results[10]).toBe('messages')
  })
})
