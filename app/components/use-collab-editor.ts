'use client'

import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'
import type { ConnectionState } from '../../editor/session/connection-state'
import { openCollabSession, type CollabSession } from '../../editor/session/collab-session'
import { readPresence, samePresence, type Presence } from '../../editor/session/presence'
import { editorAbilities, localCopyStateAfterLoad, localCopyStateOf, reactionToState, shouldReloadForRecreated, type LocalCopyState } from '../../editor/session/session-reactions'
import type { UserIdentity } from '../../editor/user/identity'
import { createCollabEditorView } from '../../editor/view/create-editor-view'
import { createStatePacer } from '../../editor/view/state-pacer'

export type { LocalCopyState }

/**
 * Opens the collab session for `docId` once an identity exists, mounts the editor into the
 * returned ref, and exposes connection state, presence, the state of the copy kept on this device
 * (IndexedDB, named with `createdAt`), the editor state for the toolbar and the session's Y.Doc
 * (for what the editor does not show, such as the document's details). The session connects to
 * one of `collabUrls` picked at random, and to the next one after a connection closes or fails.
 */
export function useCollabEditor(
  docId: string,
  createdAt: string,
  collabUrls: readonly string[],
  user: UserIdentity | null,
  token: string | null,
  permissions: { editText: boolean; annotate: boolean },
) {
  const mountRef = useRef<HTMLDivElement>(null)
  const [view, setView] = useState<EditorView | null>(null)
  const [ydoc, setYdoc] = useState<Y.Doc | null>(null)
  const [editorState, setEditorState] = useState<EditorState | null>(null)
  const [connection, setConnection] = useState<ConnectionState>({ status: 'connecting' })
  const [people, setPeople] = useState<Presence[]>([])
  const [localCopy, setLocalCopy] = useState<LocalCopyState>('none')
  // A refused update means this tab's unsynced changes can never be applied: start a fresh session.
  const [generation, setGeneration] = useState(0)
  const [discarded, setDiscarded] = useState<string | null>(null)
  const sessionRef = useRef<CollabSession | null>(null)
  const hasUser = user !== null
  // A new array with the same URLs (a re-render of the server component) must not reopen the session.
  const collabUrlList = collabUrls.join(' ')
  const userRef = useRef(user)
  useEffect(() => {
    userRef.current = user
  }, [user])

  // The session is opened once per document and user presence; identity edits go through setUser.
  useEffect(() => {
    const mount = mountRef.current
    const user = userRef.current
    if (!mount || !user) return
    const granted = { editText: permissions.editText, annotate: permissions.annotate }
    let refused = false
    let disposed = false
    let editorView: EditorView | null = null
    const session: CollabSession = openCollabSession({
      serverUrl: collabUrlList.split(' '),
      docId,
      createdAt,
      user,
      params: token ? { token } : {},
      onStateChange: (state) => {
        if (disposed) return
        const reaction = reactionToState(state)
        refused = reaction.kind === 'show' ? reaction.refused : true
        if (reaction.kind === 'restart') setDiscarded(reaction.discarded)
        else setConnection(state)
        editorView?.setProps({})
        // The refused change is in IndexedDB too: delete that copy before the fresh session opens it.
        if (reaction.kind === 'restart') void session.discardLocalCache().finally(() => disposed || setGeneration((value) => value + 1))
        if (reaction.kind === 'reload') void session.discardLocalCache().finally(() => disposed || reloadOnceFor(docId))
      },
    })
    sessionRef.current = session
    // The session reports changes only; it may start in a state other than connecting (offline).
    setConnection(session.getState())
    setLocalCopy(localCopyStateOf(session.localCache))
    void session.localCache?.whenLoaded.then((loaded) => {
      if (sessionRef.current === session) setLocalCopy(localCopyStateAfterLoad(loaded))
    })
    // Text edits reach the toolbar and panel once typing pauses: a React redraw per keystroke
    // would cost more than the keystroke (see createStatePacer).
    const pacer = createStatePacer(setEditorState)
    editorView = createCollabEditorView(mount, session, {
      onStateChange: pacer.push,
      editable: () => editorAbilities(refused, granted).editable,
      isTextLocked: () => editorAbilities(refused, granted).textLocked,
      getUser: () => ({ id: userRef.current!.id, name: userRef.current!.name }),
      getColor: () => userRef.current!.color,
      canAnnotate: () => editorAbilities(refused, granted).canAnnotate,
    })
    // Awareness changes on every keystroke (the cursor moves); React redraws only when people come,
    // go or change their name or colour.
    const onAwareness = () => {
      const next = readPresence(session.awareness.getStates(), session.ydoc.clientID)
      setPeople((previous) => (samePresence(previous, next) ? previous : next))
    }
    session.awareness.on('change', onAwareness)
    onAwareness()
    setView(editorView)
    setYdoc(session.ydoc)
    pacer.push(editorView.state)
    pacer.flush()
    return () => {
      disposed = true
      pacer.cancel()
      session.awareness.off('change', onAwareness)
      editorView?.destroy()
      session.destroy()
      sessionRef.current = null
      setView(null)
      setYdoc(null)
    }
  }, [docId, createdAt, collabUrlList, hasUser, token, generation, permissions.editText, permissions.annotate])

  useEffect(() => {
    if (user) sessionRef.current?.setUser(user)
  }, [user])

  return { mountRef, view, ydoc, editorState, connection, people, discarded, localCopy }
}

/** Reloads the page for a document that was re-created, unless this tab just did so for it (see `shouldReloadForRecreated`). */
function reloadOnceFor(docId: string): void {
  const key = `spanwise:recreated-reload:${docId}`
  try {
    if (!shouldReloadForRecreated(Number(sessionStorage.getItem(key)), Date.now())) return
    sessionStorage.setItem(key, String(Date.now()))
  } catch {
    // No session storage: reload once anyway; at worst the next refusal reloads again.
  }
  window.location.reload()
}
