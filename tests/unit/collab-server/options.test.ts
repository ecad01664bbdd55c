import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../collab-server/logger'
import { LIMIT_DEFAULTS, resolveOptions } from '../../../collab-server/options'

const BASE = { port: 0, dataDir: '/tmp/unused', logger: silentLogger }

describe('resolveOptions', () => {
  it('fills in the limit defaults', () => {
    const resolved = resolveOptions(BASE)
    expect(resolved).toMatchObject({ ...LIMIT_DEFAULTS, maxPendingBytes: 1024 * 1024 })
    expect(LIMIT_DEFAULTS).toEqual({ maxMessageBytes: 8 * 1024 * 1024, updateRateLimit: 100, updateBurst: 500, maxRooms: 1000 })
  })

  it('keeps given limits', () => {
    const resolved = resolveOptions({ ...BASE, maxRooms: 2, updateRateLimit: 5, updateBurst: 10, maxPendingBytes: 64 })
    expect(resolved).toMatchObject({ maxRooms: 2, updateRateLimit: 5, updateBurst: 10, maxPendingBytes: 64 })
  })

  it.each([
    [{ maxRooms: 0 }, 'createCollabServer: maxRooms must be a positive integer (got 0)'],
    [{ updateRateLimit: 2.5 }, 'createCollabServer: updateRateLimit must be a positive integer (got 2.5)'],
    [{ maxMessageBytes: Number.NaN }, 'createCollabServer: maxMessageBytes must be a positive integer (got NaN)'],
    [{ updateBurst: -1 }, 'createCollabServer: updateBurst must be a positive integer (got -1)'],
  ])('rejects %j naming the option', (limits, message) => {
    expect(() => resolveOptions({ ...BASE, ...limits })).toThrow(message)
  })
})
