import type { ConnectionState } from '../../editor/session/connection-state'

const LABELS: Record<ConnectionState['status'], string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  refused: 'Refused',
}

/** Shows the link to the collab server: connecting, connected, reconnecting, offline or refused. */
export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span
      className={`connection-badge status-${state.status}`}
      data-testid="connection-status"
      data-status={state.status}
      role="status"
      aria-live="polite"
      title={state.reason ?? LABELS[state.status]}
    >
      <span className="dot" aria-hidden="true" />
      {LABELS[state.status]}
    </span>
  )
}
