import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { toBase64 } from 'lib0/buffer'
import { collabEndpoints } from '../../../../../collab-server/client/endpoints'
import { CollabApiError, getDocument, getDocumentState } from '../../../../../collab-server/client/http-client'
import { tokenFromSearchParams, withToken } from '../../../../../collab-server/client/request-token'
import { getVersion } from '../../../../../collab-server/client/versions-client'
import { takeSnapshot } from '../../../../../editor/export/snapshot'
import { isDocId } from '../../../../../editor/model/doc-id'
import { parseVersionNumber, versionLabel } from '../../../../../editor/model/versions'
import { roleFromToken } from '../../../../../editor/session/access'
import { compareSnapshots } from '../../../../../editor/versions/compare-versions'
import { AccessRefused } from '../../../../components/AccessRefused'
import { AppHeader } from '../../../../components/AppHeader'
import { LocalTime } from '../../../../components/versions/LocalTime'
import { RestoreVersionButton } from '../../../../components/versions/RestoreVersionButton'
import { VersionAnnotations } from '../../../../components/versions/VersionAnnotations'
import { AnnotationChangesList, ComparedText, ComparisonCounts } from '../../../../components/versions/VersionComparisonView'
import { VersionReader } from '../../../../components/versions/VersionReader'
import '../../../../components/versions/versions.css'

export const dynamic = 'force-dynamic'

type Params = { params: Promise<{ id: string; n: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

/** The document and its version, or null when either is unknown (401/403 throw CollabApiError). */
async function findVersion(id: string, n: string, token: string | null) {
  const number = parseVersionNumber(n)
  if (!isDocId(id) || number === null) return null
  const { httpUrl } = collabEndpoints()
  const document = await getDocument(httpUrl, id, token)
  const found = document ? await getVersion(httpUrl, id, number, token) : null
  return document && found ? { document, ...found } : null
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { n } = await params
  const number = parseVersionNumber(n)
  return { title: number === null ? 'Spanwise' : `Version ${number} — Spanwise` }
}

/** `/docs/<id>/versions/<n>`: a version read-only with its annotations; `?view=compare`: compared with the document now. */
export default async function VersionPage({ params, searchParams }: Params) {
  const { id, n } = await params
  const query = await searchParams
  const token = tokenFromSearchParams(query)
  const comparing = query.view === 'compare'
  let found
  let current: Uint8Array | null = null
  try {
    found = await findVersion(id, n, token)
    if (found && comparing) current = await getDocumentState(collabEndpoints().httpUrl, id, token)
  } catch (error) {
    if (error instanceof CollabApiError && (error.status === 401 || error.status === 403)) return <AccessRefused reason={error.message} />
    throw error
  }
  if (!found || (comparing && !current)) notFound()
  const { document, version, state } = found
  const snapshot = takeSnapshot(id, state)
  const comparison = current ? compareSnapshots(snapshot, takeSnapshot(id, current)) : null
  const documentHref = withToken(`/docs/${encodeURIComponent(id)}`, token)
  const versionHref = (view?: 'compare') => withToken(`/docs/${encodeURIComponent(id)}/versions/${version.number}${view ? `?view=${view}` : ''}`, token)
  const who = version.kind === 'auto' ? 'Saved automatically' : version.createdBy ? `Saved by ${version.createdBy.name}` : 'Saved'

  return (
    <>
      <AppHeader>
        <div className="header-heading">
          <span className="header-title" title={document.title}>
            {document.title}
          </span>
        </div>
        <Link className="button small" href={documentHref} data-testid="back-to-document">
          Back to the document
        </Link>
      </AppHeader>
      <div className="version-page" data-testid={comparing ? 'compare-view' : 'version-view'}>
        <div className="version-bar">
          <div className="version-bar-title">
            <h1 className="version-title">
              {versionLabel(version)}
              {version.kind === 'auto' && <span className="version-kind">Auto</span>}
            </h1>
            <p className="version-meta">
              {who} · <LocalTime iso={version.createdAt} />
            </p>
          </div>
          <nav className="version-tabs" aria-label="Version views">
            <Link className={`version-tab${comparing ? '' : ' active'}`} href={versionHref()} aria-current={comparing ? undefined : 'page'}>
              As it was
            </Link>
            <Link className={`version-tab${comparing ? ' active' : ''}`} href={versionHref('compare')} aria-current={comparing ? 'page' : undefined}>
              Compare with now
            </Link>
          </nav>
          {roleFromToken(token, id) === 'editor' && <RestoreVersionButton docId={id} number={version.number} token={token} />}
        </div>
        <div className="version-layout">
          <main className="version-main">
            {comparison && (
              <p className="version-legend small-text">
                Since this version: <ins className="diff-ins">inserted</ins> and <del className="diff-del">deleted</del> words, in the text as it is now.
              </p>
            )}
            <article className="article">{comparison ? <ComparedText comparison={comparison} /> : <VersionReader state={toBase64(state)} />}</article>
          </main>
          <aside className="side-panel version-panel" aria-label={comparison ? 'Changes since this version' : 'Annotations of this version'}>
            {comparison ? (
              <section className="panel-section">
                <h2 className="panel-title">Changes since this version</h2>
                <ComparisonCounts comparison={comparison} />
                <AnnotationChangesList comparison={comparison} />
              </section>
            ) : (
              <section className="panel-section">
                <h2 className="panel-title">
                  Annotations then <span className="count">{snapshot.annotations.length}</span>
                </h2>
                <VersionAnnotations annotations={snapshot.annotations} />
              </section>
            )}
          </aside>
        </div>
      </div>
    </>
  )
}
