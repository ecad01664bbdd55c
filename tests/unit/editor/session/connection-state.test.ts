import { describe, expect, it } from 'vitest'
import { deriveConnectionState, type ConnectionSignals } from '../../../../editor/session/connection-state'

const base: ConnectionSignals = { socketConnected: false, synced: false, everConnected: false, browserOnline: true, refusal: null }

describe('deriveConnectionState', () => {
  it('is connecting before the first sync and connected once synced', () => {
    expect(deriveConnectionState(base)).toEqual({ status: 'connecting' })
    expect(deriveConnectionState({ ...base, socketConnected: true, everConnected: true })).toEqual({ status: 'reconnecting' })
    expect(deriveConnectionState({ ...base, socketConnected: true, synced: true, everConnected: true })).toEqual({ status: 'connected' })
  })

  it('is reconnecting after a drop, offline when the browser is, refused with a reason', () => {
    expect(deriveConnectionState({ ...base, everConnected: true })).toEqual({ status: 'reconnecting' })
    expect(deriveConnectionState({ ...base, everConnected: true, browserOnline: false })).toEqual({ status: 'offline' })
    expect(deriveConnectionState({ ...base, refusal: { code: 4404, reason: '' } })).toEqual({
      status: 'refused',
      reason: 'This document does not exist on the server.',
      code: 4404,
    })
    expect(deriveConnectionState({ ...base, refusal: { code: 4403, reason: 'token expired' } })).toEqual({ status: 'refused', reason: 'token expired', code: 4403 })
  })
})
