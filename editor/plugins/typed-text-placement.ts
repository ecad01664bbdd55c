import type { Node as PMNode } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { ReplaceStep } from 'prosemirror-transform'
import { ySyncPluginKey, type ProsemirrorBinding } from 'y-prosemirror'
import * as Y from 'yjs'
import { syncBindingOf } from './sync-binding'

/**
 * Writes typed text to Yjs at the place it was typed.
 *
 * y-prosemirror does not write a ProseMirror change to Yjs as it is: it compares the text of each
 * changed block before and after and inserts the difference after the longest common beginning.
 * When the typed character equals the one after the caret (a space typed before someone else's
 * space), the difference is found one character too far: the letter goes in after the other
 * person's, and when both type on at that spot the typist's words come apart from their first
 * space ("Moscow. Ada…end.Bea…spot. ").
 *
 * This plugin, placed before the sync plugin, inserts the text of a local transaction that only
 * inserts text into one text block into that block's Y.XmlText at the typed position, as the sync
 * plugin would, in the same kind of Yjs transaction; the sync plugin then finds the text equal and
 * writes only the marks. Anything else (deletions, several changes, a block that is not in step
 * with its Yjs text) is left to the sync plugin.
 */
export function typedTextPlacementPlugin(): Plugin {
  return new Plugin<TypedInsertion | null>({
    key: typedTextPlacementKey,
    state: {
      init: () => null,
      apply: (tr) => typedInsertionOf(tr),
    },
    view: () => ({
      update(view, previous) {
        const insertion = typedTextPlacementKey.getState(view.state)
        // Only the one transaction since the last update, and only an insertion of text.
        if (!insertion || insertion.before !== previous.doc || insertion.after !== view.state.doc) return
        const binding = syncBindingOf(view.state)
        if (binding) writeInsertion(binding, view.state, insertion)
      },
    }),
  })
}

const typedTextPlacementKey = new PluginKey<TypedInsertion | null>('typedTextPlacement')

/** Text a local transaction inserts at one position, with the documents before and after it. */
export interface TypedInsertion {
  position: number
  text: string
  before: PMNode
  after: PMNode
}

/** The insertion a transaction is, when it is a local one that only inserts text at one position. */
export function typedInsertionOf(tr: Transaction): TypedInsertion | null {
  if (!tr.docChanged || tr.steps.length !== 1) return null
  const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined
  if (sync?.isChangeOrigin) return null
  const step = tr.steps[0]
  if (!(step instanceof ReplaceStep) || step.from !== step.to) return null
  const { content, openStart, openEnd } = step.slice
  if (openStart !== 0 || openEnd !== 0 || content.childCount === 0) return null
  let text = ''
  for (let i = 0; i < content.childCount; i++) {
    const child = content.child(i)
    if (!child.isText) return null
    text += child.text
  }
  if (!tr.before.resolve(step.from).parent.isTextblock) return null
  return { position: step.from, text, before: tr.before, after: tr.doc }
}

/**
 * Where `position` of `doc` is in Yjs: the Y.XmlText of its text block and the index in it, or null
 * when the block's Yjs content does not match `doc` (then the sync plugin writes the change).
 */
export function yTextPlaceOf(binding: ProsemirrorBinding, doc: PMNode, position: number): { text: Y.XmlText; index: number } | null {
  const $position = doc.resolve(position)
  let type: Y.XmlFragment | Y.XmlElement = binding.type
  for (let depth = 0; depth < $position.depth; depth++) {
    const child: unknown = type.get($position.index(depth))
    const node = $position.node(depth + 1)
    if (!(child instanceof Y.XmlElement) || child.nodeName !== node.type.name || binding.mapping.get(child) !== node) return null
    type = child
  }
  const block = $position.parent
  // The block's children in Yjs: one Y.XmlText for each run of text nodes, an element for any other.
  const runs = textRunsOf(block)
  const yChildren = type.toArray()
  if (yChildren.length !== runs.length) return null
  let offset = $position.parentOffset
  let place: { text: Y.XmlText; index: number } | null = null
  for (const [i, run] of runs.entries()) {
    const yChild = yChildren[i]
    if (run.text === null) {
      if (yChild instanceof Y.XmlText) return null
    } else {
      if (!(yChild instanceof Y.XmlText) || plainTextOf(yChild) !== run.text) return null
      if (place === null && offset <= run.text.length) place = { text: yChild, index: offset }
    }
    if (place === null) offset -= run.size
  }
  return place
}

/** The children of a text block as Yjs holds them: runs of text (with their text) and other nodes. */
function textRunsOf(block: PMNode): Array<{ text: string | null; size: number }> {
  const runs: Array<{ text: string | null; size: number }> = []
  block.forEach((child) => {
    const last = runs.at(-1)
    if (child.isText && last && last.text !== null) {
      last.text += child.text ?? ''
      last.size += child.nodeSize
    } else runs.push({ text: child.isText ? (child.text ?? '') : null, size: child.nodeSize })
  })
  return runs
}

/** The characters of a Y.XmlText, or null when it holds anything else (an embed). */
function plainTextOf(text: Y.XmlText): string | null {
  let plain = ''
  for (const part of text.toDelta() as Array<{ insert?: unknown }>) {
    if (typeof part.insert !== 'string') return null
    plain += part.insert
  }
  return plain
}

function writeInsertion(binding: ProsemirrorBinding, state: EditorState, insertion: TypedInsertion): void {
  const place = yTextPlaceOf(binding, insertion.before, insertion.position)
  if (!place) return
  const sync = ySyncPluginKey.getState(state) as { addToHistory?: boolean } | undefined
  binding.mux(() => {
    binding.doc.transact((transaction) => {
      transaction.meta.set('addToHistory', sync?.addToHistory !== false)
      place.text.insert(place.index, insertion.text)
    }, ySyncPluginKey)
  })
}
