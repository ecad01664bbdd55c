'use client'

import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { embeddedTitle } from '../../editor/import'
import { pastedTextSource, titleOfPastedText } from '../../editor/import/pasted-text'
import { sourceFromFiles, type FileSource } from '../../editor/import/import-files'
import { authHeaders, type CreatedDocument } from '../../collab-server/client/http-client'
import { withToken } from '../../collab-server/client/request-token'
import { ImportReportView } from './ImportReportView'
import { EMPTY_SOURCE_FIELDS, sourceFromFields, type SourceFields } from './document-details-fields'
import { sourceMetadataSchema, type SourceMetadata } from '../../editor/model/document-source'

type Pending = 'blank' | 'import' | 'paste' | null

const SOURCE_FIELDS: Array<{ key: keyof SourceFields; label: string; hint?: string; url?: true }> = [
  { key: 'url', label: 'Address', hint: 'http:// or https://', url: true },
  { key: 'publisher', label: 'Publisher' },
  { key: 'authors', label: 'Authors', hint: 'separated by commas' },
  { key: 'published', label: 'Published', hint: 'YYYY, YYYY-MM or YYYY-MM-DD' },
  { key: 'language', label: 'Language', hint: 'a tag such as en, he or pt-BR' },
]

/** The label of the form field a source field comes from. */
const SOURCE_LABELS: Record<keyof SourceMetadata, string> = { url: 'Address', publisher: 'Publisher', authors: 'Authors', published: 'Published', language: 'Language' }

/** The source the form gives, checked; throws naming the field (the server checks it again). */
function checkedSource(fields: SourceFields): SourceMetadata | undefined {
  const source = sourceFromFields(fields)
  if (Object.keys(source).length === 0) return undefined
  const parsed = sourceMetadataSchema.safeParse(source)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new Error(`${SOURCE_LABELS[issue.path[0] as keyof SourceMetadata] ?? 'Source'}: ${issue.message}`)
}

async function postDocument(
  body: { title: string; format: string; source?: string; text?: string; sourceMetadata?: SourceMetadata },
  token: string | null,
): Promise<CreatedDocument> {
  const response = await fetch('/api/docs', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(token) },
    body: JSON.stringify(body),
  })
  const json = (await response.json().catch(() => ({}))) as Partial<CreatedDocument> & { error?: string }
  if (!response.ok || !json.id) throw new Error(json.error ?? `The server answered ${response.status}.`)
  return json as CreatedDocument
}

async function readFiles(list: FileList): Promise<FileSource> {
  const files = await Promise.all([...list].map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })))
  return sourceFromFiles(files)
}

function titleFromFileName(name: string): string {
  return (
    name
      .replace(/\.[^.]+$/, '')
      .replace(/[_-]+/g, ' ')
      .trim() || 'Imported document'
  )
}

/** Create a blank document, one from pasted text, or import a file as a new one. */
export function NewDocumentForm({ token }: { token: string | null }) {
  const router = useRouter()
  const [title, setTitle] = useState('')
  const [pending, setPending] = useState<Pending>(null)
  const [error, setError] = useState<string | null>(null)
  const [imported, setImported] = useState<CreatedDocument | null>(null)
  const [sourceFields, setSourceFields] = useState<SourceFields>(EMPTY_SOURCE_FIELDS)
  const [pasted, setPasted] = useState('')

  async function run(kind: Exclude<Pending, null>, make: () => Promise<CreatedDocument>) {
    setPending(kind)
    setError(null)
    setImported(null)
    try {
      const created = await make()
      const report = created.import
      // A report with re-anchored or skipped annotations is shown before opening the document.
      if (report && (report.reanchored.length > 0 || report.skipped.length > 0)) {
        setImported(created)
        setPending(null)
      } else {
        router.push(withToken(`/docs/${created.id}`, created.token ?? token))
      }
    } catch (caught) {
      setError((caught as Error).message)
      setPending(null)
    }
  }

  function createBlank(event: FormEvent) {
    event.preventDefault()
    void run('blank', async () => postDocument({ title: title.trim() || 'Untitled document', format: 'blank', sourceMetadata: checkedSource(sourceFields) }, token))
  }

  function createFromPaste() {
    const source = pastedTextSource(pasted)
    if (source.trim() === '') return setError('Paste some text first.')
    void run('paste', async () =>
      postDocument({ title: title.trim() || titleOfPastedText(source) || 'Pasted text', format: 'txt', source, sourceMetadata: checkedSource(sourceFields) }, token),
    )
  }

  function importFiles(list: FileList | null) {
    if (!list || list.length === 0) return
    const name = titleFromFileName(list[0].name)
    void run('import', async () => {
      const sourceMetadata = checkedSource(sourceFields)
      const source = await readFiles(list)
      // A Spanwise export keeps its own title (and source) unless the person typed another.
      return postDocument({ title: title.trim() || embeddedTitle(source.format, source.source) || name, ...source, sourceMetadata }, token)
    })
  }

  return (
    <form className="card new-document" onSubmit={createBlank} aria-labelledby="new-document-title">
      <h2 id="new-document-title" className="section-title">
        New document
      </h2>
      <label className="field">
        <span className="field-label">Title</span>
        <input name="title" value={title} onChange={(event) => setTitle(event.target.value)} placeholder="Untitled document" maxLength={300} />
      </label>
      <details className="new-document-source">
        <summary>Source (optional)</summary>
        {SOURCE_FIELDS.map((field) => (
          <label key={field.key} className="field">
            <span className="field-label">
              {field.label}
              {field.hint && <span className="field-hint"> — {field.hint}</span>}
            </span>
            <input
              name={`source-${field.key}`}
              value={sourceFields[field.key]}
              inputMode={field.url ? 'url' : undefined}
              dir={field.url ? 'ltr' : 'auto'}
              onChange={(event) => setSourceFields((previous) => ({ ...previous, [field.key]: event.target.value }))}
            />
          </label>
        ))}
      </details>
      <div className="actions">
        <button type="submit" className="button primary" disabled={pending !== null}>
          {pending === 'blank' ? 'Creating…' : 'Create blank document'}
        </button>
        <label className={`button${pending !== null ? ' disabled' : ''}`}>
          {pending === 'import' ? 'Importing…' : 'Import a file'}
          <input
            type="file"
            multiple
            className="visually-hidden"
            accept=".txt,.text,.md,.markdown,.html,.htm,.json,.jsonld,.ann,.tsv,.zip"
            aria-label="Import a .txt, .md or .html file"
            disabled={pending !== null}
            onChange={(event) => importFiles(event.target.files)}
          />
        </label>
      </div>
      <details className="new-document-paste">
        <summary>Paste text</summary>
        <label className="field">
          <span className="field-label">
            Text<span className="field-hint"> — paragraphs are kept (blank lines, or one paragraph per line when there are none)</span>
          </span>
          <textarea name="pasted-text" rows={6} dir="auto" value={pasted} onChange={(event) => setPasted(event.target.value)} placeholder="Paste the article here…" />
        </label>
        <button type="button" className="button" disabled={pending !== null || pasted.trim() === ''} onClick={createFromPaste}>
          {pending === 'paste' ? 'Creating…' : 'Create from pasted text'}
        </button>
      </details>
      <p className="muted small-text">Text: .txt, .md, .html. With annotations: Spanwise .json, W3C .jsonld, or brat (.ann with its .txt, or the exported .zip).</p>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {imported && <ImportReportView document={imported} token={token} />}
    </form>
  )
}
