import { awarenessUserSchema } from '../session/awareness-state'
import { personColor } from '../user/identity'

const FALLBACK_COLOR = '#555555'

/** The name and colour to draw for a remote user: theirs when valid, else "Anonymous" in grey. */
function drawnUser(user: unknown): { name: string; color: string } {
  const parsed = awarenessUserSchema.safeParse(user)
  return parsed.success ? { ...parsed.data, color: personColor(parsed.data.color) } : { name: 'Anonymous', color: FALLBACK_COLOR }
}

/**
 * Builds the caret widget for a remote user (y-prosemirror's `cursorBuilder`, which passes the
 * state's `user` as it is): a thin bar in their colour with their name above it. The name is
 * drawn by CSS from `data-name`, so the widget adds no text to the document's DOM (copying text
 * never picks up colleagues' names). A `user` outside the awareness contract is drawn as
 * "Anonymous" in grey.
 */
export function buildRemoteCursor(user: unknown): HTMLElement {
  const { name, color } = drawnUser(user)
  const caret = document.createElement('span')
  caret.className = 'remote-caret'
  caret.style.borderColor = color
  caret.setAttribute('data-user-name', name)
  const label = document.createElement('span')
  label.className = 'remote-caret-label'
  label.style.backgroundColor = color
  label.setAttribute('data-name', name)
  caret.append(label)
  return caret
}

/** Decoration attributes for a remote user's selection: their colour (grey when invalid), faintly. */
export function buildRemoteSelection(user: unknown): { style: string; class: string } {
  return { style: `background-color: ${drawnUser(user).color}33`, class: 'remote-selection' }
}
