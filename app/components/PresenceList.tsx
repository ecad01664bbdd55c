import type { Presence } from '../../editor/session/presence'

export type { Presence }

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('')
}

/** Round avatars in the header: everyone in the document, you first. */
export function PresenceAvatars({ people }: { people: Presence[] }) {
  return (
    <ul className="presence-avatars" aria-label="People in this document">
      {people.map((person) => (
        <li key={person.clientId} className="avatar" style={{ backgroundColor: person.user.color }} title={person.user.name}>
          {initials(person.user.name)}
        </li>
      ))}
    </ul>
  )
}

/** The side panel's list of people, with names. */
export function PresenceList({ people }: { people: Presence[] }) {
  return (
    <ul className="presence-list" data-testid="presence-list">
      {people.map((person) => (
        <li key={person.clientId} className="presence-item">
          <span className="presence-dot" style={{ backgroundColor: person.user.color }} aria-hidden="true" />
          <span className="presence-name">{person.user.name}</span>
          {person.isSelf && <span className="muted"> (you)</span>}
        </li>
      ))}
    </ul>
  )
}
