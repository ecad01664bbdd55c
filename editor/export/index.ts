import { describeIssueMessages } from '../model/describe-issues'
import { exportBrat } from './brat'
import { exportClaimReview } from './claimreview'
import { exportCsv } from './csv'
import { exportJson } from './json'
import { exportJsonl } from './jsonl'
import { exportOptionsSchema, type ExportFormat, type ExportOptions } from './options'
import type { ExportResult } from './result'
import type { DocumentSnapshot } from './snapshot'
import { exportW3c } from './w3c'

export { EXPORT_FORMATS, type ExportFormat, type ExportOptions } from './options'
export { takeSnapshot, type DocumentSnapshot } from './snapshot'
export type { ExportResult } from './result'

// A full Record: adding a format to EXPORT_FORMATS without its exporter fails to compile.
const EXPORTERS: Record<ExportFormat, (snapshot: DocumentSnapshot, options: ExportOptions) => ExportResult> = {
  json: exportJson,
  w3c: exportW3c,
  jsonl: exportJsonl,
  csv: exportCsv,
  brat: exportBrat,
  claimreview: exportClaimReview,
}

/** Raised for an export request that cannot be served; the message names the problem. */
export class ExportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExportError'
  }
}

/** Parses export options from query parameters or CLI flags; throws ExportError naming the field. */
export function parseExportOptions(input: Record<string, string | undefined>): ExportOptions {
  const parsed = exportOptionsSchema.safeParse(input)
  if (!parsed.success) throw new ExportError(describeIssueMessages(parsed.error))
  return parsed.data as ExportOptions
}

/** Exports a snapshot in one format: the single code path of the UI, the HTTP API and the CLI. */
export function exportDocument(snapshot: DocumentSnapshot, options: ExportOptions): ExportResult {
  return EXPORTERS[options.format](snapshot, options)
}

/** The download file name for an export: `<doc id>.<extension>`. */
export function exportFileName(snapshot: DocumentSnapshot, result: ExportResult): string {
  return `${snapshot.id}.${result.extension}`
}
