import { connectionLabel, type ConnectionState } from '../../editor/session/connection-state'

/**
 * Shows the link to the collab server: connecting, connected, reconnecting (with the server's
 * notice: restarting, busy), offline (edits saved on this device) or refused. The full sentence
 * is the badge's title and, for screen readers, part of the live status text.
 */
export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const label = connectionLabel(state)
  return (
    <span
      className={`connection-badge status-${state.status}${state.code ? ` code-${state.code}` : ''}`}
      data-testid="connection-status"
      data-status={state.status}
      data-code={state.code}
      role="status"
      aria-live="polite"
      title={state.reason ?? label}
    >
      <span className="dot" aria-hidden="true" />
      <span className="connection-label">{label}</span>
      {state.reason && state.status !== 'refused' && <span className="visually-hidden">. {state.reason}</span>}
    </span>
  )
}
