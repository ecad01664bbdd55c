import { Plugin, type EditorState } from 'prosemirror-state'
import { getRelativeSelection, type ProsemirrorBinding } from 'y-prosemirror'
import * as Y from 'yjs'
import { syncBindingOf } from './sync-binding'

/**
 * Keeps the local caret where its owner left it while others type at the same place.
 *
 * y-prosemirror restores the selection after a remote change from relative positions that attach
 * to the character on the right (or to the end of the text). When someone else types at my
 * caret, their characters go in before that character, so my caret jumps behind them and my next
 * keystroke lands after theirs: two people typing at one spot interleave letter by letter.
 *
 * This plugin gives the binding relative positions that attach to the character on the **left**
 * (or to the start of the text) instead, so text typed by others at my caret goes after it and my
 * words stay together. A range keeps its start attached to the right and its end to the left, so a
 * selection never grows by what others type at its edges. Node and all-selections are left as
 * y-prosemirror records them.
 */
export function caretStickinessPlugin(): Plugin {
  return new Plugin({
    view(view) {
      const binding = syncBindingOf(view.state)
      if (!binding) return {}
      const ydoc = binding.doc
      // Runs before each batch of Yjs transactions, like the binding's own listener; whichever runs
      // first, the binding only records a selection when none is recorded, so ours is the one used.
      const recordSelection = (): void => {
        if (binding.prosemirrorView !== view) return
        binding.beforeTransactionSelection = stickySelection(binding, view.state)
      }
      ydoc.on('beforeAllTransactions', recordSelection)
      return { destroy: () => ydoc.off('beforeAllTransactions', recordSelection) }
    },
  })
}

/** A selection as y-prosemirror records it (its declaration types the positions as `any`). */
interface RelativeSelection {
  type: string
  anchor: Y.RelativePosition | null
  head: Y.RelativePosition | null
}

/** The relative selection y-prosemirror restores after a remote change, with the caret attached to its left. */
function stickySelection(binding: ProsemirrorBinding, state: EditorState): RelativeSelection {
  const recorded: RelativeSelection = getRelativeSelection(binding, state)
  if (recorded.type !== 'text' || recorded.anchor === null || recorded.head === null) return recorded
  const { anchor, head } = state.selection
  if (anchor === head) {
    const caret = startOfEmptyBlock(binding, state) ?? attachedToLeft(binding.doc, recorded.anchor)
    return { ...recorded, anchor: caret, head: caret }
  }
  // The end of a range attaches left, its start right (as recorded): the range never grows.
  return anchor < head ? { ...recorded, head: attachedToLeft(binding.doc, recorded.head) } : { ...recorded, anchor: attachedToLeft(binding.doc, recorded.anchor) }
}

/**
 * The same place as `position`, attached to the character on its left (or to the start of its
 * text) when it is a place in a text; any other position is returned as it is.
 */
function attachedToLeft(ydoc: Y.Doc, position: Y.RelativePosition): Y.RelativePosition {
  if (position.assoc < 0) return position
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, ydoc)
  if (absolute === null || !(absolute.type instanceof Y.XmlText)) return position
  return Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, -1)
}

/**
 * In an empty text block the binding records the place before the block, which resolves after
 * whatever others type into it; the start of the block's own element stays before their text.
 */
function startOfEmptyBlock(binding: ProsemirrorBinding, state: EditorState): Y.RelativePosition | null {
  const block = state.selection.$head.parent
  if (!block.isTextblock || block.content.size > 0) return null
  for (const [type, node] of binding.mapping) {
    if (node === block && type instanceof Y.XmlElement) return Y.createRelativePositionFromTypeIndex(type, 0, -1)
  }
  return null
}
