import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../../../collab-server/logger'
import { AutoVersions } from '../../../../collab-server/versions/auto-versions'
import type { SaveVersionOutcome } from '../../../../collab-server/versions/document-versions'

const UNCHANGED: SaveVersionOutcome = { ok: false, reason: 'unchanged', message: 'nothing changed since the latest version' }

describe('AutoVersions', () => {
  let saved: string[]
  let autoVersions: AutoVersions

  beforeEach(() => {
    vi.useFakeTimers()
    saved = []
    autoVersions = new AutoVersions({
      intervalMs: 60_000,
      logger: silentLogger,
      save: async (docId) => {
        saved.push(docId)
        return UNCHANGED
      },
    })
  })
  afterEach(async () => {
    await autoVersions.stop()
    vi.useRealTimers()
  })

  it('saves one version an interval after the first edit, however many edits come meanwhile', async () => {
    autoVersions.noteEdit('a')
    await vi.advanceTimersByTimeAsync(30_000)
    autoVersions.noteEdit('a')
    autoVersions.noteEdit('b')
    await vi.advanceTimersByTimeAsync(29_999)
    expect(saved).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(saved).toEqual(['a'])
    await vi.advanceTimersByTimeAsync(30_000)
    expect(saved).toEqual(['a', 'b'])
  })

  it('saves nothing without edits, and starts again with the next edit', async () => {
    await vi.advanceTimersByTimeAsync(600_000)
    expect(saved).toEqual([])
    autoVersions.noteEdit('a')
    await vi.advanceTimersByTimeAsync(60_000)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(saved).toEqual(['a'])
    autoVersions.noteEdit('a')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(saved).toEqual(['a', 'a'])
  })

  it('forgets pending versions when stopped, and never throws when a save fails', async () => {
    const failing = new AutoVersions({ intervalMs: 10, logger: silentLogger, save: () => Promise.reject(new Error('disk full')) })
    failing.noteEdit('a')
    await vi.advanceTimersByTimeAsync(10)
    await failing.stop()
    autoVersions.noteEdit('a')
    await autoVersions.stop()
    autoVersions.noteEdit('b')
    await vi.advanceTimersByTimeAsync(600_000)
    expect(saved).toEqual([])
  })

  it('makes none with an interval of 0', async () => {
    const off = new AutoVersions({ intervalMs: 0, logger: silentLogger, save: async (docId) => (saved.push(docId), UNCHANGED) })
    off.noteEdit('a')
    await vi.advanceTimersByTimeAsync(600_000)
    expect(saved).toEqual([])
  })

  it('refuses an interval a timer cannot wait (it would fire at once, a version after every edit)', () => {
    const save = async () => UNCHANGED
    expect(() => new AutoVersions({ intervalMs: 35_792 * 60_000, logger: silentLogger, save })).toThrow(
      'AutoVersions: intervalMs (AUTO_VERSION_MINUTES) must be at most 2147483647 ms, 35791 minutes (got 2147520000)',
    )
    expect(() => new AutoVersions({ intervalMs: 35_791 * 60_000, logger: silentLogger, save })).not.toThrow()
  })
})
