import type { Node as PMNode } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import type { Person } from '../model/annotation'
import { annotationsMap } from '../model/annotation-store'
import {
  compareAnnotations,
  resolveAnnotations,
  toResolved,
  type AnnotationSnapshot,
  type ResolvedAnnotation,
} from '../model/resolve-annotations'

/** What annotation commands need besides the editor state: the shared doc and who is acting. */
export interface AnnotationContext {
  ydoc: Y.Doc
  /** The person recorded as author of new annotations, comments and reviews. */
  getUser: () => Person
  /** False when this user may not change annotations (viewers, refused connections). */
  canAnnotate?: () => boolean
}

/** The annotation plugin's state: every annotation resolved against the current document. */
export interface AnnotationPluginState extends AnnotationSnapshot {
  context: AnnotationContext
  decorations: DecorationSet
  selectedId: string | null
}

type AnnotationMeta = { refresh: true } | { select: string | null }

const annotationPluginKey = new PluginKey<AnnotationPluginState>('spanwise-annotations')

const TYPE_LABELS = { event: 'Event', quote: 'Quote', claim: 'Claim' } as const

/** The hover text of a highlight: type and summary, and the review warning when it applies. */
export function annotationTitle(annotation: ResolvedAnnotation): string {
  const { record } = annotation
  const detail =
    record.type === 'quote'
      ? record.attrs.speaker
      : record.type === 'claim'
        ? [record.attrs.verdict && record.attrs.verdict !== 'unreviewed' ? record.attrs.verdict : '', record.attrs.summary].filter(Boolean).join(' — ')
        : [record.attrs.date, record.attrs.summary].filter(Boolean).join(' — ')
  const warning = annotation.changedSinceReview ? ' (changed since review)' : ''
  return `${TYPE_LABELS[record.type]}${detail ? `: ${detail}` : ''}${warning}`
}

function decorationFor(annotation: ResolvedAnnotation, selectedId: string | null): Decoration {
  const classes = ['annotation', `annotation-${annotation.type}`]
  if (annotation.changedSinceReview) classes.push('is-changed')
  if (annotation.id === selectedId) classes.push('is-selected')
  return Decoration.inline(
    annotation.from,
    annotation.to,
    {
      // A wrapper of its own: without nodeName, overlapping inline decorations share one span and
      // the inner one's id, type and title overwrite the outer one's on the words they share.
      nodeName: 'span',
      class: classes.join(' '),
      'data-annotation-id': annotation.id,
      'data-annotation-type': annotation.type,
      title: annotationTitle(annotation),
    },
    { annotationId: annotation.id },
  )
}

function buildDecorations(doc: PMNode, annotations: ResolvedAnnotation[], selectedId: string | null): DecorationSet {
  const decorations = annotations.filter((a) => a.status === 'attached').map((a) => decorationFor(a, selectedId))
  return DecorationSet.create(doc, decorations)
}

/** Ranges of the new document that a transaction inserted into or deleted around. */
function changedRanges(tr: Transaction): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  tr.mapping.maps.forEach((map, index) => {
    const rest = tr.mapping.slice(index + 1)
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => ranges.push([rest.map(newStart, -1), rest.map(newEnd, 1)]))
  })
  return ranges
}

/**
 * Maps annotations through a local transaction instead of re-resolving every anchor: start
 * positions map to the right of inserted text and end positions to the left, which is exactly how
 * the Yjs anchors behave (text typed at a boundary stays outside). Only annotations touching a
 * changed range have their text and decoration rebuilt.
 */
function mapThrough(tr: Transaction, prev: AnnotationPluginState): AnnotationPluginState {
  const ranges = changedRanges(tr)
  const touched = new Set<string>()
  let statusChanged = false
  const annotations = prev.annotations.map((annotation) => {
    if (annotation.status === 'detached') return annotation
    const from = tr.mapping.map(annotation.from, 1)
    const to = tr.mapping.map(annotation.to, -1)
    if (!ranges.some(([start, end]) => from <= end && to >= start)) {
      return from === annotation.from && to === annotation.to ? annotation : { ...annotation, from, to }
    }
    touched.add(annotation.id)
    const next = toResolved(annotation.record, tr.doc, from, to)
    statusChanged ||= next.status !== annotation.status
    return next
  })
  let decorations = prev.decorations.map(tr.mapping, tr.doc)
  if (touched.size > 0) {
    const stale = decorations.find(undefined, undefined, (spec) => touched.has(spec.annotationId as string))
    const fresh = annotations.filter((a) => touched.has(a.id) && a.status === 'attached').map((a) => decorationFor(a, prev.selectedId))
    decorations = decorations.remove(stale).add(tr.doc, fresh)
  }
  return { ...prev, annotations: statusChanged ? annotations.sort(compareAnnotations) : annotations, decorations }
}

function applyTransaction(tr: Transaction, prev: AnnotationPluginState, state: EditorState): AnnotationPluginState {
  const meta = tr.getMeta(annotationPluginKey) as AnnotationMeta | undefined
  const fromYjs = tr.getMeta(ySyncPluginKey) !== undefined && tr.docChanged
  let next = prev
  if ((meta && 'refresh' in meta) || fromYjs) {
    const snapshot = resolveAnnotations(prev.context.ydoc, state.doc)
    next = { ...prev, ...snapshot, decorations: buildDecorations(state.doc, snapshot.annotations, prev.selectedId) }
  } else if (tr.docChanged) {
    next = mapThrough(tr, prev)
  }
  if (meta && 'select' in meta && meta.select !== next.selectedId) {
    next = { ...next, selectedId: meta.select, decorations: buildDecorations(state.doc, next.annotations, meta.select) }
  }
  return next
}

/** The annotations under a document position, innermost (shortest) first. */
export function annotationsAt(state: EditorState, pos: number): ResolvedAnnotation[] {
  return getAnnotationState(state)
    .annotations.filter((a) => a.status === 'attached' && a.from <= pos && pos <= a.to)
    .sort((a, b) => a.to - a.from - (b.to - b.from))
}

/**
 * Highlights stand-off annotations from the `annotations` Y.Map as decorations, keeps them on
 * their words through local edits (mapped) and remote ones (re-resolved from Yjs anchors), and
 * tracks which annotation is selected. Click a highlight to select it.
 */
export function annotationPlugin(context: AnnotationContext): Plugin<AnnotationPluginState> {
  return new Plugin<AnnotationPluginState>({
    key: annotationPluginKey,
    state: {
      init: (_config, state) => ({
        context,
        annotations: [],
        invalid: [],
        decorations: DecorationSet.create(state.doc, []),
        selectedId: null,
      }),
      apply: (tr, prev, _oldState, state) => applyTransaction(tr, prev, state),
    },
    props: {
      decorations: (state) => annotationPluginKey.getState(state)?.decorations,
      handleClick: (view, pos) => {
        const [innermost] = annotationsAt(view.state, pos)
        const selectedId = innermost?.id ?? null
        if (selectedId !== getAnnotationState(view.state).selectedId) {
          view.dispatch(view.state.tr.setMeta(annotationPluginKey, { select: selectedId }))
        }
        return false
      },
    },
    view: (view: EditorView) => {
      const map = annotationsMap(context.ydoc)
      const refresh = () => {
        if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(annotationPluginKey, { refresh: true }))
      }
      map.observeDeep(refresh)
      refresh()
      return { destroy: () => map.unobserveDeep(refresh) }
    },
  })
}

/** The plugin state: resolved annotations, invalid records, selection, context. */
export function getAnnotationState(state: EditorState): AnnotationPluginState {
  const pluginState = annotationPluginKey.getState(state)
  if (!pluginState) throw new Error('getAnnotationState: the annotation plugin is not installed')
  return pluginState
}

/** A transaction that selects an annotation (or clears the selection with null). */
export function setSelectedAnnotation(tr: Transaction, id: string | null): Transaction {
  return tr.setMeta(annotationPluginKey, { select: id })
}
