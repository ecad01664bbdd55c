'use client'

import { useState } from 'react'
import { authHeaders, type ShareLinks } from '../../collab-server/client/http-client'

const ROLE_TEXT = {
  editor: 'Editor — edits the text and annotates',
  annotator: 'Annotator — annotates and comments; the text is read-only',
  viewer: 'Viewer — reads only',
} as const

/** The Share menu: a link per role (editor, annotator, viewer), made by the collab server. */
export function ShareDialog({ docId, token, canShare }: { docId: string; token: string | null; canShare: boolean }) {
  const [links, setLinks] = useState<ShareLinks | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [copied, setCopied] = useState<string | null>(null)

  async function load() {
    setError(null)
    const response = await fetch(`/api/docs/${encodeURIComponent(docId)}/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(token) },
      body: JSON.stringify({ ttl: '7d' }),
    })
    const body = (await response.json().catch(() => ({}))) as ShareLinks & { error?: string }
    if (!response.ok) setError(body.error ?? `The server answered ${response.status}.`)
    else setLinks(body)
  }

  const url = (shareToken: string | null) => `${window.location.origin}/docs/${docId}${shareToken ? `?token=${encodeURIComponent(shareToken)}` : ''}`
  const copy = async (text: string, what: string) => {
    await navigator.clipboard?.writeText(text).catch(() => undefined)
    setCopied(what)
  }

  if (!canShare) return null
  return (
    <details className="export-menu" onToggle={(event) => (event.currentTarget.open && !links ? void load() : undefined)}>
      <summary className="button small">Share</summary>
      <div className="export-popover card share-popover" role="group" aria-label="Share links" data-testid="share-dialog">
        {error && (
          <p className="notice error small-text" role="alert">
            {error}
          </p>
        )}
        {links && !links.auth && (
          <>
            <p className="small-text">Access control is off on this server (AUTH=off): anyone who can open it can edit. Share the address:</p>
            <input readOnly value={url(null)} aria-label="Document link" onFocus={(event) => event.currentTarget.select()} />
          </>
        )}
        {links?.auth &&
          links.links.map((link) => (
            <div key={link.role} className="share-row">
              <span className="field-label">{ROLE_TEXT[link.role]}</span>
              <div className="share-line">
                <input readOnly value={url(link.token)} aria-label={`${link.role} link`} data-role-link={link.role} onFocus={(event) => event.currentTarget.select()} />
                <button type="button" className="button small" onClick={() => void copy(url(link.token), link.role)}>
                  {copied === link.role ? 'Copied' : 'Copy'}
                </button>
              </div>
            </div>
          ))}
        {links?.auth && <p className="muted small-text">Links expire on {links.links[0]?.expiresAt.slice(0, 10)}.</p>}
      </div>
    </details>
  )
}
