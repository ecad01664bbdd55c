/**
 * Produces a document's history as a person typing makes it: one small Yjs update per keystroke
 * (a single-character insert into the paragraph being typed, now and then a backspace or a new
 * paragraph), made by a real Y.Doc on the y-prosemirror layout of docs/data-model.md.
 */
import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import { docToPlainText } from '../../editor/export/plain-text'
import { CONTENT_FRAGMENT } from '../../editor/model/doc-layout'
import { readContent } from '../../editor/yjs/document-content'

/** SHA-256 of a document's plain text (docs/data-model.md convention), and its length. */
export function textHash(ydoc: Y.Doc): { hash: string; length: number } {
  const text = docToPlainText(readContent(ydoc))
  return { hash: createHash('sha256').update(text).digest('hex'), length: text.length }
}

/**
 * Types `count` keystrokes into `ydoc` (which holds the document's initial state), calling
 * `onUpdate` with each keystroke's update. Characters come from `source` in order; every 37th
 * keystroke is a backspace, and a new paragraph starts once the current one holds 400 characters.
 */
export function typeKeystrokes(ydoc: Y.Doc, source: string, count: number, onUpdate: (update: Uint8Array) => void): void {
  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  const characters = source.replace(/\s+/g, ' ')
  const listener = (update: Uint8Array) => onUpdate(update)
  ydoc.on('update', listener)
  try {
    let text: Y.XmlText | null = null
    let next = 0
    for (let keystroke = 0; keystroke < count; keystroke++) {
      if (text === null || text.length >= 400) {
        const paragraph = new Y.XmlElement('paragraph')
        const run: Y.XmlText = new Y.XmlText()
        ydoc.transact(() => {
          paragraph.insert(0, [run])
          fragment.insert(fragment.length, [paragraph])
        })
        text = run
        continue
      }
      if (keystroke % 37 === 0 && text.length > 0) text.delete(text.length - 1, 1)
      else {
        text.insert(text.length, characters[next % characters.length])
        next += 1
      }
    }
  } finally {
    ydoc.off('update', listener)
  }
}
