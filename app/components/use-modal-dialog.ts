'use client'

import { useEffect, useEffectEvent, useRef } from 'react'

/**
 * Shows a `<dialog>` as a modal (`showModal()`: focus moves into it, the page behind is inert)
 * while `open` is true, and closes it when `open` turns false, handing focus back to the element
 * that had it before. Escape calls `onDismiss` instead of closing the dialog itself, so `open`
 * stays the one source of truth; a dialog whose `onDismiss` keeps it open stays open.
 */
export function useModalDialog(open: boolean, onDismiss: () => void) {
  const ref = useRef<HTMLDialogElement | null>(null)
  const dismiss = useEffectEvent(onDismiss)

  useEffect(() => {
    const dialog = ref.current
    if (!open || !dialog) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const onCancel = (event: Event) => {
      event.preventDefault()
      dismiss()
    }
    // The browser may close the dialog on Escape without a cancellable `cancel` (no user
    // activation since the last Escape): while `open` holds, show it again.
    const onClose = () => {
      if (!dialog.open) dialog.showModal()
    }
    dialog.addEventListener('cancel', onCancel)
    dialog.addEventListener('close', onClose)
    if (!dialog.open) dialog.showModal()
    return () => {
      dialog.removeEventListener('cancel', onCancel)
      dialog.removeEventListener('close', onClose)
      if (dialog.open) dialog.close()
      if (opener?.isConnected) opener.focus()
    }
  }, [open])

  return ref
}
