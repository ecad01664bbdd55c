import type { UserIdentity } from '../user/identity'

/**
 * Builds the caret widget for a remote user: a thin bar in their colour with their name above it
 * (y-prosemirror's `cursorBuilder`). The name is drawn by CSS from `data-name`, so the widget adds
 * no text to the document's DOM (copying text never picks up colleagues' names).
 */
export function buildRemoteCursor(user: Partial<UserIdentity>): HTMLElement {
  const caret = document.createElement('span')
  caret.className = 'remote-caret'
  caret.style.borderColor = user.color ?? '#555'
  caret.setAttribute('data-user-name', user.name ?? '')
  const label = document.createElement('span')
  label.className = 'remote-caret-label'
  label.style.backgroundColor = user.color ?? '#555'
  label.setAttribute('data-name', user.name ?? 'Anonymous')
  caret.append(label)
  return caret
}

/** Decoration attributes for a remote user's selection: their colour, faintly. */
export function buildRemoteSelection(user: Partial<UserIdentity>): { style: string; class: string } {
  return { style: `background-color: ${user.color ?? '#555'}33`, class: 'remote-selection' }
}
