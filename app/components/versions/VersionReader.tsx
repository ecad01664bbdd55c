'use client'

import { fromBase64 } from 'lib0/buffer'
import { useEffect, useRef } from 'react'
import { mountVersionView } from '../../../editor/view/version-view'

/**
 * A version's text, read-only, with its annotations highlighted as they were: a ProseMirror view
 * of the version's Yjs state (`state`, base64), built in the browser. Nothing connects or saves.
 */
export function VersionReader({ state }: { state: string }) {
  const mountRef = useRef<HTMLDivElement | null>(null)

  useEffect(() => {
    const mount = mountRef.current
    if (!mount) return
    try {
      const view = mountVersionView(mount, fromBase64(state))
      return () => view.destroy()
    } catch (error) {
      // A state this page cannot read (a later data model): said in place of the text, as text.
      const notice = document.createElement('p')
      notice.className = 'notice error'
      notice.setAttribute('role', 'alert')
      notice.textContent = `This version could not be shown: ${error instanceof Error ? error.message : String(error)}`
      mount.replaceChildren(notice)
    }
  }, [state])

  return <div ref={mountRef} className="editor-mount" data-testid="version-text" />
}
