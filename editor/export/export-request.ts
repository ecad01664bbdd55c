import { ExportError, exportDocument, exportFileName, parseExportOptions, takeSnapshot, type ExportOptions, type ExportResult } from './index'

/** A finished export, ready to send or write. */
export interface ExportedFile extends ExportResult {
  fileName: string
}

/**
 * Exports one document from its Yjs state: one consistent snapshot, one exporter. Parse the
 * options first with {@link parseExportOptions} (it throws ExportError naming a bad option).
 */
export function exportFromState(id: string, state: Uint8Array, options: ExportOptions): ExportedFile {
  const snapshot = takeSnapshot(id, state)
  const result = exportDocument(snapshot, options)
  return { ...result, fileName: exportFileName(snapshot, result) }
}

export { ExportError, parseExportOptions }
