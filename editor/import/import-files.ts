import { unzipSync } from 'fflate'
import { ImportFormatError } from './annotated/annotated-source'
import { formatFromFileName, type SourceFormat } from './index'

/** A file picked for import: its name and bytes. */
export interface PickedFile {
  name: string
  bytes: Uint8Array
}

/** The request fields for a new document made from picked files. */
export interface FileSource {
  format: Exclude<SourceFormat, 'blank'>
  source: string
  text?: string
  /** brat only: the export's `.ids.tsv` (Spanwise ids of the T and R lines), when it was picked or is in the zip. */
  ids?: string
}

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: false }).decode(bytes)
const byExtension = (files: PickedFile[], extension: string) => files.find((file) => file.name.toLowerCase().endsWith(extension))

const IDS_EXTENSION = '.ids.tsv'

function bratPair(files: PickedFile[], from: string): FileSource {
  const ann = byExtension(files, '.ann')
  const txt = byExtension(files, '.txt')
  const ids = byExtension(files, IDS_EXTENSION)
  if (!ann || !txt) throw new ImportFormatError(`${from}: a brat import needs both the .ann file and its .txt`)
  return { format: 'brat', source: decode(ann.bytes), text: decode(txt.bytes), ...(ids ? { ids: decode(ids.bytes) } : {}) }
}

/**
 * Works out what to import from the picked files: one .txt/.md/.html/.json file, a W3C
 * .jsonld collection (with its .txt when it does not carry its text), a brat pair (.ann + .txt,
 * with the export's .ids.tsv if picked too), or a brat .zip as Spanwise exports it. Throws
 * ImportFormatError naming the problem.
 */
export function sourceFromFiles(picked: PickedFile[]): FileSource {
  if (picked.length === 0) throw new ImportFormatError('files: choose a file to import')
  const idsFile = picked.find((file) => file.name.toLowerCase().endsWith(IDS_EXTENSION))
  if (idsFile && !picked.some((file) => file.name.toLowerCase().endsWith('.ann'))) {
    throw new ImportFormatError(`"${idsFile.name}" goes with a brat .ann and its .txt: pick them too`)
  }
  const files = picked.filter((file) => file !== idsFile)
  const formats = files.map((file) => formatFromFileName(file.name))
  const unknown = files.find((_, index) => formats[index] === null)
  if (unknown) throw new ImportFormatError(`"${unknown.name}" is not a .txt, .md, .html, .json, .jsonld, .ann or .zip file.`)
  const collection = files.find((_, index) => formats[index] === 'w3c')
  if (collection) {
    const txt = byExtension(files, '.txt')
    return { format: 'w3c', source: decode(collection.bytes), ...(txt ? { text: decode(txt.bytes) } : {}) }
  }
  if (files.length === 1 && !files[0].name.toLowerCase().endsWith('.zip') && formats[0] !== 'brat') {
    return { format: formats[0]!, source: decode(files[0].bytes) }
  }
  if (files.length === 1 && files[0].name.toLowerCase().endsWith('.zip')) {
    let entries: Record<string, Uint8Array>
    try {
      entries = unzipSync(files[0].bytes)
    } catch (error) {
      throw new ImportFormatError(`${files[0].name}: not a readable zip file (${(error as Error).message})`)
    }
    return bratPair(
      Object.entries(entries).map(([name, bytes]) => ({ name, bytes })),
      files[0].name,
    )
  }
  return bratPair(picked, 'files')
}
