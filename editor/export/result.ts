/** What an exporter returns: the file's bytes or text, its media type and file extension. */
export interface ExportResult {
  body: string | Uint8Array
  contentType: string
  extension: string
}
