import { baseKeymap } from 'prosemirror-commands'
import { keymap } from 'prosemirror-keymap'
import type { Plugin } from 'prosemirror-state'
import { defaultDeleteFilter, defaultProtectedNodes, yCursorPlugin, ySyncPlugin, ySyncPluginKey, yUndoPlugin } from 'y-prosemirror'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { editorKeymap } from '../commands/keymap'
import { annotationOrigin, annotationsMap } from '../model/annotation-store'
import { annotationPlugin, type AnnotationContext } from '../plugins/annotation-plugin'
import { findPlugin } from '../plugins/find-plugin'
import { browserCaretPlugin } from '../plugins/browser-caret'
import { caretStickinessPlugin } from '../plugins/caret-stickiness'
import { emptyBlockTextPlugin } from '../plugins/empty-block-text'
import { reattachOnUndoPlugin } from '../plugins/reattach-on-undo'
import { suggestionsPlugins } from '../plugins/suggestions-plugin'
import { textLockPlugin } from '../plugins/text-lock-plugin'
import { typedTextPlacementPlugin } from '../plugins/typed-text-placement'
import { undoGroupingPlugins } from '../plugins/undo-grouping'
import { toSafeAwarenessState } from '../session/awareness-state'
import { buildRemoteCursor, buildRemoteSelection } from './cursor-widgets'
import { drawVisiblePlugin } from './draw-visible-plugin'

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
 * One undo manager for the user's own text and annotation changes: it tracks the `prosemirror`
 * fragment and the `annotations` map, for y-prosemirror's origin and the annotation origin only,
 * so remote changes are never undone.
 */
function createUndoManager(fragment: Y.XmlFragment, ydoc: Y.Doc): Y.UndoManager {
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
 * The plugins of a collaborative Spanwise editor: keys that act at the caret the person sees,
 * y-prosemirror's sync (with carets that stay after their own typing), remote cursors and per-user
 * undo (text and annotations, in steps of a word or an action; undoing a deletion re-attaches its
 * annotations), annotation highlights (drawn for the text on screen), suggestions, find's
 * highlights, our keymap, ProseMirror's base keymap.
 */
export function collabPlugins({ fragment, awareness, annotations, isTextLocked = () => false }: CollabPluginsOptions): Plugin[] {
  // Undo steps of a word, a paste, a formatting change: one plugin on each side of the sync plugin.
  const undoGrouping = undoGroupingPlugins()
  const undoManager = createUndoManager(fragment, annotations.ydoc)
  return [
    // Keys act at the caret the person sees, even before the browser has reported moving it.
    browserCaretPlugin(),
    textLockPlugin(isTextLocked),
    undoGrouping.before,
    // Typed text goes into Yjs where it was typed, before the sync plugin writes the rest.
    typedTextPlacementPlugin(),
    // y-prosemirror declares the results of ySyncPlugin and yCursorPlugin as `any`.
    ySyncPlugin(fragment) as Plugin,
    undoGrouping.after,
    // Others' typing at my caret goes after it, so two people at one spot never interleave.
    caretStickinessPlugin(),
    // Empty blocks hold a text, so people who start typing in one at once type into one text.
    emptyBlockTextPlugin(),
    yCursorPlugin(awareness, {
      awarenessStateFilter: drawsRemoteCursor,
      cursorBuilder: buildRemoteCursor,
      selectionBuilder: buildRemoteSelection,
    }) as Plugin,
    yUndoPlugin({ undoManager }),
    // Undoing the deletion of tagged words attaches their annotations again, for everyone.
    reattachOnUndoPlugin(undoManager),
    annotationPlugin(annotations),
    // Suggesting mode (this person's), and everyone's suggestions coloured by author.
    ...suggestionsPlugins({ ydoc: annotations.ydoc }),
    findPlugin(),
    drawVisiblePlugin(),
    editorKeymap(),
    keymap(baseKeymap),
  ]
}
