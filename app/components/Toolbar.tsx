'use client'

import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { redoCommand, undoCommand } from 'y-prosemirror'
import { activeHeadingLevel, isMarkActive, setHeading, setParagraph, toggleEm, toggleStrong } from '../../editor/commands/formatting'
import type { Command } from 'prosemirror-state'
import { isSuggesting } from '../../editor/commands/suggestions'
import { shortcutHint, type ShortcutAction } from '../../editor/model/shortcuts'
import { SuggestingToggle } from './suggestions/SuggestingToggle'
import { useMacKeys } from './use-mac-keys'

interface ToolbarProps {
  view: EditorView | null
  state: EditorState | null
  disabled: boolean
}

/** Formatting and history buttons; each runs an editor command and reflects whether it applies. */
export function Toolbar({ view, state, disabled }: ToolbarProps) {
  const mac = useMacKeys()
  const hint = (name: string, action: ShortcutAction) => `${name} (${shortcutHint(action, mac)})`
  const run = (command: Command) => {
    if (!view) return
    command(view.state, view.dispatch, view)
    view.focus()
  }
  const can = (command: Command) => !disabled && !!state && command(state)
  const level = state ? activeHeadingLevel(state) : 0
  // A block's type cannot be suggested: while suggesting, the block buttons are off.
  const suggesting = !!state && isSuggesting(state)
  const button = (label: string, title: string, command: Command, pressed?: boolean, content?: string, off = false) => (
    <button
      type="button"
      className={`tool${pressed ? ' active' : ''}`}
      aria-label={label}
      aria-pressed={pressed}
      title={title}
      disabled={off || !can(command)}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => run(command)}
    >
      {content ?? label}
    </button>
  )
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      {button('Undo', hint('Undo', 'undo'), undoCommand, undefined, '↶')}
      {button('Redo', hint('Redo', 'redo'), redoCommand, undefined, '↷')}
      <span className="tool-separator" aria-hidden="true" />
      {button('Bold', hint('Bold', 'bold'), toggleStrong, !!state && isMarkActive(state, 'strong'), 'B')}
      {button('Italic', hint('Italic', 'italic'), toggleEm, !!state && isMarkActive(state, 'em'), 'I')}
      <span className="tool-separator" aria-hidden="true" />
      {button('Paragraph', hint('Paragraph', 'paragraph'), setParagraph, level === 0, '¶', suggesting)}
      {([1, 2, 3] as const).map((n) => (
        <span key={n}>{button(`H${n} (heading ${n})`, hint(`Heading ${n}`, `heading-${n}`), level === n ? setParagraph : setHeading(n), level === n, `H${n}`, suggesting)}</span>
      ))}
      <span className="tool-separator" aria-hidden="true" />
      <SuggestingToggle view={view} state={state} disabled={disabled} />
    </div>
  )
}
