import { EditorState } from 'prosemirror-state'
import { DecorationSet, EditorView } from 'prosemirror-view'
import * as Y from 'yjs'
import { resolveAnnotations } from '../model/resolve-annotations'
import { upgradeDataModel } from '../model/upgrade-data-model'
import { decorationsFor } from '../plugins/annotation-decorations'
import { schema } from '../schema'
import { readContent } from '../yjs/document-content'

/**
 * Mounts a read-only ProseMirror view of a version's Yjs `state`: its text with its annotations
 * highlighted as they were (the same highlights as the editor's). Nothing in it can be changed;
 * no connection is made. Throws when the state cannot be read. Call `destroy()` on the result.
 */
export function mountVersionView(mount: HTMLElement, state: Uint8Array): EditorView {
  const ydoc = new Y.Doc()
  try {
    Y.applyUpdate(ydoc, state)
    // A version saved in an earlier data model reads as the server would load it today.
    upgradeDataModel(ydoc, null)
    const doc = readContent(ydoc)
    const { annotations } = resolveAnnotations(ydoc, doc)
    const decorations = DecorationSet.create(doc, decorationsFor(annotations, { selectedId: null, flashingId: null }))
    return new EditorView(mount, {
      state: EditorState.create({ schema, doc }),
      editable: () => false,
      decorations: () => decorations,
      attributes: { class: 'article-body version-body', role: 'region', 'aria-label': 'Text of this version (read-only)' },
    })
  } finally {
    ydoc.destroy()
  }
}
