'use client'

import Link from 'next/link'
import { useState, type FormEvent } from 'react'
import { authHeaders } from '../../../collab-server/client/http-client'
import { withToken } from '../../../collab-server/client/request-token'
import { MAX_VERSION_NAME_CHARS, versionLabel, versionRecordSchema, type VersionRecord } from '../../../editor/model/versions'
import { useModalDialog } from '../use-modal-dialog'
import { RestoreVersionButton } from './RestoreVersionButton'
import { versionByline } from './version-byline'
import './versions.css'

async function errorOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { error?: string }
  return body.error ?? `The server answered ${response.status}.`
}

/** Where a version page of this document is: `/docs/<id>/versions/<n>` (the comparison with `?view=compare`). */
function versionHref(docId: string, number: number, token: string | null, view?: 'compare'): string {
  return withToken(`/docs/${encodeURIComponent(docId)}/versions/${number}${view ? `?view=${view}` : ''}`, token)
}

interface VersionsDialogProps {
  docId: string
  token: string | null
  /** Editors save versions and restore them as new documents; everyone lists, opens and compares. */
  canSave: boolean
  /** Who saves a version (the name people gave themselves); null before they did. */
  me: { id: string; name: string } | null
}

/** One version in the list: its label, who saved it and when, and what can be done with it. */
function VersionRow({ version, docId, token, canRestore }: { version: VersionRecord; docId: string; token: string | null; canRestore: boolean }) {
  return (
    <li className="version-row" data-testid="version-row" data-version={version.number}>
      <div className="version-row-head">
        <span className="version-label">{versionLabel(version)}</span>
        {version.kind === 'auto' && <span className="version-kind">Auto</span>}
      </div>
      <div className="version-meta">{versionByline(version)}</div>
      <div className="version-actions">
        <Link className="button small" href={versionHref(docId, version.number, token)}>
          Open
        </Link>
        <Link className="button small" href={versionHref(docId, version.number, token, 'compare')}>
          Compare with now
        </Link>
        {canRestore && <RestoreVersionButton docId={docId} number={version.number} token={token} />}
      </div>
    </li>
  )
}

/**
 * The Versions button and its dialog: the document's versions, newest first, each to open
 * read-only, compare with now, or (editors) restore as a new document; editors also save one with
 * a name. Names come from other people: shown as text only.
 */
export function VersionsDialog({ docId, token, canSave, me }: VersionsDialogProps) {
  const [open, setOpen] = useState(false)
  const [versions, setVersions] = useState<VersionRecord[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)
  const dialogRef = useModalDialog(open, () => setOpen(false))
  const path = `/api/docs/${encodeURIComponent(docId)}/versions`

  async function load() {
    setError(null)
    const response = await fetch(path, { headers: authHeaders(token), cache: 'no-store' })
    if (!response.ok) return setError(await errorOf(response))
    const body = (await response.json()) as { versions?: unknown }
    setVersions(versionRecordSchema.array().parse(body.versions))
  }

  async function save(event: FormEvent) {
    event.preventDefault()
    setSaving(true)
    setError(null)
    setSaved(null)
    try {
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders(token) },
        body: JSON.stringify({ name, ...(me ? { createdBy: me } : {}) }),
      })
      if (!response.ok) return setError(await errorOf(response))
      const version = versionRecordSchema.parse(await response.json())
      setSaved(`Saved ${versionLabel(version)}.`)
      setName('')
      await load()
    } finally {
      setSaving(false)
    }
  }

  return (
    <>
      <button
        type="button"
        className="button small"
        aria-haspopup="dialog"
        data-testid="versions-button"
        onClick={() => {
          setOpen(true)
          void load()
        }}
      >
        Versions
      </button>
      <dialog ref={dialogRef} className="dialog card versions-dialog" aria-labelledby="versions-title" data-testid="versions-dialog">
        <div className="dialog-head">
          <h2 id="versions-title" className="section-title">
            Versions
          </h2>
          <button type="button" className="button small ghost" onClick={() => setOpen(false)} aria-label="Close">
            ✕
          </button>
        </div>
        {canSave && (
          <form className="version-save" onSubmit={(event) => void save(event)}>
            <label className="field-label" htmlFor="version-name">
              Save this moment as a version
            </label>
            <div className="version-save-line">
              <input
                id="version-name"
                name="version-name"
                value={name}
                maxLength={MAX_VERSION_NAME_CHARS}
                placeholder="e.g. before review"
                autoComplete="off"
                onChange={(event) => setName(event.target.value)}
              />
              <button type="submit" className="button small primary" disabled={saving || name.trim() === ''}>
                {saving ? 'Saving…' : 'Save version'}
              </button>
            </div>
          </form>
        )}
        {error && (
          <p className="notice error small-text" role="alert">
            {error}
          </p>
        )}
        {saved && (
          <p className="notice small-text" role="status">
            {saved}
          </p>
        )}
        {versions === null && !error && <p className="muted small-text">Loading versions…</p>}
        {versions?.length === 0 && (
          <p className="muted small-text" data-testid="no-versions">
            No versions yet. {canSave ? 'Save one to keep the document as it is now; ' : ''}the server also saves one automatically while people edit.
          </p>
        )}
        {versions && versions.length > 0 && (
          <ol className="version-list" aria-label="Versions, newest first">
            {versions.map((version) => (
              <VersionRow key={version.number} version={version} docId={docId} token={token} canRestore={canSave} />
            ))}
          </ol>
        )}
      </dialog>
    </>
  )
}
