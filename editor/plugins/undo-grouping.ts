import { Plugin, type Transaction } from 'prosemirror-state'
import { AddMarkStep, RemoveMarkStep, ReplaceAroundStep, ReplaceStep } from 'prosemirror-transform'
import { ySyncPluginKey, yUndoPluginKey } from 'y-prosemirror'

/** What a local change is, for undo: typing, deleting, or an action that is a step of its own. */
export type EditKind = 'insert' | 'delete' | 'action'

/** The longest a run of typing stays one undo step (milliseconds), however fast it is typed. */
export const MAX_STEP_MS = 3000

/**
 * Decides where undo steps end, the way people expect (a word, a pause, a paste, a formatting
 * change — never a whole session): a new step starts before a space typed after a word (so a step
 * is a word with the space before it), when typing turns into deleting or back, after
 * MAX_STEP_MS of one step, and around an action (paste, drop, formatting, block type). Pure: the
 * caller asks before a change reaches the undo manager and after it did.
 */
export class UndoGrouper {
  private kind: EditKind | null = null
  private startedAt = 0
  private wordTyped = false

  /** Whether the change must start a new undo step. */
  before(kind: EditKind, inserted: string, now: number): boolean {
    const startsSpace = /^\s/.test(inserted)
    const split =
      this.kind !== null &&
      (kind === 'action' || this.kind === 'action' || kind !== this.kind || now - this.startedAt > MAX_STEP_MS || (kind === 'insert' && startsSpace && this.wordTyped))
    if (split || this.kind === null) {
      this.kind = kind
      this.startedAt = now
      this.wordTyped = false
    }
    if (kind === 'insert' && /\S/.test(inserted)) this.wordTyped = true
    return split
  }

  /** Whether the change, now recorded, must end its undo step (an action is a step of its own). */
  after(kind: EditKind): boolean {
    if (kind !== 'action') return false
    this.kind = null
    return true
  }

  /** Something else ended the step (an annotation change, undo, redo): the next change starts a new one. */
  reset(): void {
    this.kind = null
  }
}

/** What a transaction is, for undo, and the text it inserts; null for no local change of the text. */
export function editKindOf(tr: Transaction): { kind: EditKind; inserted: string } | null {
  if (!tr.docChanged || tr.getMeta('addToHistory') === false) return null
  const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean; isUndoRedoOperation?: boolean } | undefined
  if (sync?.isChangeOrigin || sync?.isUndoRedoOperation) return null
  const uiEvent = tr.getMeta('uiEvent') as string | undefined
  if (uiEvent === 'paste' || uiEvent === 'drop' || tr.getMeta('paste')) return { kind: 'action', inserted: '' }
  let inserted = ''
  let deletes = false
  for (const step of tr.steps) {
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep || step instanceof ReplaceAroundStep) return { kind: 'action', inserted: '' }
    if (!(step instanceof ReplaceStep)) continue
    const { from, to, slice } = step as unknown as {
      from: number
      to: number
      slice: { content: { textBetween(from: number, to: number, separator: string): string; size: number } }
    }
    if (to > from) deletes = true
    inserted += slice.content.textBetween(0, slice.content.size, '\n')
  }
  if (inserted === '' && deletes) return { kind: 'delete', inserted }
  // A change that splits or joins blocks (Enter) inserts no text: it ends the word like a space.
  return { kind: 'insert', inserted: inserted === '' ? '\n' : inserted }
}

/**
 * The two plugins that group undo steps (see {@link UndoGrouper}): the first goes before
 * y-prosemirror's sync plugin (its view update runs before the change reaches Yjs and the undo
 * manager: it can start a new step), the second after (the change is recorded: it can end one).
 */
export function undoGroupingPlugins(now: () => number = () => Date.now()): { before: Plugin; after: Plugin } {
  const grouper = new UndoGrouper()
  let pending: { kind: EditKind; inserted: string } | null = null
  const undoManagerOf = (view: { state: Parameters<typeof yUndoPluginKey.getState>[0] }) => yUndoPluginKey.getState(view.state)?.undoManager
  const before = new Plugin({
    appendTransaction(transactions) {
      // Remember the last local change of this dispatch; its view update decides.
      for (const tr of transactions) {
        const edit = editKindOf(tr)
        if (edit) pending = edit
        else if (tr.docChanged) grouper.reset()
      }
      return null
    },
    view: () => ({
      update(view) {
        if (pending && grouper.before(pending.kind, pending.inserted, now())) undoManagerOf(view)?.stopCapturing()
      },
    }),
  })
  const after = new Plugin({
    view: () => ({
      update(view) {
        if (!pending) return
        const { kind } = pending
        pending = null
        if (grouper.after(kind)) undoManagerOf(view)?.stopCapturing()
      },
    }),
  })
  return { before, after }
}
