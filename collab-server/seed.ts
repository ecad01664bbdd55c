import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { importPlainText } from '../editor/import/plain-text'
import { seedManifestSchema, type SeedEntry } from '../editor/import/seed-manifest'
import { describeIssues } from '../editor/model/describe-issues'
import { insertDocument } from './documents'
import type { Logger } from './logger'
import type { DocumentStore } from './persistence/document-store'

/** The manifest's file name inside the content directory. */
const SEED_MANIFEST_FILE = 'documents.json'

/** A content directory whose manifest is unreadable or invalid. */
export class SeedManifestError extends Error {
  override readonly name = 'SeedManifestError'
}

/** What {@link seedDocuments} did, by document id. */
export interface SeedReport {
  readonly created: string[]
  readonly existing: string[]
}

async function readManifest(contentDir: string): Promise<SeedEntry[] | null> {
  const path = join(contentDir, SEED_MANIFEST_FILE)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new SeedManifestError(`${path}: not valid JSON (${(error as Error).message})`)
  }
  const parsed = seedManifestSchema.safeParse(json)
  if (!parsed.success) throw new SeedManifestError(`${path}: ${describeIssues(parsed.error)}`)
  return parsed.data
}

async function seedEntry(store: DocumentStore, contentDir: string, entry: SeedEntry, now: Date): Promise<boolean> {
  if ((await store.getDocument(entry.id)) !== null) return false
  const text = await readFile(join(contentDir, entry.file), 'utf8')
  const content = importPlainText(text, { title: entry.title })
  const createdAt = now.toISOString()
  const result = await insertDocument(store, { id: entry.id, title: entry.title, content, createdAt, details: { source: entry.source ?? {} } })
  return result.ok
}

/**
 * Creates every document listed in `<contentDir>/documents.json` that the store does not have
 * yet, from its .txt file and title. Idempotent: existing documents are never touched, so the
 * text is never seeded twice. A missing manifest seeds nothing (and is logged); an invalid one
 * rejects with {@link SeedManifestError}.
 */
export async function seedDocuments(store: DocumentStore, contentDir: string, options: { logger: Logger; now?: () => Date }): Promise<SeedReport> {
  const entries = await readManifest(contentDir)
  const report: SeedReport = { created: [], existing: [] }
  if (entries === null) {
    options.logger.warn('seed-manifest-missing', { contentDir })
    return report
  }
  const now = (options.now ?? (() => new Date()))()
  for (const entry of entries) {
    const created = await seedEntry(store, contentDir, entry, now)
    ;(created ? report.created : report.existing).push(entry.id)
  }
  options.logger.info('seeded', { created: report.created, existing: report.existing })
  return report
}
