'use client'

import Link from 'next/link'
import type { ReactNode } from 'react'
import { formDrafts, LEAVE_WITH_DRAFTS } from './annotations/form-drafts'

/** The top bar: the product mark on the left, page-specific controls on the right. */
export function AppHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <Link
        href="/"
        className="brand"
        onClick={(event) => {
          // Leaving the document within the app fires no beforeunload: ask here.
          if (formDrafts.any() && !window.confirm(LEAVE_WITH_DRAFTS)) event.preventDefault()
        }}
      >
        <span className="brand-mark" aria-hidden="true">
          S
        </span>
        <span className="brand-name">Spanwise</span>
        <span className="visually-hidden"> — all documents</span>
      </Link>
      <div className="app-header-slot">{children}</div>
    </header>
  )
}
