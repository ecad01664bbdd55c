import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDocument, DocumentInputError } from '../../../collab-server/documents'
import { silentLogger } from '../../../collab-server/logger'
import { SqliteStore } from '../../../collab-server/persistence/sqlite-store'
import { SeedManifestError, seedDocuments } from '../../../collab-server/seed'
import { readDocumentDetailsOf } from '../../../editor/yjs/document-details'
import { MemoryStore } from './support/memory-store'
import { makeTempDir, removeTempDir } from './support/temp-dir'

const NOW = () => new Date('2026-12-05T10:00:00.000Z')
const SOURCE = { url: 'https://www.israpundit.org/archives/1', publisher: 'Israpundit', authors: ['Ted Belman', 'Alexander Maistrovoy'], published: '2020-03', language: 'en' }

async function storedDoc(store: MemoryStore | SqliteStore, id: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const update of await store.loadUpdates(id)) Y.applyUpdate(doc, update.data)
  return doc
}

describe('createDocument with a source (POST /api/docs `sourceMetadata`)', () => {
  it('writes the source into meta with the initial content, in the one creating update', async () => {
    const store = new MemoryStore()
    const outcome = await createDocument(store, { id: 'sourced', title: 'Sourced', format: 'txt', source: 'Some text.', sourceMetadata: SOURCE }, { now: NOW })
    expect(outcome.ok).toBe(true)
    expect((await store.loadUpdates('sourced')).length).toBe(1)
    expect(readDocumentDetailsOf(await storedDoc(store, 'sourced'))).toEqual({ source: SOURCE, factcheck: {}, problems: [] })
  })

  it('without one, writes no source entry', async () => {
    const store = new MemoryStore()
    await createDocument(store, { id: 'plain', title: 'Plain', format: 'blank' }, { now: NOW })
    expect(Object.keys((await storedDoc(store, 'plain')).getMap('meta').toJSON()).sort()).toEqual(['createdAt', 'schemaVersion', 'title'])
  })

  it.each([
    [{ url: 'javascript:alert(1)' }, 'sourceMetadata.url: must be an absolute http:// or https:// URL'],
    [{ url: 'https://evil.example@example.org/' }, 'sourceMetadata.url: must be an absolute http:// or https:// URL'],
    [{ authors: ['Ted Belman', ' '] }, 'sourceMetadata.authors.1: must not be empty'],
    [{ authors: 'Ted Belman' }, 'sourceMetadata.authors: Invalid input: expected array, received string'],
    [{ published: '2020-13' }, 'sourceMetadata.published: must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD'],
    [{ language: 'English' }, 'sourceMetadata.language: must be a BCP 47 language tag such as en, he or pt-BR'],
    [{ publisher: 'x'.repeat(1_000_000) }, 'sourceMetadata.publisher: must be at most 200 characters'],
    [{ publisher: { nested: { deeper: 'Israpundit' } } }, 'sourceMetadata.publisher: Invalid input: expected string, received object'],
    [{ baseUrl: 'https://factcheck.example' }, 'sourceMetadata: Unrecognized key: "baseUrl"'],
    ['https://example.org', 'sourceMetadata: Invalid input: expected object, received string'],
  ])('refuses sourceMetadata %j, naming the field, and stores nothing', async (sourceMetadata, message) => {
    const store = new MemoryStore()
    const outcome = await createDocument(store, { id: 'refused', title: 'Refused', format: 'blank', sourceMetadata }, { now: NOW })
    expect(outcome).toEqual({ ok: false, error: new DocumentInputError(message) })
    expect(await store.getDocument('refused')).toBeNull()
  })
})

describe('the seed article has its source', () => {
  let dir: string
  let store: SqliteStore

  beforeEach(async () => {
    dir = await makeTempDir()
    store = SqliteStore.open(join(dir, 'data'))
  })

  afterEach(async () => {
    await store.close()
    await removeTempDir(dir)
  })

  it('is created with its publisher, authors and language from content/documents.json (its address is not known)', async () => {
    await seedDocuments(store, resolve(import.meta.dirname, '../../../content'), { logger: silentLogger, now: NOW })
    expect(readDocumentDetailsOf(await storedDoc(store, 'israel-russia-part-2'))).toEqual({
      source: { publisher: 'Israpundit', authors: ['Ted Belman', 'Alexander Maistrovoy'], language: 'en' },
      factcheck: {},
      problems: [],
    })
  })

  it('refuses a manifest whose source does not validate, naming the field', async () => {
    const contentDir = join(dir, 'content')
    await mkdir(contentDir)
    await writeFile(join(contentDir, 'a.txt'), 'Text.')
    await writeFile(join(contentDir, 'documents.json'), JSON.stringify([{ id: 'a', title: 'A', file: 'a.txt', source: { url: 'javascript:alert(1)' } }]))
    const seeding = seedDocuments(store, contentDir, { logger: silentLogger })
    await expect(seeding).rejects.toBeInstanceOf(SeedManifestError)
    await expect(seeding).rejects.toThrow(/documents\.json: 0\.source\.url: must be an absolute http:\/\/ or https:\/\/ URL/)
  })
})
