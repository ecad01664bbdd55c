import { describe, expect, it } from 'vitest'
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { forgetRemovedPeers } from '../../../../editor/session/awareness-reconnect'

/** Bea's awareness, and Ada's copy of it as a page has it before its connection closes. */
function adaSeesBea() {
  const bea = new Awareness(new Y.Doc())
  bea.setLocalState({ user: { name: 'Bea', color: '#D55E00' } })
  const ada = new Awareness(new Y.Doc())
  ada.setLocalState({ user: { name: 'Ada', color: '#0072B2' } })
  applyAwarenessUpdate(ada, encodeAwarenessUpdate(bea, [bea.clientID]), 'server')
  expect(ada.getStates().get(bea.clientID)).toMatchObject({ user: { name: 'Bea' } })
  // What y-websocket does when the connection closes.
  removeAwarenessStates(ada, [bea.clientID], 'provider')
  return { ada, bea, greeting: encodeAwarenessUpdate(bea, [bea.clientID]) }
}

describe('forgetRemovedPeers', () => {
  it('(guard) without it, the server’s greeting after a reconnect is ignored for an idle person', () => {
    const { ada, bea, greeting } = adaSeesBea()
    applyAwarenessUpdate(ada, greeting, 'server')
    expect(ada.getStates().has(bea.clientID), 'y-protocols now takes an unchanged state after a removal: forgetRemovedPeers may be unneeded').toBe(false)
  })

  it('lets the greeting of the next connection show an idle person again', () => {
    const { ada, bea, greeting } = adaSeesBea()
    forgetRemovedPeers(ada)
    applyAwarenessUpdate(ada, greeting, 'server')
    expect(ada.getStates().get(bea.clientID)).toMatchObject({ user: { name: 'Bea' } })
  })

  it('keeps the local state and the clocks of people still present', () => {
    const { ada } = adaSeesBea()
    const cyd = new Awareness(new Y.Doc())
    cyd.setLocalState({ user: { name: 'Cyd', color: '#009E73' } })
    cyd.setLocalState({ user: { name: 'Cyd', color: '#009E73' }, cursor: null })
    applyAwarenessUpdate(ada, encodeAwarenessUpdate(cyd, [cyd.clientID]), 'server')
    const [ownClock, cydClock] = [ada.meta.get(ada.clientID)!.clock, ada.meta.get(cyd.clientID)!.clock]
    forgetRemovedPeers(ada)
    expect(ada.meta.get(ada.clientID)!.clock).toBe(ownClock)
    expect(ada.meta.get(cyd.clientID)!.clock).toBe(cydClock)
    expect(ada.getLocalState()).toMatchObject({ user: { name: 'Ada' } })
    // An older state of a person still present is still refused.
    const stale = new Awareness(new Y.Doc())
    stale.clientID = cyd.clientID
    stale.setLocalState({ user: { name: 'Old Cyd', color: '#009E73' } })
    applyAwarenessUpdate(ada, encodeAwarenessUpdate(stale, [cyd.clientID]), 'server')
    expect(ada.getStates().get(cyd.clientID)).toMatchObject({ user: { name: 'Cyd' } })
  })
})
