import { EditorState, type Transaction } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import type { Person } from '../model/annotation'
import { CONTENT_FRAGMENT } from '../model/doc-layout'
import { recordSuggestionAuthors } from '../model/suggestion-authors'
import { suggestingTransaction, suggestionIdsAdded } from '../plugins/suggesting'
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
  /** The person recorded on new annotations, comments and suggestions. */
  getUser: () => Person
  /** Their colour (`#rrggbb`), recorded with their suggestions. */
  getColor?: () => string
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
      dispatchCollabTransaction(this, transaction, session, options)
    },
  })
}

/** What {@link dispatchCollabTransaction} needs of a view: its state and a way to replace it. */
export interface StateHost {
  readonly state: EditorState
  updateState(state: EditorState): void
}

/**
 * Applies a transaction to the view as the collab editor does: in Suggesting mode a person's own
 * edit becomes a suggestion (nothing is applied when it cannot be recorded), its author is
 * recorded, and the app is handed the view's state once everything settled.
 */
export function dispatchCollabTransaction(view: StateHost, transaction: Transaction, session: Pick<CollabSession, 'ydoc'>, options: CollabEditorViewOptions): void {
  const applied = suggestingTransaction(transaction, view.state)
  if (!applied) return
  const previous = view.state
  const next = previous.apply(applied)
  view.updateState(next)
  // After the update (recording makes the suggestions plugin dispatch), and only for a change
  // that went through (a plugin may have filtered it out).
  if (applied !== transaction && next.doc !== previous.doc) recordSuggestionAuthors(session.ydoc, suggestionIdsAdded(applied), options.getUser(), options.getColor?.())
  // The view's state, not `next`: the dispatches nested above (the authors' bookkeeping) came after it.
  options.onStateChange?.(view.state)
}
