import Link from 'next/link'
import { collabEndpoints } from '../collab-server/client/endpoints'
import { CollabApiError, listDocuments, type DocumentSummary } from '../collab-server/client/http-client'
import { tokenFromSearchParams, withToken } from '../collab-server/client/request-token'
import { AppHeader } from './components/AppHeader'
import { NewDocumentForm } from './components/NewDocumentForm'

export const dynamic = 'force-dynamic'

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export default async function DocumentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = tokenFromSearchParams(await searchParams)
  let documents: DocumentSummary[] = []
  let error: string | null = null
  try {
    documents = await listDocuments(collabEndpoints().httpUrl, token)
  } catch (caught) {
    if (caught instanceof CollabApiError && (caught.status === 401 || caught.status === 403)) {
      error = `This server requires an admin link to list documents (${caught.message}). Open the admin link the server printed at start-up, or a share link to one document.`
    } else {
      error = caught instanceof CollabApiError ? caught.message : 'The document list could not be loaded.'
    }
  }
  return (
    <>
      <AppHeader />
      <main className="page">
        <div className="page-heading">
          <h1 className="page-title">Documents</h1>
          <p className="lead">Edit together, tag events, quotes and claims, and keep every tag on its words.</p>
        </div>
        <div className="documents-layout">
          <section aria-labelledby="documents-list-title" className="documents-list">
            <h2 id="documents-list-title" className="section-title">
              All documents <span className="count">{documents.length}</span>
            </h2>
            {error ? (
              <p className="notice error" role="alert">
                {error}
              </p>
            ) : documents.length === 0 ? (
              <p className="notice">No documents yet. Create one or import a file.</p>
            ) : (
              <ul className="document-rows" data-testid="document-list">
                {documents.map((doc) => (
                  <li key={doc.id} className="document-row">
                    <Link href={withToken(`/docs/${doc.id}`, token)} className="document-link" data-doc-id={doc.id}>
                      <span className="document-title">{doc.title}</span>
                      <span className="document-meta">
                        Last edited <time dateTime={doc.updatedAt}>{dateFormat.format(new Date(doc.updatedAt))} UTC</time>
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <aside className="documents-aside">
            <NewDocumentForm token={token} />
          </aside>
        </div>
      </main>
    </>
  )
}
