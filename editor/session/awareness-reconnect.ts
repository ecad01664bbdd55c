import type { Awareness } from 'y-protocols/awareness'

/**
 * Forgets the clocks of the people whose states this client removed itself: y-websocket removes
 * every remote state when a connection closes, which raises each one's clock by one, so the states
 * the server sends on the next connection (at their unchanged clocks) would be ignored and an idle
 * person would stay invisible until they renewed their state twice (about 30 seconds). Call it when
 * a new connection opens, before the server's first message. The local state is kept.
 */
export function forgetRemovedPeers(awareness: Awareness): void {
  for (const client of [...awareness.meta.keys()]) {
    if (client !== awareness.clientID && !awareness.states.has(client)) awareness.meta.delete(client)
  }
}
