import { personColor } from '../user/identity'
import { toSafeAwarenessState, type AwarenessUser } from './awareness-state'

/** One person connected to the document. */
export interface Presence {
  clientId: number
  user: AwarenessUser
  isSelf: boolean
}

/**
 * The people in a document, from its awareness states: one per state with a valid `user`, you
 * first, then by name. States that are malformed (see {@link toSafeAwarenessState}) or carry no
 * `user` are left out.
 */
export function readPresence(states: ReadonlyMap<number, unknown>, selfClientId: number): Presence[] {
  const people: Presence[] = []
  states.forEach((state, clientId) => {
    const user = toSafeAwarenessState(state)?.user
    if (user) people.push({ clientId, user: { ...user, color: personColor(user.color) }, isSelf: clientId === selfClientId })
  })
  return people.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.user.name.localeCompare(b.user.name))
}

/** True when two presence lists show the same people (cursor moves change awareness, not this). */
export function samePresence(a: readonly Presence[], b: readonly Presence[]): boolean {
  return (
    a.length === b.length &&
    a.every((person, index) => {
      const other = b[index]
      return person.clientId === other.clientId && person.isSelf === other.isSelf && person.user.name === other.user.name && person.user.color === other.user.color
    })
  )
}
