import { DOCUMENT_RECREATED_CODE, UPDATE_REFUSED_CODE, type ConnectionState } from './connection-state'
import type { LocalCache } from './local-cache'

/**
 * What the page does about a connection state its session reports:
 * - `restart`: the server refused an update (4409), so this tab's unsynced changes can never be
 *   applied: discard the local copy, tell the user what was `discarded`, open a fresh session.
 * - `reload`: the document was deleted and created again (4410): show the state, discard the local
 *   copy and load the page again, which brings the new creation stamp.
 * - `show`: show the state; editing stops while it is `refused`.
 */
export type SessionReaction = { kind: 'restart'; discarded: string } | { kind: 'reload' } | { kind: 'show'; refused: boolean }

/** The page's reaction to `state`, see {@link SessionReaction}. */
export function reactionToState(state: ConnectionState): SessionReaction {
  if (state.status === 'refused' && state.code === UPDATE_REFUSED_CODE) return { kind: 'restart', discarded: state.reason ?? 'a change was refused' }
  if (state.status === 'refused' && state.code === DOCUMENT_RECREATED_CODE) return { kind: 'reload' }
  return { kind: 'show', refused: state.status === 'refused' }
}

/** Where this tab's copy of the document stands: none (no IndexedDB), loading it, loaded from this device. */
export type LocalCopyState = 'none' | 'loading' | 'loaded'

/** The state of a session's local copy right after it opened. */
export function localCopyStateOf(localCache: Pick<LocalCache, 'isLoaded'> | null): LocalCopyState {
  if (!localCache) return 'none'
  return localCache.isLoaded() ? 'loaded' : 'loading'
}

/** The state of a local copy once loading ended: `loaded` is what `LocalCache.whenLoaded` resolved to. */
export function localCopyStateAfterLoad(loaded: boolean): LocalCopyState {
  return loaded ? 'loaded' : 'none'
}

/** What the person may do in the editor, from their role's permissions and whether the session was refused. */
export function editorAbilities(refused: boolean, permissions: { editText: boolean; annotate: boolean }): { editable: boolean; textLocked: boolean; canAnnotate: boolean } {
  return {
    editable: !refused && (permissions.editText || permissions.annotate),
    textLocked: !permissions.editText,
    canAnnotate: !refused && permissions.annotate,
  }
}

/** How long after a reload for a re-created document another one is not tried (no reload loops). */
export const RECREATED_RELOAD_GUARD_MS = 30_000

/**
 * Whether to reload for a re-created document, given when this tab last did so for it (`lastReload`,
 * ms since the epoch; 0 or NaN when never): not within {@link RECREATED_RELOAD_GUARD_MS}, so a page
 * that still carries the old creation stamp after a reload stays refused instead of looping.
 */
export function shouldReloadForRecreated(lastReload: number, now: number): boolean {
  return !(now - lastReload < RECREATED_RELOAD_GUARD_MS)
}
