import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ExportError, exportFromState, parseExportOptions } from '../../editor/export/export-request'
import { mergeStoredUpdates } from '../persistence/merge-updates'
import { readDatabaseUrl } from '../env'
import { openToolStore } from '../persistence/open-store'
import { redactUrl } from '../persistence/postgres-pool'
import { SQLITE_FILE_NAME } from '../persistence/sqlite-store'
import { runCli } from './run-cli'

const USAGE = `Usage: npm run export -- (--doc ID | --all) --format FORMAT --out PATH
         [--offsets codepoint|utf16] [--type event,quote,claim] [--verdict false,misleading]
         [--author ID_OR_NAME] [--unit document|paragraph] [--csv escape|raw] [--data-dir DIR]
         [--base-url URL] [--organization NAME]

Exports stored documents without a running app or server. --doc writes one file (PATH may be a
file or an existing directory); --all writes <id>.<ext> for every document into the directory PATH.
--csv raw writes CSV cells as they are (default escape: a cell a spreadsheet would read as a
formula gets a leading '). --base-url (the published fact-check's address) and --organization
(who publishes it) replace the document's own fact-check settings in a claimreview export. The
store is $DATA_DIR (default ./data) unless --data-dir is given, or the PostgreSQL database of
$DATABASE_URL when it is set; reading it while a collab server runs is fine.`

class UsageError extends Error {}

function parseCommandLine(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      doc: { type: 'string' },
      all: { type: 'boolean', default: false },
      format: { type: 'string' },
      out: { type: 'string' },
      offsets: { type: 'string' },
      type: { type: 'string' },
      verdict: { type: 'string' },
      author: { type: 'string' },
      unit: { type: 'string' },
      csv: { type: 'string' },
      'base-url': { type: 'string' },
      organization: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) return null
  if (!values.doc === !values.all) throw new UsageError('give exactly one of --doc ID or --all')
  if (!values.out) throw new UsageError('--out PATH is required')
  if (!values.format) throw new UsageError('--format FORMAT is required')
  const options = parseExportOptions({
    format: values.format,
    offsets: values.offsets,
    type: values.type,
    verdict: values.verdict,
    author: values.author,
    unit: values.unit,
    csv: values.csv,
    baseUrl: values['base-url'],
    organization: values.organization,
  })
  return { doc: values.doc, all: values.all, out: resolve(values.out), options, dataDir: values['data-dir'] ?? process.env.DATA_DIR ?? './data' }
}

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Runs the export CLI; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
export async function runExportCli(argv: string[]): Promise<number> {
  let command: ReturnType<typeof parseCommandLine>
  try {
    command = parseCommandLine(argv)
  } catch (error) {
    if (error instanceof UsageError || error instanceof ExportError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`export: ${(error as Error).message}\n\n${USAGE}`)
      return 2
    }
    throw error
  }
  if (!command) {
    console.log(USAGE)
    return 0
  }
  const databaseUrl = readDatabaseUrl(process.env)
  const where = databaseUrl === null ? resolve(command.dataDir) : redactUrl(databaseUrl)
  // Exporting reads a store; it never creates one (a mistyped --data-dir would leave an empty store behind).
  if (databaseUrl === null && !existsSync(join(command.dataDir, SQLITE_FILE_NAME))) {
    console.error(`export: no Spanwise store in ${resolve(command.dataDir)} (${SQLITE_FILE_NAME} is not there); pass --data-dir DIR or set DATA_DIR`)
    return 1
  }
  const store = await openToolStore(databaseUrl, command.dataDir)
  try {
    const ids = command.all ? (await store.listDocuments()).map((doc) => doc.id) : [command.doc!]
    if (command.all) mkdirSync(command.out, { recursive: true })
    for (const id of ids) {
      if (!(await store.getDocument(id))) {
        console.error(`export: document "${id}" not found in ${where}`)
        return 1
      }
      const state = mergeStoredUpdates((await store.loadUpdates(id)).map((update) => update.data))
      const file = exportFromState(id, state, command.options)
      const target = command.all || isDirectory(command.out) ? join(command.out, file.fileName) : command.out
      writeFileSync(target, file.body)
      console.log(`${id} → ${target}`)
    }
    return 0
  } finally {
    await store.close()
  }
}

runCli('export', runExportCli)
