// The only module that touches `EditorView.domObserver`, a field marked `@internal` in
// prosemirror-view (pinned at 1.42.9). tests/unit/editor/plugins/dom-observer-internals.test.ts
// fails when an upgrade renames it or its `flush` method.
import type { EditorView } from 'prosemirror-view'

interface DomObserver {
  flush(): void
}

/**
 * Makes the editor take in what the browser did that it has not read yet: a caret the browser moved
 * (ProseMirror hears of it on `selectionchange`, which browsers may fire after a key event) and
 * changes to its DOM. It is what ProseMirror itself runs on `selectionchange` and on a DOM mutation.
 */
export function readPendingBrowserChanges(view: EditorView): void {
  const { domObserver } = view as unknown as { domObserver?: DomObserver }
  domObserver?.flush()
}
