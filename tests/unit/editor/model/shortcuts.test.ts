import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EDITOR_BINDINGS } from '../../../../editor/commands/keymap'
import { ariaKeyShortcuts, keyLabel, keyParts, matchesKey, shortcutHint, shortcutOf, SHORTCUTS } from '../../../../editor/model/shortcuts'

const README = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8')

/** The rows of README.md's shortcut table (the one headed `| keys | does |`), as keys and description. */
function readmeShortcutRows(): Array<{ keys: string[]; description: string }> {
  const lines = README.split('\n')
  const header = lines.findIndex((line) => line.trim() === '| keys | does |')
  expect(header, 'README.md has a "| keys | does |" table').toBeGreaterThan(-1)
  const rows: Array<{ keys: string[]; description: string }> = []
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break
    const [keys, description] = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim())
    rows.push({ keys: keys.split(' or '), description })
  }
  return rows
}

describe('the shortcut table', () => {
  it('is the table in README.md, key for key and row for row', () => {
    const documented = SHORTCUTS.map(({ keys, description }) => ({ keys: keys.map((key) => keyParts(key).join('-')), description }))
    expect(readmeShortcutRows()).toEqual(documented)
  })

  it('is what the editor keymap binds, the page’s own shortcuts aside', () => {
    expect(Object.keys(EDITOR_BINDINGS).sort()).toEqual(
      SHORTCUTS.filter((shortcut) => shortcut.scope !== 'page')
        .flatMap((shortcut) => shortcut.keys)
        .sort(),
    )
  })

  it('matches keydown events by modifiers and key, Alt letters by their physical key (macOS types ∆ for Alt-J)', () => {
    const event = (init: Partial<KeyboardEvent>) => ({ key: '', code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...init })
    expect(matchesKey(event({ key: 'j', code: 'KeyJ', altKey: true }), 'Alt-j', false)).toBe(true)
    expect(matchesKey(event({ key: '∆', code: 'KeyJ', altKey: true }), 'Alt-j', true)).toBe(true)
    expect(matchesKey(event({ key: 'j', code: 'KeyJ' }), 'Alt-j', false)).toBe(false)
    expect(matchesKey(event({ key: 'j', code: 'KeyJ', altKey: true, ctrlKey: true }), 'Alt-j', false)).toBe(false)
    expect(matchesKey(event({ key: 'Enter', ctrlKey: true }), 'Mod-Enter', false)).toBe(true)
    expect(matchesKey(event({ key: 'Enter', metaKey: true }), 'Mod-Enter', true)).toBe(true)
    expect(matchesKey(event({ key: 'Enter', ctrlKey: true }), 'Mod-Enter', true)).toBe(false)
    expect(matchesKey(event({ key: 'Escape' }), 'Escape', false)).toBe(true)
  })

  it('binds every key once and names every action once', () => {
    const keys = SHORTCUTS.flatMap((shortcut) => shortcut.keys)
    expect(new Set(keys).size).toBe(keys.length)
    expect(new Set(SHORTCUTS.map((shortcut) => shortcut.action)).size).toBe(SHORTCUTS.length)
  })

  it('shows keys as people press them, per platform', () => {
    expect(keyParts('Mod-Shift-z')).toEqual(['Mod', 'Shift', 'Z'])
    expect([keyLabel('Mod-Shift-z', true), keyLabel('Mod-Shift-z', false), keyLabel('Shift-Ctrl-0', true)]).toEqual(['⌘+Shift+Z', 'Ctrl+Shift+Z', 'Shift+Ctrl+0'])
    expect([shortcutHint('redo'), shortcutHint('tag-claim', false)]).toEqual(['Mod+Shift+Z', 'Ctrl+Alt+3'])
  })

  it('throws for an action missing from the table', () => {
    expect(() => shortcutOf('strike' as 'bold')).toThrow('no shortcut for strike')
  })
})

describe('ariaKeyShortcuts', () => {
  it('spells the keys as aria-keyshortcuts does: Control or Meta for Mod, several separated by spaces', () => {
    expect(ariaKeyShortcuts('find', false)).toBe('Control+F')
    expect(ariaKeyShortcuts('find', true)).toBe('Meta+F')
    expect(ariaKeyShortcuts('find-previous', false)).toBe('Control+Shift+G Shift+F3')
  })
})
