import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { VersionRecord } from '../../editor/model/versions'
import { CollabEnvError, readDatabaseUrl } from '../env'
import type { DocumentRecord, DocumentStore, NewVersion } from '../persistence/document-store'
import { mergeStoredUpdates } from '../persistence/merge-updates'
import { openToolStore } from '../persistence/open-store'
import { redactUrl } from '../persistence/postgres-pool'
import { SQLITE_FILE_NAME } from '../persistence/sqlite-store'
import { runCli } from './run-cli'

const USAGE = `Usage: npm run copy-store -- [--data-dir DIR] [--dry-run]

Copies every document of the SQLite store in DIR (--data-dir, else $DATA_DIR, else ./data) into
the PostgreSQL database of $DATABASE_URL (required), to move from one collab server to several.
Each document keeps its id, title, times, token generation (revoked links stay revoked) and
versions (their order, names, authors, times and states; numbers start again at 1 in the
target, so a document whose versions were pruned gets them renumbered). Its stored updates are
merged into one. A document whose id is already in the database is skipped, never overwritten,
so running it again copies only what is missing. --dry-run lists what would be copied and writes
nothing. Reading DIR while its collab server runs is possible, but stop that server first so
that no edit made during the copy is left behind.`

/** Versions are copied as they are: the target prunes none of them. */
const KEEP_ALL = { maxCount: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY }

function parseCommandLine(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) return null
  return { dataDir: values['data-dir'] ?? process.env.DATA_DIR ?? './data', dryRun: values['dry-run'] }
}

/** Everything of one document the copy writes, read from the source before anything is written. */
interface DocumentCopy {
  readonly record: DocumentRecord
  readonly state: Uint8Array
  readonly generation: number
  readonly versions: readonly NewVersion[]
  /** The versions' numbers in the source, oldest first. */
  readonly sourceNumbers: readonly number[]
}

async function readDocument(source: DocumentStore, record: DocumentRecord): Promise<DocumentCopy> {
  const state = mergeStoredUpdates((await source.loadUpdates(record.id)).map((update) => update.data))
  const generation = (await source.tokenGeneration(record.id)) ?? 0
  const records = (await source.listVersions(record.id)).slice().reverse()
  const versions: NewVersion[] = []
  for (const version of records) {
    const stored = await source.getVersion(record.id, version.number)
    if (!stored) throw new Error(`version ${version.number} disappeared while it was read`)
    versions.push(toNewVersion(record.id, stored.version, stored.state))
  }
  return { record, state, generation, versions, sourceNumbers: records.map((version) => version.number) }
}

const toNewVersion = (docId: string, version: VersionRecord, state: Uint8Array): NewVersion => ({
  docId,
  name: version.name,
  kind: version.kind,
  createdBy: version.createdBy,
  createdAt: version.createdAt,
  state,
})

/**
 * Writes one document into the target: its record and merged state, then its token generation
 * (before the versions; a copy that died in between is repaired by the next run, see
 * {@link copyOne}), its
 * versions oldest first, and last its `updatedAt`. Resolves the target's version numbers; false
 * when the id is already there (nothing written). A failure after the record was created rejects
 * with a message saying the document is incomplete in the target.
 */
async function writeDocument(target: DocumentStore, copy: DocumentCopy): Promise<number[] | false> {
  const { id, title, createdAt, updatedAt } = copy.record
  const created = await target.createDocument({ id, title, createdAt, initialUpdate: copy.state })
  if (!created.ok) return false
  try {
    while (((await target.tokenGeneration(id)) ?? copy.generation) < copy.generation) await target.bumpTokenGeneration(id)
    const numbers: number[] = []
    for (const version of copy.versions) {
      const added = await target.addVersion(version, KEEP_ALL)
      if (!added) throw new Error('it disappeared from the target')
      numbers.push(added.version.number)
    }
    await target.touchDocument(id, updatedAt)
    return numbers
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`${message}; it was created in the target but is incomplete there: delete it from the database and run again`)
  }
}

/** "3 versions", or "3 versions (numbers 2, 5, 7 are now 1, 2, 3)" when the target numbered them differently. */
function describeVersions(sourceNumbers: readonly number[], targetNumbers: readonly number[]): string {
  const count = `${sourceNumbers.length} version${sourceNumbers.length === 1 ? '' : 's'}`
  if (sourceNumbers.every((number, index) => number === targetNumbers[index])) return count
  return `${count} (numbers ${sourceNumbers.join(', ')} are now ${targetNumbers.join(', ')})`
}

/** How one document went; each prints one line. */
type Outcome = 'copied' | 'skipped' | 'failed'

const skipped = (id: string): Outcome => {
  console.log(`skipped ${id}: already in the target, not overwritten`)
  return 'skipped'
}

async function copyOne(source: DocumentStore, target: DocumentStore, record: DocumentRecord, dryRun: boolean): Promise<Outcome> {
  try {
    if (await target.getDocument(record.id)) {
      // A copy that died before its generation was written would let revoked links back in: raise it.
      const generation = await source.tokenGeneration(record.id)
      if (!dryRun && generation !== null) {
        while (((await target.tokenGeneration(record.id)) ?? generation) < generation) await target.bumpTokenGeneration(record.id)
      }
      return skipped(record.id)
    }
    const copy = await readDocument(source, record)
    const summary = (numbers: readonly number[]) => `"${record.title}", ${describeVersions(copy.sourceNumbers, numbers)}, token generation ${copy.generation}`
    if (dryRun) {
      console.log(`would copy ${record.id} (${summary(copy.sourceNumbers.map((_, index) => index + 1))})`)
      return 'copied'
    }
    const numbers = await writeDocument(target, copy)
    if (numbers === false) return skipped(record.id)
    console.log(`copied ${record.id} (${summary(numbers)})`)
    return 'copied'
  } catch (error) {
    console.error(`failed ${record.id}: ${error instanceof Error ? error.message : String(error)}`)
    return 'failed'
  }
}

/** Runs the copy-store CLI; returns the process exit code (0 ok, 1 a document or the store failed, 2 bad usage or environment). */
export async function runCopyStoreCli(argv: string[]): Promise<number> {
  let command: ReturnType<typeof parseCommandLine>
  let databaseUrl: string | null
  try {
    command = parseCommandLine(argv)
    databaseUrl = readDatabaseUrl(process.env)
  } catch (error) {
    if (error instanceof CollabEnvError) {
      console.error(`copy-store: ${error.message}`)
      return 2
    }
    if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`copy-store: ${(error as Error).message}\n\n${USAGE}`)
      return 2
    }
    throw error
  }
  if (!command) {
    console.log(USAGE)
    return 0
  }
  if (databaseUrl === null) {
    console.error('copy-store: DATABASE_URL is not set: set it to the PostgreSQL database to copy into (postgres://user:password@host:5432/spanwise)')
    return 2
  }
  // Copying reads a store; it never creates one (a mistyped --data-dir would otherwise copy an empty store).
  if (!existsSync(join(command.dataDir, SQLITE_FILE_NAME))) {
    console.error(`copy-store: no Spanwise store in ${resolve(command.dataDir)} (${SQLITE_FILE_NAME} is not there); pass --data-dir DIR or set DATA_DIR`)
    return 1
  }
  const source = await openToolStore(null, command.dataDir)
  try {
    const target = await openToolStore(databaseUrl, command.dataDir)
    try {
      const documents = await source.listDocuments()
      const counts: Record<Outcome, number> = { copied: 0, skipped: 0, failed: 0 }
      for (const record of documents) counts[await copyOne(source, target, record, command.dryRun)] += 1
      const copied = command.dryRun ? `${counts.copied} would be copied` : `${counts.copied} copied`
      console.log(
        `${documents.length} document${documents.length === 1 ? '' : 's'} in ${resolve(command.dataDir)}: ${copied}, ${counts.skipped} skipped, ${counts.failed} failed (into ${redactUrl(databaseUrl)})`,
      )
      return counts.failed > 0 ? 1 : 0
    } finally {
      await target.close()
    }
  } finally {
    await source.close()
  }
}

runCli('copy-store', runCopyStoreCli)
