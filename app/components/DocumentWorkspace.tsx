'use client'

import { useMemo, useRef, useState } from 'react'
import { describeRole, permissionsOf, ROLE_LABELS } from '../../editor/model/roles'
import { roleFromToken } from '../../editor/session/access'
import { AnnotationPanel } from './annotations/AnnotationPanel'
import { FloatingTagBar } from './annotations/FloatingTagBar'
import { AppHeader } from './AppHeader'
import { DocumentByline } from './details/DocumentByline'
import { DocumentDetailsDialog } from './details/DocumentDetailsDialog'
import { DocumentSourceFacts } from './details/DocumentSourceFacts'
import { useDocumentDetails } from './details/use-document-details'
import { ConnectionBadge } from './ConnectionBadge'
import { ExportMenu } from './ExportMenu'
import { FindBar } from './find/FindBar'
import { ShareDialog } from './ShareDialog'
import { VersionsDialog } from './versions/VersionsDialog'
import { ShortcutList } from './ShortcutList'
import { SuggestionList } from './suggestions/SuggestionList'
import { IdentityDialog } from './IdentityDialog'
import { OfflineSupport } from './OfflineSupport'
import { PresenceAvatars, PresenceList } from './PresenceList'
import { Toolbar } from './Toolbar'
import { DOCUMENT_VIEW_IDS, DocumentViewButtons, DocumentViews } from './views/DocumentViews'
import { useDocumentViews } from './views/use-document-views'
import { suggestedIdentity, useIdentity } from './use-identity'
import { useCollabEditor, type LocalCopyState } from './use-collab-editor'
import { useScrollPaddingBelow } from './use-scroll-padding-below'
import type { ConnectionState } from '../../editor/session/connection-state'

interface DocumentWorkspaceProps {
  docId: string
  title: string
  createdAt: string
  /** The collab server's websocket URLs, one per instance (see `COLLAB_URL`). */
  collabUrls: string[]
  /** The share or admin link's token, passed to the collab server; null with AUTH off. */
  token: string | null
}

const STATUS_HELP: Record<string, string> = {
  connecting: 'Connecting to the collaboration server…',
  reconnecting: 'The connection dropped. Your edits are kept and will sync when it is back.',
}

/** The sentence under the toolbar while not connected: the server's notice, else a generic one. */
function connectionHelp(connection: ConnectionState, localCopy: LocalCopyState): string | undefined {
  if (connection.status === 'connected' || connection.status === 'refused') return undefined
  if (connection.status === 'connecting' && localCopy === 'loaded') return 'Connecting… Showing the copy saved on this device.'
  return connection.reason ?? STATUS_HELP[connection.status]
}

/** The document page: header with connection and presence, the editor in the middle, the side panel. */
export function DocumentWorkspace({ docId, title, createdAt, collabUrls, token }: DocumentWorkspaceProps) {
  const { identity, ready, save } = useIdentity()
  const [editingIdentity, setEditingIdentity] = useState(false)
  const role = roleFromToken(token, docId)
  const permissions = useMemo(() => permissionsOf(role), [role])
  const { mountRef, view, ydoc, editorState, connection, people, discarded, localCopy } = useCollabEditor(docId, createdAt, collabUrls, identity, token, permissions)
  const details = useDocumentDetails(ydoc)
  const toolbarStripRef = useRef<HTMLDivElement>(null)
  useScrollPaddingBelow(toolbarStripRef)
  const [editingDetails, setEditingDetails] = useState(false)
  const present = useMemo(() => people.flatMap(({ user }) => (user.id ? [{ id: user.id, name: user.name }] : [])), [people])
  const me = useMemo(() => (identity ? { id: identity.id, name: identity.name } : null), [identity])
  const views = useDocumentViews(DOCUMENT_VIEW_IDS)
  const refused = connection.status === 'refused'
  const help = connectionHelp(connection, localCopy)
  // The server refuses `meta` changes from anyone but editors: only they get the form.
  const canEditDetails = permissions.editText && !refused && !!identity

  return (
    <>
      <AppHeader>
        <div className="header-heading">
          <span className="header-title" title={title}>
            {title}
          </span>
          <DocumentByline source={details.source} onAdd={canEditDetails ? () => setEditingDetails(true) : undefined} />
        </div>
        {role !== 'editor' && (
          <span className={`role-badge role-${role}`} data-testid="role-badge" title={describeRole(role)}>
            {ROLE_LABELS[role]}
          </span>
        )}
        <ShareDialog docId={docId} token={token} canShare={role === 'editor'} />
        <ExportMenu docId={docId} token={token} />
        <VersionsDialog docId={docId} token={token} canSave={role === 'editor'} me={me} />
        <ConnectionBadge state={connection} />
        <PresenceAvatars people={people} />
        {identity && (
          <button type="button" className="button small" aria-haspopup="dialog" title="Change your name and colour" onClick={() => setEditingIdentity(true)}>
            {identity.name}
          </button>
        )}
      </AppHeader>
      <div className="workspace">
        <main className="editor-column">
          <div ref={toolbarStripRef} className="toolbar-strip">
            <Toolbar view={view} state={editorState} disabled={refused || !identity || !permissions.editText} />
            <DocumentViewButtons views={views} />
            <FindBar view={view} state={editorState} />
          </div>
          {refused && (
            <p className="banner error" role="alert" data-testid="refused-banner">
              The server refused this document: {connection.reason}
            </p>
          )}
          {discarded && (
            <p className="banner error" role="alert" data-testid="discarded-banner">
              The server refused a change from this tab ({discarded}). Your unsynced changes were discarded and the document was reloaded from the server.
            </p>
          )}
          {role !== 'editor' && (
            <p className="banner status-offline" data-testid="role-help">
              {ROLE_LABELS[role]}.
            </p>
          )}
          {help && identity && (
            <p
              className={`banner connection-help status-${connection.status}${connection.code ? ` code-${connection.code}` : ''}`}
              data-testid="connection-help"
              data-local-copy={localCopy}
            >
              {help}
            </p>
          )}
          <article className="article" aria-busy={connection.status === 'connecting' && localCopy !== 'loaded'}>
            <FloatingTagBar view={view} state={editorState} disabled={refused || !identity || !permissions.annotate} />
            <div ref={mountRef} className="editor-mount" data-testid="editor" />
          </article>
          <DocumentViews views={views} view={view} state={editorState} />
        </main>
        <aside className="side-panel" aria-label="Document panel">
          <section className="panel-section">
            <AnnotationPanel view={view} state={editorState} readOnly={refused || !identity || !permissions.annotate} present={present} me={me} docId={docId} />
          </section>
          <SuggestionList view={view} state={editorState} canDecide={!refused && !!identity && permissions.editText} />
          <section className="panel-section">
            <h2 className="panel-title">
              People here <span className="count">{people.length}</span>
            </h2>
            <PresenceList people={people} />
          </section>
          <section className="panel-section">
            <h2 className="panel-title">Document</h2>
            <dl className="facts">
              <dt>Id</dt>
              <dd>
                <code>{docId}</code>
              </dd>
              <dt>Created</dt>
              <dd>
                <time dateTime={createdAt}>{new Date(createdAt).toISOString().slice(0, 10)}</time>
              </dd>
              <DocumentSourceFacts source={details.source} />
            </dl>
            <button type="button" className="button small details-button" aria-haspopup="dialog" onClick={() => setEditingDetails(true)}>
              {canEditDetails ? 'Edit details…' : 'Details…'}
            </button>
            <DocumentDetailsDialog open={editingDetails} onClose={() => setEditingDetails(false)} details={details} ydoc={ydoc} canEdit={canEditDetails} />
          </section>
          <section className="panel-section">
            <h2 className="panel-title">Shortcuts</h2>
            <ShortcutList />
          </section>
        </aside>
      </div>
      <OfflineSupport />
      {ready && (!identity || editingIdentity) && (
        <IdentityDialog
          initial={identity ?? suggestedIdentity()}
          onSave={(next) => {
            save(next)
            setEditingIdentity(false)
          }}
          onCancel={identity ? () => setEditingIdentity(false) : undefined}
        />
      )}
    </>
  )
}
