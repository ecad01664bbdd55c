import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../collab-server/logger'
import { LIMIT_DEFAULTS, resolveOptions } from '../../../collab-server/options'

const BASE = { port: 0, dataDir: '/tmp/unused', logger: silentLogger }

describe('resolveOptions', () => {
  it('fills in the limit defaults', () => {
    const resolved = resolveOptions(BASE)
    expect(resolved).toMatchObject({ ...LIMIT_DEFAULTS, maxPendingBytes: 1024 * 1024 })
    expect(LIMIT_DEFAULTS).toEqual({
      maxMessageBytes: 2 * 1024 * 1024,
      updateRateLimit: 100,
      updateBurst: 500,
      maxRooms: 1000,
      byteRateLimit: 1024 * 1024,
      byteBurst: 16 * 1024 * 1024,
      sharedRateLimitFactor: 10,
      maxConnectionsPerAddress: 200,
      maxConnectionsPerToken: 100,
      maxConnectionsPerDocument: 500,
      maxDocumentBytes: 64 * 1024 * 1024,
    })
    expect(resolved).toMatchObject({
      maxBufferedBytes: 16 * 1024 * 1024,
      maxDocumentBufferedBytes: 64 * 1024 * 1024,
      maxServerBufferedBytes: 256 * 1024 * 1024,
      heapShedRatio: 0.75,
    })
  })

  it('defaults databaseUrl and redisUrl to null (SQLite, one server) and keeps given ones', () => {
    expect(resolveOptions(BASE)).toMatchObject({ databaseUrl: null, redisUrl: null })
    expect(resolveOptions({ ...BASE, databaseUrl: undefined, redisUrl: null })).toMatchObject({ databaseUrl: null, redisUrl: null })
    const urls = { databaseUrl: 'postgres://db.internal/spanwise', redisUrl: 'redis://cache.internal:6379' }
    expect(resolveOptions({ ...BASE, ...urls })).toMatchObject(urls)
  })

  it('prefixes Redis keys with "spanwise" unless told otherwise, and refuses a prefix Redis patterns could misread', () => {
    expect(resolveOptions(BASE).redisKeyPrefix).toBe('spanwise')
    expect(resolveOptions({ ...BASE, redisKeyPrefix: 'spanwise-staging' }).redisKeyPrefix).toBe('spanwise-staging')
    for (const redisKeyPrefix of ['', 'a b', 'prefix*', 'x'.repeat(65)]) {
      expect(() => resolveOptions({ ...BASE, redisKeyPrefix })).toThrow('createCollabServer: redisKeyPrefix must be 1–64 letters, digits, "-", "_", "." or ":"')
    }
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
    [{ maxDocumentBytes: 0 }, 'createCollabServer: maxDocumentBytes must be a positive integer (got 0)'],
    [{ heapShedRatio: 1.5 }, 'createCollabServer: heapShedRatio must be above 0 and at most 1 (got 1.5)'],
    // setTimeout fires at once (after 1 ms) beyond 2^31 - 1 ms: AUTO_VERSION_MINUTES=35792 would save every millisecond.
    [
      { autoVersionIntervalMs: 35_792 * 60_000 },
      'createCollabServer: autoVersionIntervalMs (AUTO_VERSION_MINUTES) must be at most 2147483647 ms (35791 minutes, the longest a timer can wait; got 2147520000)',
    ],
    [{ manualVersionIntervalMs: -1 }, 'createCollabServer: manualVersionIntervalMs must be a whole number of milliseconds, 0 or more (got -1)'],
    [{ maxMessageBytes: 4096, byteBurst: 4095 }, 'createCollabServer: byteBurst (4095) must be at least maxMessageBytes (4096)'],
    [{ maxMessageBytes: 4096, maxQueuedIncomingBytes: 4096 }, 'createCollabServer: maxQueuedIncomingBytes (4096) must be at least maxMessageBytes + 512 (4608)'],
  ])('rejects %j naming the option', (limits, message) => {
    expect(() => resolveOptions({ ...BASE, ...limits })).toThrow(message)
  })

  it('accepts the longest automatic-version interval a timer can wait', () => {
    expect(resolveOptions({ ...BASE, autoVersionIntervalMs: 35_791 * 60_000 }).autoVersionIntervalMs).toBe(35_791 * 60_000)
  })
})
