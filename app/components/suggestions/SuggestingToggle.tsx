'use client'

import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { isSuggesting, setSuggesting } from '../../../editor/commands/suggestions'

interface SuggestingToggleProps {
  view: EditorView | null
  state: EditorState | null
  disabled: boolean
}

/** The toolbar's "Suggesting" switch: while on, this person's edits become suggestions. */
export function SuggestingToggle({ view, state, disabled }: SuggestingToggleProps) {
  const on = !!state && isSuggesting(state)
  return (
    <button
      type="button"
      className={`tool suggesting-toggle${on ? ' active' : ''}`}
      aria-pressed={on}
      title={on ? 'Suggesting: your edits are suggestions an editor accepts or rejects. Click to edit directly.' : 'Suggest changes instead of editing directly'}
      disabled={disabled || !view}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => {
        if (!view) return
        setSuggesting(!on)(view.state, view.dispatch)
        view.focus()
      }}
    >
      <span aria-hidden="true">✎</span> Suggesting
    </button>
  )
}
