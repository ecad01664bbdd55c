import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Node as PMNode } from 'prosemirror-model'
import { importPlainText } from '../../../../../editor/import/plain-text'

/** The seed article's source text. */
export const seedText = readFileSync(join(process.cwd(), 'content', 'israel-russia-part-2.txt'), 'utf8')

/** The seed article imported as the app does, without a title option. */
export function seedDocument(): PMNode {
  return importPlainText(seedText)
}

/** A reviewer or author for records. */
export const alice = { id: 'user-alice', name: 'Alice' }
export const bob = { id: 'user-bob', name: 'Bob' }
