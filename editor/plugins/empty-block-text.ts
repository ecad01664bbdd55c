import { Plugin } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { schema } from '../schema'

/** The origin of the transactions that give empty blocks their text; no undo manager tracks it. */
const emptyBlockTextOrigin = Symbol('spanwise:empty-block-text')

const TEXT_BLOCKS = new Set(
  Object.values(schema.nodes)
    .filter((type) => type.isTextblock)
    .map((type) => type.name),
)

/**
 * Gives every text block this client empties or creates an empty `Y.XmlText` to hold its text.
 *
 * y-prosemirror leaves an empty block without a text. When two people start typing in it at the
 * same time, each creates a text of their own, and the next keystroke makes y-prosemirror merge
 * the two by rewriting one of them: letters the other person typed into it meanwhile are lost.
 * With a text already there, both type into the one text and Yjs merges their letters as usual.
 *
 * Only changes made here (typing, Enter, paste, undo) are looked at, so two clients never both add
 * a text to a block that reached them empty.
 */
export function emptyBlockTextPlugin(): Plugin {
  return new Plugin({
    view(view) {
      const syncState: unknown = ySyncPluginKey.getState(view.state)
      const ydoc = (syncState as { doc?: unknown } | undefined)?.doc
      if (!(ydoc instanceof Y.Doc)) return {}
      const fill = (transaction: Y.Transaction): void => {
        if (!transaction.local || !isEditOrigin(transaction.origin)) return
        const blocks = emptyTextBlocks(transaction)
        if (blocks.length === 0) return
        ydoc.transact(() => {
          for (const block of blocks) if (block.length === 0) block.insert(0, [new Y.XmlText()])
        }, emptyBlockTextOrigin)
      }
      ydoc.on('afterTransaction', fill)
      return { destroy: () => ydoc.off('afterTransaction', fill) }
    },
  })
}

function isEditOrigin(origin: unknown): boolean {
  return origin === ySyncPluginKey || origin instanceof Y.UndoManager
}

/** The text blocks a transaction emptied or created empty, in the `prosemirror` fragment. */
function emptyTextBlocks(transaction: Y.Transaction): Y.XmlElement[] {
  const found = new Set<Y.XmlElement>()
  const visit = (type: unknown): void => {
    if (!(type instanceof Y.XmlFragment) || type._item?.deleted === true) return
    if (type instanceof Y.XmlElement && TEXT_BLOCKS.has(type.nodeName)) {
      if (type.length === 0) found.add(type as Y.XmlElement)
      return
    }
    // A changed block container: its blocks, created in this transaction, are not in `changed`.
    for (const child of type.toArray()) visit(child)
  }
  for (const type of transaction.changed.keys()) visit(type)
  return [...found]
}
