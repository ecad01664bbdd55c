'use client'

import { useCallback, useEffect, useRef, useState } from 'react'
import { parseViewPreferences, VIEW_HEIGHT_LIMITS, type ViewPreferences } from '../../../editor/user/view-preferences'

const STORAGE_KEY = 'spanwise:views'

/** The views drawer's state, shared by its toggle buttons and the drawer itself. */
export interface DocumentViewsState {
  /** The open view's id; null when the drawer is closed. */
  open: string | null
  /** The drawer's height in pixels; null for the default. */
  height: number | null
  /** Opens a view, or closes the drawer when that view is already open. */
  toggle: (id: string) => void
  show: (id: string) => void
  close: () => void
  resize: (height: number) => void
}

/** A height the drawer may take: within the limits, and leaving `reserve` pixels of the window for the text above. */
function clampViewHeight(height: number, reserve = 200): number {
  const max = Math.min(VIEW_HEIGHT_LIMITS.max, window.innerHeight - reserve)
  return Math.round(Math.max(VIEW_HEIGHT_LIMITS.min, Math.min(max, height)))
}

/**
 * The document views drawer: which view is open and how tall it is, remembered in this browser
 * (localStorage, read after hydration so the first render matches the server's HTML).
 */
export function useDocumentViews(viewIds: readonly string[]): DocumentViewsState {
  const [preferences, setPreferences] = useState<ViewPreferences>({ open: null, height: null })
  const loaded = useRef(false)
  const ids = viewIds.join('\n')
  useEffect(() => {
    if (!loaded.current) return
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(preferences))
    } catch (error) {
      // Storage full or disabled: the drawer still works, it is only not remembered.
      console.warn('spanwise: the views drawer could not be remembered', error)
    }
  }, [preferences])
  // After the effect above, so the defaults of the first render are never written over what was stored.
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- storage is read after hydration so the first render matches the server's HTML
    setPreferences(parseViewPreferences(window.localStorage.getItem(STORAGE_KEY), ids.split('\n')))
    loaded.current = true
  }, [ids])
  const toggle = useCallback((id: string) => setPreferences((previous) => ({ ...previous, open: previous.open === id ? null : id })), [])
  const show = useCallback((id: string) => setPreferences((previous) => ({ ...previous, open: id })), [])
  const close = useCallback(() => setPreferences((previous) => ({ ...previous, open: null })), [])
  const resize = useCallback((height: number) => setPreferences((previous) => ({ ...previous, height: clampViewHeight(height) })), [])
  return { ...preferences, toggle, show, close, resize }
}
