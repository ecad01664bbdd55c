import type { AnnotationType } from './annotation'

/** What a keyboard shortcut does; the editor's keymap binds each action to a command. */
export type EditorShortcutAction = 'undo' | 'redo' | 'bold' | 'italic' | 'paragraph' | 'heading-1' | 'heading-2' | 'heading-3' | `tag-${AnnotationType}` | 'focus-tag-bar'

/** What a shortcut of the page (not the editor's keymap) does: the annotation panel handles these. */
export type PanelShortcutAction = 'next-annotation' | 'previous-annotation' | 'save-annotation' | 'close-annotation'

/** What a shortcut of find does: the find bar handles these, wherever the focus is in the document's page. */
export type FindShortcutAction = 'find' | 'find-next' | 'find-previous'

export type ShortcutAction = EditorShortcutAction | PanelShortcutAction | FindShortcutAction

/** One keyboard shortcut: its keys in prosemirror-keymap notation (the first is the one hints show) and what it does. */
export interface Shortcut {
  readonly action: ShortcutAction
  readonly keys: readonly [string, ...string[]]
  readonly description: string
  /** `page`: handled by the annotation panel or the find bar, wherever the focus is; otherwise by the editor's keymap. */
  readonly scope?: 'page'
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
  { action: 'next-annotation', keys: ['Alt-j'], description: 'open the next annotation of the list (as filtered) and move focus to it (outside form fields)', scope: 'page' },
  { action: 'previous-annotation', keys: ['Alt-k'], description: 'open the previous annotation of the list', scope: 'page' },
  { action: 'save-annotation', keys: ['Mod-Enter'], description: 'save the open annotation’s form', scope: 'page' },
  { action: 'close-annotation', keys: ['Escape'], description: 'close the open annotation (in its details) and return to the text', scope: 'page' },
  { action: 'find', keys: ['Mod-f'], description: 'find in the text and the annotations (Enter / Shift-Enter: next / previous match; Escape closes)', scope: 'page' },
  { action: 'find-next', keys: ['Mod-g', 'F3'], description: 'go to the next match of find', scope: 'page' },
  { action: 'find-previous', keys: ['Mod-Shift-g', 'Shift-F3'], description: 'go to the previous match of find', scope: 'page' },
]

/** Whether a keydown event is `key` (prosemirror-keymap notation, e.g. `Alt-j`, `Mod-Enter`): the modifiers exactly, the key by its physical letter for Alt combinations (macOS turns Alt-J into "∆"). */
export function matchesKey(event: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>, key: string, mac: boolean): boolean {
  const parts = key.split('-')
  const name = parts.pop()!
  const wants = new Set(parts.map((part) => (part === 'Mod' ? (mac ? 'Meta' : 'Ctrl') : part)))
  if (event.altKey !== wants.has('Alt') || event.ctrlKey !== wants.has('Ctrl') || event.metaKey !== wants.has('Meta') || event.shiftKey !== wants.has('Shift')) return false
  if (name.length === 1) return event.key.toLowerCase() === name.toLowerCase() || event.code === `Key${name.toUpperCase()}`
  return event.key === name
}

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

/**
 * The keys of `action` as `aria-keyshortcuts` spells them, e.g. "Control+F" (`Mod` as "Meta" on a
 * Mac), several separated by spaces.
 */
export function ariaKeyShortcuts(action: ShortcutAction, mac: boolean): string {
  const names: Readonly<Record<string, string>> = { Mod: mac ? 'Meta' : 'Control', Ctrl: 'Control' }
  const spell = (key: string) => keyParts(key).map((part) => names[part] ?? part)
  return shortcutOf(action)
    .keys.map((key) => spell(key).join('+'))
    .join(' ')
}

/** The hint for `action`: its first key as {@link keyLabel} shows it. */
export function shortcutHint(action: ShortcutAction, mac?: boolean): string {
  return keyLabel(shortcutOf(action).keys[0], mac)
}
