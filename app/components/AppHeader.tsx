import Link from 'next/link'
import type { ReactNode } from 'react'

/** The top bar: the product mark on the left, page-specific controls on the right. */
export function AppHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <Link href="/" className="brand">
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
