import type { Metadata } from 'next'
import { headers } from 'next/headers'
import { notFound } from 'next/navigation'
import { browserCollabUrls, collabEndpoints } from '../../../collab-server/client/endpoints'
import { CollabApiError, getDocument } from '../../../collab-server/client/http-client'
import { tokenFromSearchParams } from '../../../collab-server/client/request-token'
import { AccessRefused } from '../../components/AccessRefused'
import { isDocId } from '../../../editor/model/doc-id'
import { DocumentWorkspace } from '../../components/DocumentWorkspace'

export const dynamic = 'force-dynamic'

type Params = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

async function findDocument(id: string, token: string | null) {
  if (!isDocId(id)) return null
  return getDocument(collabEndpoints().httpUrl, id, token)
}

export async function generateMetadata({ params, searchParams }: Params): Promise<Metadata> {
  const doc = await findDocument((await params).id, tokenFromSearchParams(await searchParams)).catch(() => null)
  return { title: doc ? `${doc.title} — Spanwise` : 'Spanwise' }
}

export default async function DocumentPage({ params, searchParams }: Params) {
  const { id } = await params
  const token = tokenFromSearchParams(await searchParams)
  let doc
  try {
    doc = await findDocument(id, token)
  } catch (error) {
    if (error instanceof CollabApiError && (error.status === 401 || error.status === 403)) return <AccessRefused reason={error.message} />
    throw error
  }
  if (!doc) notFound()
  const requestHeaders = await headers()
  const secure = requestHeaders.get('x-forwarded-proto') === 'https'
  const collabUrls = browserCollabUrls(collabEndpoints(), requestHeaders.get('host'), secure)
  return <DocumentWorkspace docId={doc.id} title={doc.title} createdAt={doc.createdAt} collabUrls={collabUrls} token={token} />
}
