import type { Node as PMNode } from 'prosemirror-model'
import { EditorState, TextSelection, type Plugin, type PluginView, type Transaction } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { prosemirrorToYXmlFragment, ySyncPlugin } from 'y-prosemirror'
import * as Y from 'yjs'
import { schema } from '../../../../../editor/schema'

/**
 * Just enough of an EditorView, without a DOM, for y-prosemirror's sync plugin and ours: it keeps
 * the state, applies dispatched transactions and runs the plugins' views, as a browser's view does.
 */
export class HeadlessEditor {
  state: EditorState
  private readonly pluginViews: PluginView[] = []

  /** `plugins` come after the sync plugin, `beforeSync` before it. */
  constructor(
    readonly ydoc: Y.Doc,
    plugins: Plugin[],
    beforeSync: Plugin[] = [],
  ) {
    this.state = EditorState.create({ schema, plugins: [...beforeSync, ySyncPlugin(ydoc.getXmlFragment('prosemirror')) as Plugin, ...plugins] })
    for (const plugin of this.state.plugins) {
      const view = plugin.spec.view?.(this as unknown as EditorView)
      if (view) this.pluginViews.push(view)
    }
  }

  dispatch(tr: Transaction): void {
    this.updateState(this.state.apply(tr))
  }

  /** Replaces the state and runs the plugins' views, as EditorView.updateState does. */
  updateState(state: EditorState): void {
    const previous = this.state
    this.state = state
    for (const view of this.pluginViews) view.update?.(this as unknown as EditorView, previous)
  }

  hasFocus(): boolean {
    return false
  }

  /** Puts the caret (or a range) at ProseMirror positions. */
  select(anchor: number, head = anchor): void {
    this.dispatch(this.state.tr.setSelection(TextSelection.create(this.state.doc, anchor, head)))
  }

  /** Types one character at the selection, as a keystroke does. */
  type(text: string): void {
    this.dispatch(this.state.tr.insertText(text))
  }

  destroy(): void {
    for (const view of this.pluginViews) view.destroy?.()
  }
}

/** `count` Yjs replicas holding the same `content`, each synced with the others. */
export function replicasOf(content: PMNode, count: number): Y.Doc[] {
  const origin = new Y.Doc()
  prosemirrorToYXmlFragment(content, origin.getXmlFragment('prosemirror'))
  const update = Y.encodeStateAsUpdate(origin)
  return Array.from({ length: count }, () => {
    const replica = new Y.Doc()
    Y.applyUpdate(replica, update)
    return replica
  })
}

/** Sends what `from` has and `to` lacks, as the collab server would relay it. */
export function relay(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote')
}
