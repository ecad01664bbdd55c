import { EditorState, type Transaction } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import type { Person } from '../model/annotation'
import { CONTENT_FRAGMENT } from '../model/doc-layout'
import { collabPlugins } from './collab-plugins'
import { schema } from '../schema'
import type { CollabSession } from '../session/collab-session'

/** Options for {@link createCollabEditorView}. */
export interface CollabEditorViewOptions {
  /** Called after every transaction with the new state (for toolbars that reflect it). */
  onStateChange?: (state: EditorState) => void
  /** When false nothing can be done in the editor but reading (viewers, refused connections). */
  editable?: () => boolean
  /** When true the text is read-only but the editor stays focusable for annotating (annotators). */
  isTextLocked?: () => boolean
  /** The person recorded on new annotations and comments. */
  getUser: () => Person
  /** When false annotations cannot be changed. */
  canAnnotate?: () => boolean
}

/**
 * Mounts a ProseMirror editor bound to the session's `prosemirror` fragment. The initial
 * document is empty: content arrives from the server through y-prosemirror's sync.
 */
export function createCollabEditorView(mount: HTMLElement, session: CollabSession, options: CollabEditorViewOptions): EditorView {
  const state = EditorState.create({
    schema,
    plugins: collabPlugins({
      fragment: session.ydoc.getXmlFragment(CONTENT_FRAGMENT),
      awareness: session.awareness,
      annotations: { ydoc: session.ydoc, getUser: options.getUser, canAnnotate: options.canAnnotate },
      isTextLocked: options.isTextLocked,
    }),
  })
  return new EditorView(mount, {
    state,
    editable: options.editable ?? (() => true),
    attributes: { class: 'article-body', spellcheck: 'true', 'aria-label': 'Article text', role: 'textbox', 'aria-multiline': 'true' },
    // `this` rather than a captured variable: y-prosemirror dispatches from inside the constructor.
    dispatchTransaction(this: EditorView, transaction: Transaction) {
      const next = this.state.apply(transaction)
      this.updateState(next)
      options.onStateChange?.(next)
    },
  })
}
