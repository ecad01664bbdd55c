import type { AnnotationType } from './annotation'

/** What a keyboard shortcut does; the editor's keymap binds each action to a command. */
export type ShortcutAction = 'undo' | 'redo' | 'bold' | 'italic' | 'paragraph' | 'heading-1' | 'heading-2' | 'heading-3' | `tag-${AnnotationType}` | 'focus-tag-bar'

/** One keyboard shortcut: its keys in prosemirror-keymap notation (the first is the one hints show) and what it does. */
export interface Shortcut {
  readonly action: ShortcutAction
  readonly keys: readonly [string, ...string[]]
  readonly description: string
}

/**
 * The editor's keyboard shortcuts, the one table the keymap, the UI's hints and README.md's
 * shortcut table follow (a unit test compares it with the README). `Mod` is Cmd on macOS, Ctrl
 * elsewhere.
 */
export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'undo', keys: ['Mod-z'], description: 'undo your own changes' },
  { action: 'redo', keys: ['Mod-Shift-z', 'Mod-y'], description: 'redo your own changes' },
  { action: 'bold', keys: ['Mod-b'], description: 'bold' },
  { action: 'italic', keys: ['Mod-i'], description: 'italic' },
  { action: 'paragraph', keys: ['Shift-Ctrl-0'], description: 'paragraph' },
  { action: 'heading-1', keys: ['Shift-Ctrl-1'], description: 'heading 1' },
  { action: 'heading-2', keys: ['Shift-Ctrl-2'], description: 'heading 2' },
  { action: 'heading-3', keys: ['Shift-Ctrl-3'], description: 'heading 3' },
  { action: 'tag-event', keys: ['Mod-Alt-1'], description: 'tag the selection as an event' },
  { action: 'tag-quote', keys: ['Mod-Alt-2'], description: 'tag the selection as a quote' },
  { action: 'tag-claim', keys: ['Mod-Alt-3'], description: 'tag the selection as a claim' },
  { action: 'focus-tag-bar', keys: ['Alt-F10'], description: 'move focus to the tag bar (Escape returns to the text)' },
]

/** The shortcut of `action`. Throws when the table lacks it (a programmer error). */
export function shortcutOf(action: ShortcutAction): Shortcut {
  const shortcut = SHORTCUTS.find((candidate) => candidate.action === action)
  if (!shortcut) throw new Error(`no shortcut for ${action}`)
  return shortcut
}

/**
 * The parts of a key as people press them: `Mod-Shift-z` is `["Mod", "Shift", "Z"]`, or with
 * `mac` given, `Mod` becomes "⌘" (true) or "Ctrl" (false).
 */
export function keyParts(key: string, mac?: boolean): string[] {
  return key.split('-').map((part) => {
    if (part === 'Mod' && mac !== undefined) return mac ? '⌘' : 'Ctrl'
    return part.length === 1 ? part.toUpperCase() : part
  })
}

/** A key as a hint shows it, e.g. "Ctrl+Shift+Z" (`mac` as in {@link keyParts}). */
export function keyLabel(key: string, mac?: boolean): string {
  return keyParts(key, mac).join('+')
}

/** The hint for `action`: its first key as {@link keyLabel} shows it. */
export function shortcutHint(action: ShortcutAction, mac?: boolean): string {
  return keyLabel(shortcutOf(action).keys[0], mac)
}
