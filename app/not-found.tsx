import Link from 'next/link'
import { AppHeader } from './components/AppHeader'

export default function NotFound() {
  return (
    <>
      <AppHeader />
      <main className="page narrow" data-testid="not-found">
        <h1 className="page-title">Document not found</h1>
        <p className="lead">There is no document at this address. It may have been mistyped, or the link may be for a different Spanwise server.</p>
        <p>
          <Link href="/" className="button primary">
            See all documents
          </Link>
        </p>
      </main>
    </>
  )
}
