import { describe, expect, it } from 'vitest'
import { isFailedWrite, isUnsavedEdit, shouldTakeBarrier, type BarrierSignals } from '../../../../editor/session/local-cache-policy'

describe('local cache policy', () => {
  const cacheOrigin = { name: 'y-indexeddb' }
  const server = { name: 'provider' }
  const isFromServer = (origin: unknown) => origin === server

  it('tracks this page’s own updates, not those read from IndexedDB or received from the server', () => {
    expect(isUnsavedEdit({ origin: null, cacheOrigin, isFromServer })).toBe(true)
    expect(isUnsavedEdit({ origin: Symbol('unsaved'), cacheOrigin, isFromServer })).toBe(true)
    expect(isUnsavedEdit({ origin: cacheOrigin, cacheOrigin, isFromServer })).toBe(false)
    expect(isUnsavedEdit({ origin: server, cacheOrigin, isFromServer })).toBe(false)
    expect(isUnsavedEdit({ origin: server, cacheOrigin })).toBe(true)
  })

  it('counts only aborted writes as failed, not aborted reads', () => {
    expect(isFailedWrite('readwrite')).toBe(true)
    expect(isFailedWrite('versionchange')).toBe(true)
    expect(isFailedWrite('readonly')).toBe(false)
  })

  it('takes a barrier only on a loaded, kept copy with unconfirmed updates and none in flight', () => {
    const ready: BarrierSignals = { barrierPending: false, loaded: true, unconfirmed: 2, stopped: false }
    expect(shouldTakeBarrier(ready)).toBe(true)
    expect(shouldTakeBarrier({ ...ready, barrierPending: true })).toBe(false)
    expect(shouldTakeBarrier({ ...ready, loaded: false })).toBe(false)
    expect(shouldTakeBarrier({ ...ready, unconfirmed: 0 })).toBe(false)
    expect(shouldTakeBarrier({ ...ready, stopped: true })).toBe(false)
  })
})
