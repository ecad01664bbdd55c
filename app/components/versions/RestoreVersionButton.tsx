'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { authHeaders } from '../../../collab-server/client/http-client'
import { withToken } from '../../../collab-server/client/request-token'
import { restoredDocumentSchema } from '../../../collab-server/client/versions-client'
import { isAdminToken } from '../../../editor/session/access'

/**
 * *Restore as new document…*: asks first, then has the server make a new document from version
 * `number` and opens it. The document itself and its versions stay as they are. Restoring creates
 * a document, which (as on the documents page) takes an admin link when AUTH is on: with a share
 * link the button is shown disabled, saying so.
 */
export function RestoreVersionButton({ docId, number, token }: { docId: string; number: number; token: string | null }) {
  const router = useRouter()
  const [step, setStep] = useState<'idle' | 'confirming' | 'restoring'>('idle')
  const [error, setError] = useState<string | null>(null)
  // No token: AUTH is off and anyone may create documents.
  const canCreate = token === null || isAdminToken(token)

  async function restore() {
    setStep('restoring')
    setError(null)
    const response = await fetch(`/api/docs/${encodeURIComponent(docId)}/versions/${number}/restore`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(token) },
      body: '{}',
    })
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string }
      setError(body.error ?? `The server answered ${response.status}.`)
      setStep('idle')
      return
    }
    const restored = restoredDocumentSchema.parse(await response.json())
    // Only an admin (or anyone with AUTH off) restores: that token opens the new document too.
    router.push(withToken(`/docs/${encodeURIComponent(restored.id)}`, token))
  }

  if (step === 'idle') {
    return (
      <>
        <button
          type="button"
          className="button small"
          data-testid="restore-version"
          disabled={!canCreate}
          title={canCreate ? undefined : 'Restoring makes a new document: open this page with an admin link to do it'}
          onClick={() => setStep('confirming')}
        >
          Restore as new document…
        </button>
        {error && (
          <p className="notice error small-text" role="alert">
            {error}
          </p>
        )}
      </>
    )
  }
  return (
    <div className="restore-confirm" role="group" aria-label={`Restore version ${number}`}>
      <p className="small-text">A new document is made from version {number}, with its annotations. This document and its versions stay as they are.</p>
      <div className="actions">
        <button type="button" className="button small primary" data-testid="confirm-restore" disabled={step === 'restoring'} onClick={() => void restore()}>
          {step === 'restoring' ? 'Restoring…' : 'Restore as new document'}
        </button>
        <button type="button" className="button small ghost" disabled={step === 'restoring'} onClick={() => setStep('idle')}>
          Cancel
        </button>
      </div>
    </div>
  )
}
