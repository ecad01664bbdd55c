import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../../../collab-server/logger'
import { TouchThrottle } from '../../../../collab-server/persistence/touch-throttle'

describe('TouchThrottle', () => {
  let now: number
  let writes: Array<[string, string]>
  let throttle: TouchThrottle

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    now = Date.parse('2024-05-01T10:00:00.000Z')
    writes = []
    const store = { touchDocument: async (id: string, at: string) => void writes.push([id, at]) }
    throttle = new TouchThrottle(store, { intervalMs: 1000, logger: silentLogger, now: () => now })
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  const advance = async (ms: number) => {
    now += ms
    await vi.advanceTimersByTimeAsync(ms)
  }

  it('writes the first touch at once and the last touch of an interval when it ends', async () => {
    throttle.touch('doc')
    await advance(0)
    expect(writes).toEqual([['doc', '2024-05-01T10:00:00.000Z']])

    await advance(200)
    throttle.touch('doc')
    await advance(300)
    throttle.touch('doc')
    expect(writes).toHaveLength(1)

    await advance(500)
    expect(writes).toEqual([
      ['doc', '2024-05-01T10:00:00.000Z'],
      ['doc', '2024-05-01T10:00:00.500Z'],
    ])
  })

  it('throttles each document separately', async () => {
    throttle.touch('a')
    throttle.touch('b')
    await advance(0)
    expect(writes.map(([id]) => id)).toEqual(['a', 'b'])
  })

  it('flush writes a pending touch immediately', async () => {
    throttle.touch('doc')
    await advance(100)
    throttle.touch('doc')
    await throttle.flushAll()
    expect(writes).toEqual([
      ['doc', '2024-05-01T10:00:00.000Z'],
      ['doc', '2024-05-01T10:00:00.100Z'],
    ])
    await advance(2000)
    expect(writes).toHaveLength(2)
  })
})
