import { describe, expect, it } from 'vitest'
import {
  initialSignals,
  sameConnectionState,
  shouldReconnect,
  signalsOnClose,
  signalsOnStatus,
  signalsOnSync,
  websocketParams,
} from '../../../../editor/session/connection-signals'
import { deriveConnectionState, OFFLINE_REASONS } from '../../../../editor/session/connection-state'

describe('connection signals', () => {
  it('starts unconnected, online or not, with or without a copy on this device', () => {
    expect(initialSignals(true, false)).toEqual({
      socketConnected: false,
      synced: false,
      everConnected: false,
      browserOnline: true,
      refusal: null,
      serverClose: null,
      savedOnDevice: false,
    })
    expect(deriveConnectionState(initialSignals(true, true))).toEqual({ status: 'connecting' })
    expect(deriveConnectionState(initialSignals(false, true))).toEqual({ status: 'offline', reason: OFFLINE_REASONS.device })
  })

  it('counts the document as synced only while the socket is up, and remembers a first connection', () => {
    const fresh = initialSignals(true, false)
    expect(signalsOnStatus(fresh, 'connecting', true)).toEqual({ socketConnected: false, everConnected: false, synced: false })
    expect(signalsOnStatus(fresh, 'connected', false)).toEqual({ socketConnected: true, everConnected: true, synced: false })
    expect(signalsOnStatus(fresh, 'connected', true)).toEqual({ socketConnected: true, everConnected: true, synced: true })
    expect(signalsOnStatus({ ...fresh, everConnected: true }, 'disconnected', true)).toEqual({ socketConnected: false, everConnected: true, synced: false })
  })

  it('clears the server’s transient close notice on a sync only', () => {
    expect(signalsOnSync(true)).toEqual({ synced: true, serverClose: null })
    expect(signalsOnSync(false)).toEqual({ synced: false })
  })

  it('keeps only the transient closes the server announces', () => {
    expect(signalsOnClose(1012)).toEqual({ serverClose: { code: 1012 } })
    expect(signalsOnClose(1013)).toEqual({ serverClose: { code: 1013 } })
    expect(signalsOnClose(1006)).toBeNull()
    expect(signalsOnClose(4409)).toBeNull()
    expect(signalsOnClose(null)).toBeNull()
  })

  it('reconnects when back online unless the server refused the session', () => {
    const signals = initialSignals(false, false)
    expect(shouldReconnect(signals)).toBe(true)
    expect(shouldReconnect({ ...signals, refusal: { code: 4404, reason: '' } })).toBe(false)
  })

  it('compares states by status, reason and code', () => {
    expect(sameConnectionState({ status: 'connected' }, { status: 'connected' })).toBe(true)
    expect(sameConnectionState({ status: 'reconnecting', code: 1012 }, { status: 'reconnecting', code: 1013 })).toBe(false)
    expect(sameConnectionState({ status: 'offline', reason: OFFLINE_REASONS.device }, { status: 'offline', reason: OFFLINE_REASONS.tab })).toBe(false)
    expect(sameConnectionState({ status: 'connecting' }, { status: 'reconnecting' })).toBe(false)
  })

  it('adds the creation stamp to the websocket parameters when known', () => {
    expect(websocketParams({ token: 't' }, '2024-05-01T10:00:00.000Z')).toEqual({ token: 't', schemaVersion: '2', revision: '4', createdAt: '2024-05-01T10:00:00.000Z' })
    expect(websocketParams({ token: 't' }, undefined)).toEqual({ token: 't', schemaVersion: '2', revision: '4' })
    expect(websocketParams(undefined, undefined)).toEqual({ schemaVersion: '2', revision: '4' })
  })
})
