import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../collab-server/logger'
import { SqliteStore } from '../../../collab-server/persistence/sqlite-store'
import { SeedManifestError, seedDocuments } from '../../../collab-server/seed'
import { CONTENT_FRAGMENT } from '../../../editor/model/doc-layout'
import { readMeta } from '../../../editor/yjs/document-content'
import { makeTempDir, removeTempDir } from './support/temp-dir'

const CONTENT_DIR = resolve(import.meta.dirname, '../../../content')
const ARTICLE_ID = 'israel-russia-part-2'
const ARTICLE_SENTENCE = 'Pro-Israel Vladimir Putin was elected in 2001'

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1
}

describe('seedDocuments', () => {
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

  const loadDoc = async (id: string) => {
    const doc = new Y.Doc()
    for (const update of await store.loadUpdates(id)) Y.applyUpdate(doc, update.data)
    return doc
  }

  it('creates the seed article once, even when run twice and after a restart', async () => {
    const options = { logger: silentLogger, now: () => new Date('2024-05-01T10:00:00.000Z') }
    expect(await seedDocuments(store, CONTENT_DIR, options)).toEqual({ created: [ARTICLE_ID], existing: [] })
    expect(await seedDocuments(store, CONTENT_DIR, options)).toEqual({ created: [], existing: [ARTICLE_ID] })
    await store.close()
    store = SqliteStore.open(join(dir, 'data'))
    expect(await seedDocuments(store, CONTENT_DIR, options)).toEqual({ created: [], existing: [ARTICLE_ID] })

    expect(await store.listDocuments()).toEqual([
      {
        id: ARTICLE_ID,
        title: 'Israel – Russia relations, Part II',
        createdAt: '2024-05-01T10:00:00.000Z',
        updatedAt: '2024-05-01T10:00:00.000Z',
      },
    ])
    expect((await store.loadUpdates(ARTICLE_ID)).length).toBe(1)
    const doc = await loadDoc(ARTICLE_ID)
    const fragment = doc.getXmlFragment(CONTENT_FRAGMENT)
    const text = fragment.toString()
    expect(occurrences(text, ARTICLE_SENTENCE)).toBe(1)
    expect(occurrences(text, 'Israel – Russia relations, Part II')).toBe(1)
    expect(fragment.get(0).toString()).toBe('<heading level="1">Israel – Russia relations, Part II</heading>')
    expect(readMeta(doc)?.title).toBe('Israel – Russia relations, Part II')
  })

  it('seeds nothing when the manifest is missing', async () => {
    const report = await seedDocuments(store, join(dir, 'no-content'), { logger: silentLogger })
    expect(report).toEqual({ created: [], existing: [] })
    expect(await store.listDocuments()).toEqual([])
  })

  it('rejects an invalid manifest naming the field', async () => {
    const contentDir = join(dir, 'content')
    await mkdir(contentDir)
    await writeFile(join(contentDir, 'documents.json'), JSON.stringify([{ id: 'bad id', title: 'T', file: 'a.txt' }]))
    const seeding = seedDocuments(store, contentDir, { logger: silentLogger })
    await expect(seeding).rejects.toBeInstanceOf(SeedManifestError)
    await expect(seeding).rejects.toThrow(/documents\.json: 0\.id: document id must be/)
  })
})
