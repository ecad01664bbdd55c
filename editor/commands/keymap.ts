import { keymap } from 'prosemirror-keymap'
import type { Command, Plugin } from 'prosemirror-state'
import { redoCommand, undoCommand } from 'y-prosemirror'
import { SHORTCUTS, type EditorShortcutAction } from '../model/shortcuts'
import { tagSelection } from './annotations'
import { setHeading, setParagraph, toggleEm, toggleStrong } from './formatting'
import { focusTagBar } from './tag-bar'

/** The command each shortcut action runs. */
const COMMANDS: Readonly<Record<EditorShortcutAction, Command>> = {
  undo: undoCommand,
  redo: redoCommand,
  bold: toggleStrong,
  italic: toggleEm,
  paragraph: setParagraph,
  'heading-1': setHeading(1),
  'heading-2': setHeading(2),
  'heading-3': setHeading(3),
  'tag-event': tagSelection('event'),
  'tag-quote': tagSelection('quote'),
  'tag-claim': tagSelection('claim'),
  'focus-tag-bar': focusTagBar,
}

/** The editor's keyboard shortcuts, key (in prosemirror-keymap notation) to command: every key of {@link SHORTCUTS} but the page's own. */
export const EDITOR_BINDINGS: Readonly<Record<string, Command>> = Object.fromEntries(
  SHORTCUTS.flatMap((shortcut) => (shortcut.scope === 'page' ? [] : shortcut.keys.map((key) => [key, COMMANDS[shortcut.action as EditorShortcutAction]]))),
)

/** The plugin that runs {@link EDITOR_BINDINGS}. */
export function editorKeymap(): Plugin {
  return keymap(EDITOR_BINDINGS)
}
