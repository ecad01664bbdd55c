import Link from 'next/link'
import { AppHeader } from './AppHeader'

/** Shown when the collab server refuses the page's token: missing, expired, forged or for another document. */
export function AccessRefused({ reason }: { reason: string }) {
  return (
    <>
      <AppHeader />
      <main className="page narrow" data-testid="access-refused">
        <h1 className="page-title">Access refused</h1>
        <p className="lead">This link does not give access here: {reason}</p>
        <p className="muted">Ask the document&apos;s owner for a fresh share link, or open the admin link printed by the server.</p>
        <p>
          <Link href="/" className="button">
            Back to documents
          </Link>
        </p>
      </main>
    </>
  )
}
