import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { sourceFromFiles } from '../../editor/import/import-files'
import { createDocument } from '../documents'
import { readDatabaseUrl } from '../env'
import { openToolStore } from '../persistence/open-store'
import { runCli } from './run-cli'
import { embeddedTitle } from '../../editor/import'
import { sourceMetadataSchema, type SourceMetadata } from '../../editor/model/document-source'

const USAGE = `Usage: npm run import -- FILE [FILE] [--title TITLE] [--id ID] [--data-dir DIR]
         [--source-url URL] [--publisher NAME] [--author NAME]... [--published DATE] [--language TAG]

Creates a new document in the store from a .txt, .md, .html, Spanwise .json, brat .zip, or a
brat .ann together with its .txt (and the export's .ids.tsv, to keep the ids). Prints the new id and the import report (annotations
re-anchored by their quote or skipped, with the reason). The store is $DATA_DIR (default ./data)
unless --data-dir is given; a running collab server sees the new document at once.

Where the document comes from: --source-url (an http:// or https:// address), --publisher,
--author (once per author, in byline order), --published (YYYY, YYYY-MM or YYYY-MM-DD) and
--language (a BCP 47 tag such as en or he). A Spanwise export keeps the source it carries; each
flag given replaces that field.`

const OPTIONS = {
  title: { type: 'string' },
  id: { type: 'string' },
  'data-dir': { type: 'string' },
  'source-url': { type: 'string' },
  publisher: { type: 'string' },
  author: { type: 'string', multiple: true },
  published: { type: 'string' },
  language: { type: 'string' },
  help: { type: 'boolean' },
} as const

/** The command-line flag of each source field, for messages. */
const SOURCE_FLAGS: Record<keyof SourceMetadata, string> = { url: '--source-url', publisher: '--publisher', authors: '--author', published: '--published', language: '--language' }

/** The source fields the flags give, validated; an error names the flag. */
function sourceFromFlags(values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values']): SourceMetadata | string {
  const given = {
    ...(values['source-url'] !== undefined ? { url: values['source-url'] } : {}),
    ...(values.publisher !== undefined ? { publisher: values.publisher } : {}),
    ...(values.author !== undefined ? { authors: values.author } : {}),
    ...(values.published !== undefined ? { published: values.published } : {}),
    ...(values.language !== undefined ? { language: values.language } : {}),
  }
  const parsed = sourceMetadataSchema.safeParse(given)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  return `${SOURCE_FLAGS[issue.path[0] as keyof SourceMetadata]}: ${issue.message}`
}

/** Runs the import CLI; returns the exit code (0 ok, 1 refused, 2 bad usage). */
export async function runImportCli(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true })
  } catch (error) {
    console.error(`import: ${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (parsed.values.help) {
    console.log(USAGE)
    return 0
  }
  if (parsed.positionals.length === 0) {
    console.error(`import: give the file(s) to import\n\n${USAGE}`)
    return 2
  }
  const sourceMetadata = sourceFromFlags(parsed.values)
  if (typeof sourceMetadata === 'string') {
    console.error(`import: ${sourceMetadata}\n\n${USAGE}`)
    return 2
  }
  let source
  try {
    source = sourceFromFiles(parsed.positionals.map((path) => ({ name: basename(path), bytes: readFileSync(resolve(path)) })))
  } catch (error) {
    console.error(`import: ${(error as Error).message}`)
    return 1
  }
  // A Spanwise export keeps its own title unless --title names another; other files are named after the file.
  const title = parsed.values.title ?? embeddedTitle(source.format, source.source) ?? basename(parsed.positionals[0]).replace(/\.[^.]+$/, '')
  const store = await openToolStore(readDatabaseUrl(process.env), parsed.values['data-dir'] ?? process.env.DATA_DIR ?? './data')
  try {
    const outcome = await createDocument(store, { ...source, title, sourceMetadata, ...(parsed.values.id ? { id: parsed.values.id } : {}) })
    if (!outcome.ok) {
      console.error(`import: ${outcome.error.message}`)
      return 1
    }
    console.log(outcome.document.id)
    if (outcome.report) {
      const { imported, reanchored, skipped } = outcome.report
      console.log(`annotations: ${imported} imported, ${reanchored.length} re-anchored by quote, ${skipped.length} skipped`)
      for (const entry of reanchored) console.log(`  re-anchored ${entry.id}: ${JSON.stringify(entry.exact)}`)
      for (const entry of skipped) console.log(`  skipped ${entry.id ?? '(no id)'}: ${entry.reason}`)
      for (const entry of outcome.report.droppedLinks) console.log(`  link ${entry.link} of ${entry.annotation} left out: ${entry.reason}`)
    }
    return 0
  } finally {
    await store.close()
  }
}

runCli('import', runImportCli)
