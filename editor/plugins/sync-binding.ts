import type { EditorState } from 'prosemirror-state'
import { ySyncPluginKey, type ProsemirrorBinding } from 'y-prosemirror'

/** y-prosemirror's binding of the editor to its Yjs document, once the sync plugin's view made it. */
export function syncBindingOf(state: EditorState): ProsemirrorBinding | null {
  const syncState: unknown = ySyncPluginKey.getState(state)
  if (typeof syncState !== 'object' || syncState === null || !('binding' in syncState)) return null
  return (syncState as { binding: ProsemirrorBinding | null }).binding
}
