import type { EditorState } from 'prosemirror-state'
import { redoCommand, undoCommand } from 'y-prosemirror'
import { findAnnotationState } from '../plugins/annotation-plugin'
import { findSignature } from '../plugins/find-plugin'

/**
 * What the controls around the editor (toolbar, tag bar, annotation panel) show of an editor
 * state, apart from the annotation list: the selection's shape (a range, or the block and marks
 * at the caret), whether undo and redo apply, the selected annotation, the invalid records and
 * what find shows (its query, count and current match).
 * Two states with the same signature draw those controls the same.
 */
export function controlsSignature(state: EditorState): string {
  const { selection } = state
  let shape: string
  if (selection.empty) {
    const { $from } = selection
    const marks = (state.storedMarks ?? $from.marks()).map((mark) => mark.type.name).join(',')
    shape = `caret ${$from.parent.type.name} ${JSON.stringify($from.parent.attrs)} ${marks}`
  } else {
    shape = JSON.stringify(selection.toJSON())
  }
  const undo = undoCommand(state) ? 'undo' : ''
  const redo = redoCommand(state) ? 'redo' : ''
  const plugin = findAnnotationState(state)
  const annotations = plugin ? `${plugin.selectedId ?? ''} ${plugin.invalid.length}:${plugin.invalid.map((entry) => entry.id).join(',')}` : ''
  return `${shape}|${undo}|${redo}|${annotations}|${findSignature(state)}`
}

function listVersionOf(state: EditorState): number {
  return findAnnotationState(state)?.listVersion ?? -1
}

/** How soon a new editor state must reach the controls. */
export type Urgency = 'now' | 'soon'

/**
 * `now` when the controls would draw `next` differently from what they show (`shownSignature`,
 * the {@link controlsSignature} taken when it was published, null before the first one) for a
 * reason other than typing: the selection, undo/redo, the selected annotation, invalid records, or
 * the list of annotations changed by a transaction that left the text alone (`previous` is the
 * state before it: records added, edited or removed). `soon` otherwise: text edits, local or
 * remote, change at most the text of listed annotations, which can wait until typing pauses.
 */
function urgencyOf(shownSignature: string | null, previous: EditorState | null, next: EditorState, nextSignature = controlsSignature(next)): Urgency {
  if (shownSignature === null || previous === null || previous.schema !== next.schema) return 'now'
  if (shownSignature !== nextSignature) return 'now'
  if (listVersionOf(previous) !== listVersionOf(next) && previous.doc === next.doc) return 'now'
  return 'soon'
}

/** Options of {@link createStatePacer}. */
export interface StatePacerOptions {
  /** Quiet time after the last `soon` state before it is published, ms. */
  readonly delayMs?: number
  /** A `soon` state waits at most this long (continuous typing), ms. */
  readonly maxWaitMs?: number
}

/** Paces editor states into a UI framework; see {@link createStatePacer}. */
export interface StatePacer {
  /** A new editor state (call after every transaction); safe to pass on as a callback. */
  push: (state: EditorState) => void
  /** Publishes a waiting state now. */
  flush(): void
  /** Drops a waiting state and stops the timer. */
  cancel(): void
}

/**
 * Hands editor states to `publish` (React's setState) without redrawing the controls on every
 * keystroke. Each redraw of a React tree while the editor has focus makes React measure the
 * selection as character offsets across the whole editor DOM, which on a long, densely annotated
 * document costs more than the keystroke itself. So states that change what the controls show
 * (see {@link urgencyOf}) are published at once, and text edits are published together once
 * typing pauses for `delayMs` (or after `maxWaitMs` of continuous typing).
 */
export function createStatePacer(publish: (state: EditorState) => void, options: StatePacerOptions = {}): StatePacer {
  const delayMs = options.delayMs ?? 300
  const maxWaitMs = options.maxWaitMs ?? 2000
  let shownSignature: string | null = null
  let previous: EditorState | null = null
  let waiting: EditorState | null = null
  let waitingSince = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  const stopTimer = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  const show = (state: EditorState, signature = controlsSignature(state)) => {
    stopTimer()
    waiting = null
    shownSignature = signature
    publish(state)
  }
  const flush = () => {
    if (waiting) show(waiting)
  }
  return {
    push(state) {
      const signature = controlsSignature(state)
      const urgency = urgencyOf(shownSignature, previous, state, signature)
      previous = state
      if (urgency === 'now') return show(state, signature)
      const now = Date.now()
      if (waiting === null) waitingSince = now
      waiting = state
      stopTimer()
      timer = setTimeout(flush, Math.max(0, Math.min(delayMs, waitingSince + maxWaitMs - now)))
    },
    flush,
    cancel() {
      stopTimer()
      waiting = null
    },
  }
}
