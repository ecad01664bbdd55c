import { baseKeymap } from 'prosemirror-commands'
import { keymap } from 'prosemirror-keymap'
import type { Plugin } from 'prosemirror-state'
import { redoCommand, undoCommand, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { setHeading, setParagraph, toggleEm, toggleStrong } from '../commands/formatting'
import { buildRemoteCursor, buildRemoteSelection } from '../view/cursor-widgets'

/** Options for {@link collabPlugins}. */
export interface CollabPluginsOptions {
  /** The `prosemirror` Y.XmlFragment of the shared document. */
  fragment: Y.XmlFragment
  awareness: Awareness
}

/**
 * Keyboard shortcuts: Mod-z / Mod-Shift-z (and Mod-y) undo and redo the user's own changes,
 * Mod-b / Mod-i toggle bold and italic, Shift-Ctrl-1…3 make headings and Shift-Ctrl-0 a paragraph
 * (ProseMirror's example-setup bindings; Mod-Alt-digits are left for annotation tools).
 */
export function editorKeymap(): Plugin {
  return keymap({
    'Mod-z': undoCommand,
    'Mod-Shift-z': redoCommand,
    'Mod-y': redoCommand,
    'Mod-b': toggleStrong,
    'Mod-i': toggleEm,
    'Shift-Ctrl-1': setHeading(1),
    'Shift-Ctrl-2': setHeading(2),
    'Shift-Ctrl-3': setHeading(3),
    'Shift-Ctrl-0': setParagraph,
  })
}

/**
 * The plugins of a collaborative Spanwise editor: y-prosemirror's sync, remote cursors and
 * per-user undo, our keymap, then ProseMirror's base keymap.
 */
export function collabPlugins({ fragment, awareness }: CollabPluginsOptions): Plugin[] {
  return [
    ySyncPlugin(fragment),
    yCursorPlugin(awareness, { cursorBuilder: buildRemoteCursor, selectionBuilder: buildRemoteSelection }),
    yUndoPlugin(),
    editorKeymap(),
    keymap(baseKeymap),
  ]
}
