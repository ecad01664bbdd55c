import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../../../editor/model/close-codes'
import {
  connectionLabel,
  deriveConnectionState,
  OFFLINE_REASONS,
  REFUSAL_REASONS,
  TRANSIENT_CLOSE_NOTICES,
  type ConnectionSignals,
} from '../../../../editor/session/connection-state'

const base: ConnectionSignals = { socketConnected: false, synced: false, everConnected: false, browserOnline: true, refusal: null }

describe('deriveConnectionState', () => {
  it('is connecting before the first sync and connected once synced', () => {
    expect(deriveConnectionState(base)).toEqual({ status: 'connecting' })
    expect(deriveConnectionState({ ...base, socketConnected: true, everConnected: true })).toEqual({ status: 'reconnecting' })
    expect(deriveConnectionState({ ...base, socketConnected: true, synced: true, everConnected: true })).toEqual({ status: 'connected' })
  })

  it('is reconnecting after a drop, offline when the browser is, refused with a reason', () => {
    expect(deriveConnectionState({ ...base, everConnected: true })).toEqual({ status: 'reconnecting' })
    expect(deriveConnectionState({ ...base, everConnected: true, browserOnline: false })).toEqual({ status: 'offline', reason: OFFLINE_REASONS.tab })
    expect(deriveConnectionState({ ...base, refusal: { code: 4404, reason: '' } })).toEqual({
      status: 'refused',
      reason: 'This document does not exist on the server.',
      code: 4404,
    })
    expect(deriveConnectionState({ ...base, refusal: { code: 4403, reason: 'token expired' } })).toEqual({ status: 'refused', reason: 'token expired', code: 4403 })
  })

  it('says offline edits are saved on this device when there is a local copy', () => {
    const state = deriveConnectionState({ ...base, everConnected: true, browserOnline: false, savedOnDevice: true })
    expect(state).toEqual({ status: 'offline', reason: OFFLINE_REASONS.device })
    expect(connectionLabel(state)).toBe('Offline — edits saved on this device')
    expect(connectionLabel(deriveConnectionState({ ...base, browserOnline: false }))).toBe('Offline')
  })

  it('shows the server restarting (1012) while reconnecting, until the document is synced again', () => {
    const dropped = { ...base, everConnected: true, serverClose: { code: 1012 } }
    const restarting = deriveConnectionState(dropped)
    expect(restarting).toEqual({ status: 'reconnecting', code: 1012, reason: TRANSIENT_CLOSE_NOTICES[1012] })
    expect(restarting.reason).toContain('restarting')
    expect(connectionLabel(restarting)).toBe('Server restarting…')
    // The socket is open again but not synced yet: still the notice.
    expect(deriveConnectionState({ ...dropped, socketConnected: true })).toEqual(restarting)
    expect(deriveConnectionState({ ...dropped, socketConnected: true, synced: true })).toEqual({ status: 'connected' })
  })

  it('shows the server busy (1013) as a transient retry', () => {
    const busy = deriveConnectionState({ ...base, everConnected: true, serverClose: { code: 1013 } })
    expect(busy.status).toBe('reconnecting')
    expect(busy.code).toBe(1013)
    expect(busy.reason).toContain('busy')
    expect(connectionLabel(busy)).toBe('Server busy — retrying…')
  })

  it('lets offline and refusals win over a transient notice; ignores codes without one', () => {
    const notice = { serverClose: { code: 1012 } }
    expect(deriveConnectionState({ ...base, ...notice, browserOnline: false }).status).toBe('offline')
    expect(deriveConnectionState({ ...base, ...notice, refusal: { code: 4401, reason: '' } }).status).toBe('refused')
    expect(deriveConnectionState({ ...base, everConnected: true, serverClose: { code: 1006 } })).toEqual({ status: 'reconnecting' })
    expect(connectionLabel({ status: 'reconnecting' })).toBe('Reconnecting…')
  })
})

describe('REFUSAL_REASONS', () => {
  it('explains every permanent close code the collab server sends (one contract, editor/model/close-codes.ts)', () => {
    const permanent = [...new Set(Object.values(CloseCode))].filter((code) => code >= 4400 && code <= 4499).sort()
    expect(Object.keys(REFUSAL_REASONS).map(Number).sort()).toEqual(permanent)
  })
})
