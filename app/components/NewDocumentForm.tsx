'use client'

import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { formatFromFileName } from '../../editor/import'

type Pending = 'blank' | 'import' | null

async function postDocument(body: { title: string; format: string; source?: string }): Promise<string> {
  const response = await fetch('/api/docs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const json = (await response.json().catch(() => ({}))) as { id?: string; error?: string }
  if (!response.ok || !json.id) throw new Error(json.error ?? `The server answered ${response.status}.`)
  return json.id
}

function titleFromFileName(name: string): string {
  return name.replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' ').trim() || 'Imported document'
}

/** Create a blank document or import a .txt, .md or .html file as a new one. */
export function NewDocumentForm() {
  const router = useRouter()
  const [title, setTitle] = useState('')
  const [pending, setPending] = useState<Pending>(null)
  const [error, setError] = useState<string | null>(null)

  async function run(kind: Exclude<Pending, null>, make: () => Promise<string>) {
    setPending(kind)
    setError(null)
    try {
      const id = await make()
      router.push(`/docs/${id}`)
    } catch (caught) {
      setError((caught as Error).message)
      setPending(null)
    }
  }

  function createBlank(event: FormEvent) {
    event.preventDefault()
    void run('blank', () => postDocument({ title: title.trim() || 'Untitled document', format: 'blank' }))
  }

  function importFile(file: File | undefined) {
    if (!file) return
    const format = formatFromFileName(file.name)
    if (!format) {
      setError(`"${file.name}" is not a .txt, .md or .html file.`)
      return
    }
    void run('import', async () =>
      postDocument({ title: title.trim() || titleFromFileName(file.name), format, source: await file.text() }),
    )
  }

  return (
    <form className="card new-document" onSubmit={createBlank} aria-labelledby="new-document-title">
      <h2 id="new-document-title" className="section-title">
        New document
      </h2>
      <label className="field">
        <span className="field-label">Title</span>
        <input
          name="title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          placeholder="Untitled document"
          maxLength={300}
        />
      </label>
      <div className="actions">
        <button type="submit" className="button primary" disabled={pending !== null}>
          {pending === 'blank' ? 'Creating…' : 'Create blank document'}
        </button>
        <label className={`button${pending !== null ? ' disabled' : ''}`}>
          {pending === 'import' ? 'Importing…' : 'Import .txt, .md or .html'}
          <input
            type="file"
            className="visually-hidden"
            accept=".txt,.text,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"
            aria-label="Import a .txt, .md or .html file"
            disabled={pending !== null}
            onChange={(event) => importFile(event.target.files?.[0])}
          />
        </label>
      </div>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
