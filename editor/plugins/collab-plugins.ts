import { baseKeymap } from 'prosemirror-commands'
import { keymap } from 'prosemirror-keymap'
import type { Plugin } from 'prosemirror-state'
import { defaultDeleteFilter, defaultProtectedNodes, redoCommand, undoCommand, yCursorPlugin, ySyncPlugin, ySyncPluginKey, yUndoPlugin } from 'y-prosemirror'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { tagSelection } from '../commands/annotations'
import { setHeading, setParagraph, toggleEm, toggleStrong } from '../commands/formatting'
import { annotationOrigin, annotationsMap } from '../model/annotation-store'
import { toSafeAwarenessState } from '../session/awareness-state'
import { buildRemoteCursor, buildRemoteSelection } from '../view/cursor-widgets'
import { annotationPlugin, type AnnotationContext } from './annotation-plugin'
import { textLockPlugin } from './text-lock-plugin'

/** Options for {@link collabPlugins}. */
export interface CollabPluginsOptions {
  /** The `prosemirror` Y.XmlFragment of the shared document. */
  fragment: Y.XmlFragment
  awareness: Awareness
  /** The shared doc and current user, for annotations. */
  annotations: AnnotationContext
  /** True while the text may not be edited (annotators): typing is dropped, annotating works. */
  isTextLocked?: () => boolean
}

/**
 * Keyboard shortcuts: Mod-z / Mod-Shift-z (and Mod-y) undo and redo the user's own changes,
 * Mod-b / Mod-i toggle bold and italic, Shift-Ctrl-1…3 make headings and Shift-Ctrl-0 a paragraph,
 * Mod-Alt-1 / 2 / 3 tag the selection as an event, a quote or a claim.
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
    'Mod-Alt-1': tagSelection('event'),
    'Mod-Alt-2': tagSelection('quote'),
    'Mod-Alt-3': tagSelection('claim'),
  })
}

/**
 * One undo manager for the user's own text and annotation changes: it tracks the `prosemirror`
 * fragment and the `annotations` map, for y-prosemirror's origin and the annotation origin only,
 * so remote changes are never undone.
 */
export function createUndoManager(fragment: Y.XmlFragment, ydoc: Y.Doc): Y.UndoManager {
  return new Y.UndoManager([fragment, annotationsMap(ydoc)], {
    trackedOrigins: new Set<unknown>([ySyncPluginKey, annotationOrigin]),
    deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
    captureTransaction: (transaction) => transaction.meta.get('addToHistory') !== false,
  })
}

/**
 * Which awareness states y-prosemirror's cursor plugin draws (its `awarenessStateFilter`): other
 * clients' states that are valid (see {@link toSafeAwarenessState}). The plugin reads `cursor`
 * and `user` straight from the state, so a malformed one must never reach it.
 */
export function drawsRemoteCursor(ownClientId: number, clientId: number, state: unknown): boolean {
  return ownClientId !== clientId && toSafeAwarenessState(state) !== null
}

/**
 * The plugins of a collaborative Spanwise editor: y-prosemirror's sync, remote cursors and
 * per-user undo (text and annotations), annotation highlights, our keymap, ProseMirror's base keymap.
 */
export function collabPlugins({ fragment, awareness, annotations, isTextLocked = () => false }: CollabPluginsOptions): Plugin[] {
  return [
    textLockPlugin(isTextLocked),
    ySyncPlugin(fragment),
    yCursorPlugin(awareness, {
      awarenessStateFilter: drawsRemoteCursor,
      cursorBuilder: buildRemoteCursor,
      selectionBuilder: buildRemoteSelection,
    }),
    yUndoPlugin({ undoManager: createUndoManager(fragment, annotations.ydoc) }),
    annotationPlugin(annotations),
    editorKeymap(),
    keymap(baseKeymap),
  ]
}
