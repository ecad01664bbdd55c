import { describe, expect, it } from 'vitest'
import { TokenBucket } from '../../../../collab-server/limits/token-bucket'

/** A clock the test moves by hand (milliseconds). */
function manualClock() {
  let now = 1_000
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

function takeAll(bucket: TokenBucket, attempts: number): number {
  let taken = 0
  for (let i = 0; i < attempts; i++) if (bucket.take()) taken += 1
  return taken
}

describe('TokenBucket', () => {
  it('starts full: allows a burst, then refuses', () => {
    const clock = manualClock()
    const bucket = new TokenBucket({ perSecond: 10, burst: 5, now: clock.now })
    expect(takeAll(bucket, 8)).toBe(5)
    expect(bucket.take()).toBe(false)
  })

  it('refills at the sustained rate, one token per 1/perSecond', () => {
    const clock = manualClock()
    const bucket = new TokenBucket({ perSecond: 10, burst: 5, now: clock.now })
    takeAll(bucket, 5)
    clock.advance(99)
    expect(bucket.take()).toBe(false)
    clock.advance(1)
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    clock.advance(300)
    expect(takeAll(bucket, 10)).toBe(3)
  })

  it('never holds more than the burst, however long it waited', () => {
    const clock = manualClock()
    const bucket = new TokenBucket({ perSecond: 100, burst: 3, now: clock.now })
    clock.advance(60_000)
    expect(bucket.available).toBe(3)
    expect(takeAll(bucket, 10)).toBe(3)
  })

  it('allows exactly the sustained rate over time', () => {
    const clock = manualClock()
    const bucket = new TokenBucket({ perSecond: 4, burst: 1, now: clock.now })
    let taken = bucket.take() ? 1 : 0
    for (let step = 0; step < 16; step++) {
      clock.advance(125)
      if (bucket.take()) taken += 1
    }
    expect(taken).toBe(1 + 8)
  })

  it('ignores a clock that goes backwards', () => {
    const clock = manualClock()
    const bucket = new TokenBucket({ perSecond: 10, burst: 2, now: clock.now })
    takeAll(bucket, 2)
    clock.advance(-5_000)
    expect(bucket.take()).toBe(false)
    clock.advance(100)
    expect(bucket.take()).toBe(true)
  })

  it.each([
    [0, 1],
    [1, 0],
    [Number.NaN, 1],
  ])('rejects perSecond %s, burst %s', (perSecond, burst) => {
    expect(() => new TokenBucket({ perSecond, burst })).toThrow(RangeError)
  })
})

describe('TokenBucket: amounts', () => {
  it('spends a whole amount or nothing, and reads full once refilled', () => {
    let now = 0
    const bucket = new TokenBucket({ perSecond: 100, burst: 1000, now: () => now })
    expect(bucket.full).toBe(true)
    expect(bucket.take(600)).toBe(true)
    expect(bucket.take(600)).toBe(false)
    expect(bucket.available).toBe(400)
    expect(bucket.full).toBe(false)
    now += 6_000
    expect(bucket.full).toBe(true)
  })
})
