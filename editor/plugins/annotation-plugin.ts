import type { Node as PMNode } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type PluginSpec, type Transaction } from 'prosemirror-state'
import { DecorationSet, type EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import type { AnnotationRecord, Person } from '../model/annotation'
import { YDocumentMeasurer } from '../model/anchors'
import { annotationsMap, readAnnotation } from '../model/annotation-store'
import { CONTENT_FRAGMENT } from '../model/doc-layout'
import { resolveAnnotations, type ResolvedAnnotation } from '../model/resolve-annotations'
import {
  emphasizeIn,
  fromSnapshot,
  mapLocalChange,
  mapRemoteChange,
  replaceRecords,
  selectIn,
  type AnchorResolver,
  type AnnotationViewState,
  type RecordRead,
} from './annotation-state'
import { changedBlocks, changedBlocksMapping, type ChangedBlocks } from './changed-blocks'
import { initialDrawnRange, mapDrawnRange, type DrawnRange } from './drawn-range'
import { indexedForChildren } from './indexed-decorations'
import { observedTransaction } from './observed-transaction'

/** What annotation commands need besides the editor state: the shared doc and who is acting. */
export interface AnnotationContext {
  ydoc: Y.Doc
  /** The person recorded as author of new annotations, comments and reviews. */
  getUser: () => Person
  /** False when this user may not change annotations (viewers, refused connections). */
  canAnnotate?: () => boolean
}

/** The annotation plugin's state: every annotation resolved against the current document. */
export interface AnnotationPluginState extends AnnotationViewState {
  /**
   * The Yjs transaction during which every annotation was last re-read and resolved from Yjs
   * (a remote change that replaced every block, such as the first sync), or null. Its records
   * were read after the whole transaction was applied, so the record changes it brought need no
   * second reading.
   */
  fullyResolvedIn: Y.Transaction | null
  /** The part of the document whose highlights are drawn (see {@link DrawnRange}). */
  drawn: DrawnRange
  /** While someone picks an annotation in the text (for a link): told of the highlight clicked, or of Escape. */
  picker: AnnotationPicker | null
}

/** The annotation plugin's spec: it carries the context, found through the plugin key. */
interface AnnotationPluginSpec extends PluginSpec<AnnotationPluginState> {
  context: AnnotationContext
}

type AnnotationMeta =
  { refresh: true } | { changed: ReadonlyMap<string, RecordRead> } | { select: string | null } | { flash: string | null } | { draw: DrawnRange } | { pick: AnnotationPicker | null }

/** What picking an annotation in the text reports: a click on a highlight, or Escape in the editor. */
export interface AnnotationPicker {
  onPick(id: string): void
  onCancel(): void
}

const annotationPluginKey = new PluginKey<AnnotationPluginState>('spanwise-annotations')

/** Resolves anchors against the Yjs state behind `doc`; one measurer serves every call. */
function anchorResolver(ydoc: Y.Doc, state: EditorState): AnchorResolver {
  let measurer: YDocumentMeasurer | null = null
  return (record: AnnotationRecord) => {
    measurer ??= new YDocumentMeasurer(ydoc.getXmlFragment(CONTENT_FRAGMENT), state.schema)
    return [measurer.resolve(ydoc, record.start), measurer.resolve(ydoc, record.end)]
  }
}

/** True when `change` replaced every top-level block of `oldDoc` (the first sync brings the whole document). */
function replacesEveryBlock(change: ChangedBlocks | null, oldDoc: PMNode, newDoc: PMNode): boolean {
  return change !== null && change.start === 0 && change.oldEnd === oldDoc.content.size && change.newEnd === newDoc.content.size
}

function applyTransaction(ydoc: Y.Doc, tr: Transaction, prev: AnnotationPluginState, oldState: EditorState, state: EditorState): AnnotationPluginState {
  const meta = tr.getMeta(annotationPluginKey) as AnnotationMeta | undefined
  let next: AnnotationViewState = prev
  let fullyResolvedIn = prev.fullyResolvedIn
  // y-prosemirror marks the transactions that bring remote (and undone) changes into the editor.
  const fromYjs = tr.getMeta(ySyncPluginKey) !== undefined
  // Found once: the drawn range, the full-resolve test and the remote mapping all follow it.
  const remote = fromYjs && tr.docChanged ? changedBlocks(oldState.doc, state.doc) : null
  let drawn = tr.docChanged ? mapDrawnRange(prev.drawn, fromYjs ? changedBlocksMapping(remote) : tr.mapping) : prev.drawn
  if (meta && 'refresh' in meta) {
    next = fromSnapshot(resolveAnnotations(ydoc, state.doc), state.doc, prev, prev.listVersion)
  } else if (tr.docChanged) {
    if (fromYjs && replacesEveryBlock(remote, oldState.doc, state.doc)) {
      // Every annotation would be re-resolved anyway: read them all once, records included (the
      // first sync brings the text and the records in one Yjs transaction).
      next = fromSnapshot(resolveAnnotations(ydoc, state.doc), state.doc, prev, prev.listVersion)
      fullyResolvedIn = observedTransaction(ydoc)
      // Mapped through the replacement of every block, the range would cover the whole document.
      drawn = initialDrawnRange()
    } else {
      next = fromYjs ? mapRemoteChange(prev, oldState.doc, state.doc, anchorResolver(ydoc, state), remote) : mapLocalChange(prev, tr)
    }
  }
  if (meta && 'changed' in meta) next = replaceRecords(next, state.doc, meta.changed, anchorResolver(ydoc, state))
  if (meta && 'select' in meta) next = selectIn(next, state.doc, meta.select)
  if (meta && 'flash' in meta) next = emphasizeIn(next, state.doc, { selectedId: next.selectedId, flashingId: meta.flash })
  if (meta && 'draw' in meta) drawn = meta.draw
  let picker = prev.picker
  if (meta && 'pick' in meta) picker = meta.pick
  return next === prev && drawn === prev.drawn && picker === prev.picker ? prev : { ...next, fullyResolvedIn, drawn, picker }
}

/** The annotations under a document position, innermost (shortest) first. */
function annotationsAt(state: EditorState, pos: number): ResolvedAnnotation[] {
  return getAnnotationState(state)
    .annotations.filter((a) => a.status === 'attached' && a.from <= pos && pos <= a.to)
    .sort((a, b) => a.to - a.from - (b.to - b.from))
}

/** Ids of the records an `annotations` deep-observer batch touched. */
function changedIds(map: Y.Map<unknown>, events: readonly Y.YEvent<Y.AbstractType<unknown>>[]): Set<string> {
  const ids = new Set<string>()
  for (const event of events) {
    const recordId: unknown = event.path[0]
    if (event.target === map) for (const key of (event as Y.YMapEvent<unknown>).keysChanged as Set<string>) ids.add(key)
    else if (typeof recordId === 'string') ids.add(recordId)
  }
  return ids
}

/**
 * Highlights stand-off annotations from the `annotations` Y.Map as decorations, keeps them on
 * their words through local edits (mapped) and remote ones (shifted, and re-resolved from Yjs
 * anchors where blocks changed), and tracks which annotation is selected. Record changes re-read
 * only the records that changed. Click a highlight to select it.
 */
export function annotationPlugin(context: AnnotationContext): Plugin<AnnotationPluginState> {
  // Track which Yjs transaction is being observed from now on, before the first sync arrives.
  observedTransaction(context.ydoc)
  const spec: AnnotationPluginSpec = {
    key: annotationPluginKey,
    context,
    state: {
      init: (_config, state) => ({
        annotations: [],
        invalid: [],
        decorations: DecorationSet.create(state.doc, []),
        selectedId: null,
        flashingId: null,
        listVersion: 0,
        fullyResolvedIn: null,
        drawn: initialDrawnRange(),
        picker: null,
      }),
      apply: (tr, prev, oldState, state) => applyTransaction(context.ydoc, tr, prev, oldState, state),
    },
    props: {
      decorations: (state) => {
        const pluginState = annotationPluginKey.getState(state)
        if (!pluginState) return undefined
        const { decorations, drawn } = pluginState
        const everything = drawn.from <= 0 && drawn.to >= state.doc.content.size
        return indexedForChildren(decorations, everything ? null : drawn)
      },
      attributes: (state): Record<string, string> => (annotationPluginKey.getState(state)?.picker ? { class: 'is-picking' } : {}),
      handleKeyDown: (view, event) => {
        const { picker } = getAnnotationState(view.state)
        if (!picker || event.key !== 'Escape') return false
        picker.onCancel()
        return true
      },
      handleClick: (view, pos) => {
        const [innermost] = annotationsAt(view.state, pos)
        const { picker } = getAnnotationState(view.state)
        if (picker) {
          // Picking: the click chooses the highlight under it and changes nothing else.
          if (innermost) picker.onPick(innermost.id)
          return true
        }
        const selectedId = innermost?.id ?? null
        if (selectedId !== getAnnotationState(view.state).selectedId) {
          view.dispatch(view.state.tr.setMeta(annotationPluginKey, { select: selectedId }))
        }
        return false
      },
    },
    view: (view: EditorView) => {
      const { ydoc } = context
      const map = annotationsMap(ydoc)
      let pending = new Set<string>()
      // Records are re-read after the whole Yjs transaction: when it also changed the text,
      // y-prosemirror has brought that change into the editor by then, so anchors and the
      // editor's document agree.
      const flush = (transaction: Y.Transaction) => {
        const ids = pending
        pending = new Set()
        if (view.isDestroyed || ids.size === 0) return
        // Already read, after this very transaction, by a full resolve.
        if (getAnnotationState(view.state).fullyResolvedIn === transaction) return
        const changed = new Map([...ids].map((id) => [id, readAnnotation(ydoc, id)] as const))
        view.dispatch(view.state.tr.setMeta(annotationPluginKey, { changed }))
      }
      const onRecordsChanged = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
        const scheduled = pending.size > 0
        for (const id of changedIds(map, events)) pending.add(id)
        if (!scheduled && pending.size > 0) ydoc.once('afterTransaction', flush)
      }
      map.observeDeep(onRecordsChanged)
      view.dispatch(view.state.tr.setMeta(annotationPluginKey, { refresh: true }))
      return { destroy: () => map.unobserveDeep(onRecordsChanged) }
    },
  }
  return new Plugin<AnnotationPluginState>(spec)
}

/** The plugin state (resolved annotations, invalid records, selection), or null when the plugin is not installed. */
export function findAnnotationState(state: EditorState): AnnotationPluginState | null {
  return annotationPluginKey.getState(state) ?? null
}

/** The plugin state: resolved annotations, invalid records, selection. Throws when the plugin is not installed. */
export function getAnnotationState(state: EditorState): AnnotationPluginState {
  const pluginState = findAnnotationState(state)
  if (!pluginState) throw new Error('getAnnotationState: the annotation plugin is not installed')
  return pluginState
}

/** The shared doc and user the annotation plugin was created with, or null when it is not installed. */
export function annotationContextOf(state: EditorState): AnnotationContext | null {
  const plugin = annotationPluginKey.get(state)
  return plugin ? (plugin.spec as AnnotationPluginSpec).context : null
}

/** A transaction that makes an annotation's highlight flash (or stops it with null). */
export function setFlashingAnnotation(tr: Transaction, id: string | null): Transaction {
  return tr.setMeta(annotationPluginKey, { flash: id })
}

/**
 * A transaction that draws the highlights of `range` (and its blocks) and no others: the editor
 * view sets it to what is on screen and a margin around it.
 */
export function setDrawnRange(tr: Transaction, range: DrawnRange): Transaction {
  return tr.setMeta(annotationPluginKey, { draw: range })
}

/**
 * A transaction that starts picking an annotation in the text: until it is stopped (with null),
 * a click on a highlight calls `picker.onPick` with its annotation's id (the innermost one)
 * instead of selecting it, Escape in the editor calls `picker.onCancel`, and the editor has the
 * class `is-picking`.
 */
export function setAnnotationPicker(tr: Transaction, picker: AnnotationPicker | null): Transaction {
  return tr.setMeta(annotationPluginKey, { pick: picker })
}

/** A transaction that selects an annotation (or clears the selection with null). */
export function setSelectedAnnotation(tr: Transaction, id: string | null): Transaction {
  return tr.setMeta(annotationPluginKey, { select: id })
}
