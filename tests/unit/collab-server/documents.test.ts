import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { createDocument, DocumentInputError } from '../../../collab-server/documents'
import { DocumentExistsError } from '../../../collab-server/persistence/document-store'
import { readAnnotations } from '../../../editor/model/annotation-store'
import { readContent, readMeta } from '../../../editor/yjs/document-content'
import { MemoryStore } from './support/memory-store'

const NOW = () => new Date('2024-05-01T10:00:00.000Z')

async function storedDoc(store: MemoryStore, id: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const update of await store.loadUpdates(id)) Y.applyUpdate(doc, update.data)
  return doc
}

describe('createDocument', () => {
  it('imports the source and stores the initial content and meta as one update', async () => {
    const store = new MemoryStore()
    const request = { id: 'notes', title: 'Notes', format: 'md', source: '# Hello\n\nWorld' }
    const outcome = await createDocument(store, request, { now: NOW })
    expect(outcome).toEqual({
      ok: true,
      document: {
        id: 'notes',
        title: 'Notes',
        createdAt: '2024-05-01T10:00:00.000Z',
        updatedAt: '2024-05-01T10:00:00.000Z',
      },
      report: null,
    })
    expect((await store.loadUpdates('notes')).length).toBe(1)
    const doc = await storedDoc(store, 'notes')
    expect(readContent(doc).toJSON()).toEqual({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Hello' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'World' }] },
      ],
    })
    expect(readMeta(doc)).toEqual({ title: 'Notes', createdAt: '2024-05-01T10:00:00.000Z', schemaVersion: 2 })
  })

  it('refuses an existing id and leaves the stored document unchanged', async () => {
    const store = new MemoryStore()
    await createDocument(store, { id: 'x', title: 'First', format: 'blank' }, { now: NOW })
    const before = await store.loadUpdates('x')
    const outcome = await createDocument(store, { id: 'x', title: 'Second', format: 'txt', source: 'text.' })
    expect(outcome).toEqual({ ok: false, error: new DocumentExistsError('x') })
    expect(await store.loadUpdates('x')).toEqual(before)
    expect(readContent(await storedDoc(store, 'x')).textContent).toBe('First')
  })

  it('generates a slug id, and a new one when the generated id is taken', async () => {
    const store = new MemoryStore()
    const suffixes = ['aaaaaa', 'aaaaaa', 'bbbbbb']
    const newId = (title: string) => `${title.toLowerCase()}-${suffixes.shift()}`
    const create = () => createDocument(store, { title: 'Plan', format: 'blank' }, { newId })
    expect(await create()).toMatchObject({ ok: true, document: { id: 'plan-aaaaaa' } })
    expect(await create()).toMatchObject({ ok: true, document: { id: 'plan-bbbbbb' } })
  })

  it.each([
    [{ title: '', format: 'blank' }, 'title: title must not be empty'],
    [{ title: 'T', format: 'doc' }, 'format: Invalid option: expected one of "blank"|"txt"|"md"|"html"|"json"|"w3c"|"brat"'],
    [{ title: 'T', format: 'blank', id: 'a/b' }, 'id: document id must be 1–64 characters of A–Z, a–z, 0–9, "_" or "-"'],
    [null, 'body: Invalid input: expected object, received null'],
  ])('rejects invalid input %j with a message naming the field', async (request, message) => {
    const outcome = await createDocument(new MemoryStore(), request)
    expect(outcome).toEqual({ ok: false, error: new DocumentInputError(message) })
    expect(outcome.ok ? '' : outcome.error.message).toBe(message)
  })
})

describe('createDocument with an annotated source', () => {
  it('stores the text and the annotations, and returns the import report', async () => {
    const store = new MemoryStore()
    const source = JSON.stringify({
      format: 'spanwise',
      version: 1,
      offsetUnit: 'codepoint',
      text: 'Putin met Erdoğan in Sochi.',
      annotations: [
        { id: 'e1', type: 'event', start: 0, end: 17, exact: 'Putin met Erdoğan', attrs: { place: 'Sochi' } },
        { id: 'c1', type: 'claim', start: 3, end: 9, exact: 'not here' },
      ],
    })
    const outcome = await createDocument(store, { id: 'imported', title: 'Imported', format: 'json', source }, { now: NOW })
    expect(outcome).toMatchObject({
      ok: true,
      report: { imported: 1, reanchored: [], skipped: [{ id: 'c1', exact: 'not here', reason: 'its quote "not here" is not in the text' }] },
    })
    const doc = await storedDoc(store, 'imported')
    const { records, invalid } = readAnnotations(doc)
    expect(invalid).toEqual([])
    expect(records).toMatchObject([{ id: 'e1', type: 'event', exact: 'Putin met Erdoğan', attrs: { place: 'Sochi' }, comments: [] }])
    expect([...doc.getMap('annotations').keys()]).toEqual(['e1'])
  })

  it('refuses a malformed annotation file naming the line', async () => {
    const store = new MemoryStore()
    const outcome = await createDocument(store, { title: 'B', format: 'brat', source: 'T1\tClaim 0 x\tPutin', text: 'Putin' }, { now: NOW })
    expect(outcome).toMatchObject({ ok: false })
    expect((outcome as { error: Error }).error.message).toBe('source: could not be imported (line 1: malformed text-bound annotation (expected "T1\\tType start end\\ttext"))')
  })
})
