'use client'

import { useState, type FormEvent } from 'react'
import { USER_COLORS, userIdentitySchema, type UserIdentity } from '../../editor/user/identity'
import { useModalDialog } from './use-modal-dialog'
import { describeIssueMessages } from '../../editor/model/describe-issues'

/**
 * Asks for the display name and colour others see on cursors and in the presence list, as a modal
 * dialog. Escape cancels when `onCancel` is given; without it (no identity yet) the dialog stays.
 */
export function IdentityDialog({ initial, onSave, onCancel }: { initial: UserIdentity; onSave: (identity: UserIdentity) => void; onCancel?: () => void }) {
  const [name, setName] = useState(initial.name)
  const [color, setColor] = useState(initial.color)
  const [error, setError] = useState<string | null>(null)
  const dialogRef = useModalDialog(true, () => onCancel?.())

  function submit(event: FormEvent) {
    event.preventDefault()
    const parsed = userIdentitySchema.safeParse({ id: initial.id, name, color })
    if (!parsed.success) {
      setError(describeIssueMessages(parsed.error, 1))
      return
    }
    onSave(parsed.data)
  }

  return (
    <dialog ref={dialogRef} className="dialog card" aria-labelledby="identity-title" data-testid="identity-dialog">
      <form onSubmit={submit}>
        <h2 id="identity-title" className="section-title">
          Who is editing?
        </h2>
        <p className="muted">Your name and colour mark your cursor and edits for everyone in the document.</p>
        <label className="field">
          <span className="field-label">Display name</span>
          <input name="display-name" value={name} onChange={(event) => setName(event.target.value)} maxLength={60} />
        </label>
        <fieldset className="field color-field">
          <legend className="field-label">Colour</legend>
          <div className="swatches">
            {USER_COLORS.map((option) => (
              <label key={option} className="swatch" style={{ backgroundColor: option }}>
                <input type="radio" name="color" value={option} checked={color === option} onChange={() => setColor(option)} aria-label={`Colour ${option}`} />
              </label>
            ))}
          </div>
        </fieldset>
        {error && (
          <p className="notice error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button primary">
            Start editing
          </button>
          {onCancel && (
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </dialog>
  )
}
