import type { EditorView } from 'prosemirror-view'
import { useEffect, useRef, useState } from 'react'

/** The DOM event {@link requestComments} dispatches on the editor's element; the annotation panel listens for it. */
const SHOW_COMMENTS_EVENT = 'spanwise:show-comments'

/**
 * Asks the annotation panel to show the comments of annotation `id` as it opens it, those of a
 * resolved (folded) thread too: find opens an annotation because one of its comments matches.
 */
export function requestComments(view: EditorView, id: string): void {
  view.dom.dispatchEvent(new CustomEvent(SHOW_COMMENTS_EVENT, { detail: id }))
}

interface CommentsRequest {
  readonly id: string
  readonly serial: number
  /** The annotation has been the selected one since the request. */
  readonly opened: boolean
}

/**
 * The last {@link requestComments} made through `view`, as a number that is new for each request,
 * while its annotation is `selectedId`; undefined otherwise. A request ends when its annotation
 * closes: opened again by other means later, its thread shows as it was left.
 */
export function useCommentsRequest(view: EditorView | null, selectedId: string | null): number | undefined {
  const [request, setRequest] = useState<CommentsRequest | null>(null)
  const serial = useRef(0)
  useEffect(() => {
    if (!view) return
    const onRequest = (event: Event) => {
      const id = (event as CustomEvent<unknown>).detail
      if (typeof id === 'string') setRequest({ id, serial: ++serial.current, opened: false })
    }
    view.dom.addEventListener(SHOW_COMMENTS_EVENT, onRequest)
    return () => view.dom.removeEventListener(SHOW_COMMENTS_EVENT, onRequest)
  }, [view])
  if (request && !request.opened && request.id === selectedId) setRequest({ ...request, opened: true })
  if (request?.opened && request.id !== selectedId) setRequest(null)
  return request?.id === selectedId ? request.serial : undefined
}
