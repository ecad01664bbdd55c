import type { Metadata } from 'next'
import { headers } from 'next/headers'
import { notFound } from 'next/navigation'
import { browserCollabUrl, collabEndpoints } from '../../../collab-server/client/endpoints'
import { getDocument } from '../../../collab-server/client/http-client'
import { DOC_ID_PATTERN } from '../../../editor/model/doc-layout'
import { DocumentWorkspace } from '../../components/DocumentWorkspace'

export const dynamic = 'force-dynamic'

type Params = { params: Promise<{ id: string }> }

async function findDocument(id: string) {
  if (!DOC_ID_PATTERN.test(id)) return null
  return getDocument(collabEndpoints().httpUrl, id)
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const doc = await findDocument((await params).id).catch(() => null)
  return { title: doc ? `${doc.title} — Spanwise` : 'Not found — Spanwise' }
}

export default async function DocumentPage({ params }: Params) {
  const { id } = await params
  const doc = await findDocument(id)
  if (!doc) notFound()
  const requestHeaders = await headers()
  const secure = requestHeaders.get('x-forwarded-proto') === 'https'
  const collabUrl = browserCollabUrl(collabEndpoints(), requestHeaders.get('host'), secure)
  return <DocumentWorkspace docId={doc.id} title={doc.title} createdAt={doc.createdAt} collabUrl={collabUrl} />
}
