import { Plugin, PluginKey } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'

const textLockPluginKey = new PluginKey('spanwise-text-lock')

/**
 * Makes the text read-only while keeping the editor focusable and selectable, for people who may
 * annotate but not edit: local transactions that change the document are dropped; changes that
 * come from Yjs (other people's edits, undo of one's own annotation changes) still apply. The
 * collab server enforces the same rule; this only keeps the browser from trying.
 */
export function textLockPlugin(isLocked: () => boolean): Plugin {
  return new Plugin({
    key: textLockPluginKey,
    filterTransaction: (tr) => !tr.docChanged || !isLocked() || tr.getMeta(ySyncPluginKey) !== undefined,
  })
}
