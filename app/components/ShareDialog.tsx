'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { authHeaders, type RevokedLinks, type ShareLinks } from '../../collab-server/client/http-client'
import { withToken } from '../../collab-server/client/request-token'
import { describeRole } from '../../editor/model/roles'
import { isAdminToken } from '../../editor/session/access'
import { useModalDialog } from './use-modal-dialog'

/** Where revoking stands: not asked, asking to confirm, under way, done. */
type RevokeStep = 'idle' | 'confirming' | 'revoking' | 'revoked'

async function errorOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { error?: string }
  return body.error ?? `The server answered ${response.status}.`
}

/**
 * The Share button and its modal dialog: a link per role (editor, annotator, viewer), made by the
 * collab server, and *Revoke all links*, which makes every link made so far stop working. The page
 * then carries on with the fresh editor token the server hands back (an admin token is kept: it is
 * not revoked). Escape or Close shuts the dialog and focus goes back to the Share button.
 */
export function ShareDialog({ docId, token, canShare }: { docId: string; token: string | null; canShare: boolean }) {
  const router = useRouter()
  const [links, setLinks] = useState<ShareLinks | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [copied, setCopied] = useState<string | null>(null)
  const [revokeStep, setRevokeStep] = useState<RevokeStep>('idle')
  const [open, setOpen] = useState(false)
  const dialogRef = useModalDialog(open, () => setOpen(false))

  async function load(accessToken = token) {
    setError(null)
    const response = await fetch(`/api/docs/${encodeURIComponent(docId)}/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(accessToken) },
      body: JSON.stringify({ ttl: '7d' }),
    })
    if (!response.ok) setError(await errorOf(response))
    else setLinks((await response.json()) as ShareLinks)
  }

  async function revokeAll() {
    setError(null)
    setRevokeStep('revoking')
    const response = await fetch(`/api/docs/${encodeURIComponent(docId)}/revoke`, { method: 'POST', headers: authHeaders(token) })
    if (!response.ok) {
      setError(await errorOf(response))
      setRevokeStep('idle')
      return
    }
    const revoked = (await response.json()) as RevokedLinks
    const accessToken = revoked.auth && !isAdminToken(token) ? revoked.token : token
    setLinks(null)
    setCopied(null)
    setRevokeStep('revoked')
    await load(accessToken)
    // The page's own link was revoked too: carry on with the fresh one (the editor reconnects with it).
    if (accessToken !== token) router.replace(withToken(`/docs/${encodeURIComponent(docId)}`, accessToken))
  }

  const url = (shareToken: string | null) => `${window.location.origin}/docs/${docId}${shareToken ? `?token=${encodeURIComponent(shareToken)}` : ''}`
  const copy = async (text: string, what: string) => {
    await navigator.clipboard?.writeText(text).catch(() => undefined)
    setCopied(what)
  }

  if (!canShare) return null
  return (
    <>
      <button
        type="button"
        className="button small"
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(true)
          if (!links) void load()
        }}
      >
        Share
      </button>
      <dialog ref={dialogRef} className="dialog card share-dialog" aria-labelledby="share-title" data-testid="share-dialog">
        <div className="dialog-head">
          <h2 id="share-title" className="section-title">
            Share this document
          </h2>
          <button type="button" className="button small ghost" onClick={() => setOpen(false)} aria-label="Close">
            ✕
          </button>
        </div>
        {error && (
          <p className="notice error small-text" role="alert">
            {error}
          </p>
        )}
        {links && !links.auth && (
          <>
            <p className="small-text" data-testid="auth-off-help">
              Access control is off on this server (<code>AUTH=off</code>): anyone who can open this address can edit, and there are no viewer or annotator links. To share with
              roles and links that expire, restart the collab server with <code>AUTH=on</code> (see “Access” in the README). Meanwhile, share the address:
            </p>
            <input readOnly value={url(null)} aria-label="Document link" onFocus={(event) => event.currentTarget.select()} />
          </>
        )}
        {revokeStep === 'revoked' && (
          <p className="notice small-text" role="status">
            Every earlier link was revoked and its people disconnected. The links below are new.
          </p>
        )}
        {links?.auth &&
          links.links.map((link) => (
            <div key={link.role} className="share-row">
              <label className="field-label" htmlFor={`share-link-${link.role}`}>
                {describeRole(link.role)}
              </label>
              <div className="share-line">
                <input id={`share-link-${link.role}`} readOnly value={url(link.token)} data-role-link={link.role} onFocus={(event) => event.currentTarget.select()} />
                <button type="button" className="button small" onClick={() => void copy(url(link.token), link.role)}>
                  {copied === link.role ? 'Copied' : 'Copy'}
                </button>
              </div>
            </div>
          ))}
        {links?.auth && <p className="muted small-text">Links expire on {links.links[0]?.expiresAt.slice(0, 10)}.</p>}
        {links?.auth && (
          <div className="share-revoke">
            {revokeStep === 'confirming' || revokeStep === 'revoking' ? (
              <>
                <p className="small-text">Every link made so far stops working, yours included, and people using one are disconnected. You stay in with a new link.</p>
                <div className="share-line">
                  <button type="button" className="button small danger" disabled={revokeStep === 'revoking'} onClick={() => void revokeAll()}>
                    {revokeStep === 'revoking' ? 'Revoking…' : 'Revoke all links'}
                  </button>
                  <button type="button" className="button small ghost" disabled={revokeStep === 'revoking'} onClick={() => setRevokeStep('idle')}>
                    Cancel
                  </button>
                </div>
              </>
            ) : (
              <button type="button" className="button small danger" onClick={() => setRevokeStep('confirming')}>
                Revoke all links…
              </button>
            )}
          </div>
        )}
      </dialog>
    </>
  )
}
