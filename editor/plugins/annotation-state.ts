import type { Node as PMNode } from 'prosemirror-model'
import type { Transaction } from 'prosemirror-state'
import { DecorationSet } from 'prosemirror-view'
import { AddMarkStep, RemoveMarkStep } from 'prosemirror-transform'
import type { AnnotationRecord } from '../model/annotation'
import type { InvalidAnnotation } from '../model/annotation-store'
import { compareAnnotations, toResolved, type AnnotationSnapshot, type ResolvedAnnotation } from '../model/resolve-annotations'
import { decorationsFor, redecorate, type Emphasis } from './annotation-decorations'
import { changedBlocks, changedBlocksMapping, type ChangedBlocks } from './changed-blocks'

/**
 * The annotations resolved against one editor document, their highlights and the selection.
 * Every transition below is pure and costs in proportion to what changed, not to the number of
 * annotations: with 10,000 annotations a keystroke must stay as cheap as without.
 */
export interface AnnotationViewState extends AnnotationSnapshot, Emphasis {
  decorations: DecorationSet
  /**
   * Grows whenever what a list of annotations shows changes (which annotations, their order,
   * text, status or record); stays the same when spans only move because text was typed
   * elsewhere. Lists re-render on this, not on every keystroke.
   */
  listVersion: number
}

/** Resolves a record's anchors to positions in the current document (null: does not resolve). */
export type AnchorResolver = (record: AnnotationRecord) => readonly [number | null, number | null]

/** Every annotation resolved from scratch (initial load, or a full refresh). */
export function fromSnapshot(snapshot: AnnotationSnapshot, doc: PMNode, emphasis: Emphasis, listVersion: number): AnnotationViewState {
  const { selectedId, flashingId } = emphasis
  return {
    ...snapshot,
    selectedId,
    flashingId,
    listVersion: listVersion + 1,
    decorations: DecorationSet.create(doc, decorationsFor(snapshot.annotations, { selectedId, flashingId })),
  }
}

function resolveRecord(record: AnnotationRecord, doc: PMNode, resolve: AnchorResolver): ResolvedAnnotation {
  const [from, to] = resolve(record)
  return toResolved(record, doc, from, to)
}

/** True when a list of annotations would show `next` differently from `previous`. */
function listedDifferently(previous: ResolvedAnnotation, next: ResolvedAnnotation): boolean {
  return (
    previous.status !== next.status ||
    previous.text !== next.text ||
    previous.changedSinceReview !== next.changedSinceReview ||
    previous.deletionProposed !== next.deletionProposed ||
    previous.record !== next.record
  )
}

function isSorted(annotations: readonly ResolvedAnnotation[]): boolean {
  for (let index = 1; index < annotations.length; index++) {
    if (compareAnnotations(annotations[index - 1], annotations[index]) > 0) return false
  }
  return true
}

/** Sorts in place when needed; true when the order changed. */
function keepSorted(annotations: ResolvedAnnotation[]): boolean {
  if (isSorted(annotations)) return false
  annotations.sort(compareAnnotations)
  return true
}

/** Ranges of the new document that a transaction inserted into or deleted around. */
function changedRanges(tr: Transaction): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  tr.mapping.maps.forEach((map, index) => {
    const rest = tr.mapping.slice(index + 1)
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => ranges.push([rest.map(newStart, -1), rest.map(newEnd, 1)]))
    // A mark change moves no position but may change what an annotation shows (a proposed deletion).
    const step = tr.steps[index]
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) ranges.push([rest.map(step.from, -1), rest.map(step.to, 1)])
  })
  return ranges
}

/**
 * The lowest position any step of the transaction changed: positions before it are the same in
 * the old and the new document (each step changes only positions at or after its own lowest
 * change, which is at or after this one).
 */
function firstChangedPosition(tr: Transaction): number {
  let lowest = Infinity
  tr.mapping.maps.forEach((map, index) => {
    map.forEach((oldStart) => (lowest = Math.min(lowest, oldStart)))
    const step = tr.steps[index]
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) lowest = Math.min(lowest, step.from)
  })
  return lowest
}

/**
 * A local transaction: positions are mapped instead of re-resolving anchors. Starts map to the
 * right of inserted text and ends to the left, exactly as the Yjs anchors behave (text typed at a
 * boundary stays outside). Only annotations touching a changed range are re-read from the text.
 */
export function mapLocalChange(prev: AnnotationViewState, tr: Transaction): AnnotationViewState {
  const ranges = changedRanges(tr)
  const unchangedBefore = firstChangedPosition(tr)
  const touched = new Set<string>()
  let listChanged = false
  const annotations = prev.annotations.map((annotation) => {
    // Spans that end before the first change neither move nor touch a changed range.
    if (annotation.status === 'detached' || annotation.to < unchangedBefore) return annotation
    const from = tr.mapping.map(annotation.from, 1)
    const to = tr.mapping.map(annotation.to, -1)
    if (!ranges.some(([start, end]) => from <= end && to >= start)) {
      return from === annotation.from && to === annotation.to ? annotation : { ...annotation, from, to }
    }
    touched.add(annotation.id)
    const next = toResolved(annotation.record, tr.doc, from, to)
    listChanged ||= listedDifferently(annotation, next)
    return next
  })
  listChanged = keepSorted(annotations) || listChanged
  const decorations = redecorate(prev.decorations.map(tr.mapping, tr.doc), tr.doc, touched, ranges, annotations, prev)
  return { ...prev, annotations, decorations, listVersion: prev.listVersion + (listChanged ? 1 : 0) }
}

/**
 * A remote change, which y-prosemirror applies by replacing the whole document. Mapping through
 * that step would lose every highlight, and re-resolving every anchor costs a walk per anchor.
 * Instead: find the top-level blocks that changed (unchanged blocks are the same node objects),
 * shift the annotations after them, and re-resolve from their Yjs anchors only the annotations
 * that touch them (and detached ones, whose text may have come back). `change` is the changed
 * blocks when the caller has found them already.
 */
export function mapRemoteChange(
  prev: AnnotationViewState,
  oldDoc: PMNode,
  newDoc: PMNode,
  resolve: AnchorResolver,
  change: ChangedBlocks | null = changedBlocks(oldDoc, newDoc),
): AnnotationViewState {
  if (change === null) return prev
  const { start, oldEnd, newEnd } = change
  const shift = newEnd - oldEnd
  const touched = new Set<string>()
  let listChanged = false
  const annotations = prev.annotations.map((annotation) => {
    if (annotation.status === 'attached' && annotation.to < start) return annotation
    if (annotation.status === 'attached' && annotation.from > oldEnd) {
      return shift === 0 ? annotation : { ...annotation, from: annotation.from + shift, to: annotation.to + shift }
    }
    touched.add(annotation.id)
    const next = resolveRecord(annotation.record, newDoc, resolve)
    listChanged ||= listedDifferently(annotation, next)
    return next
  })
  listChanged = keepSorted(annotations) || listChanged
  const mapped = prev.decorations.map(changedBlocksMapping(change), newDoc)
  // A touched highlight that survived the mapping overlaps the changed blocks.
  const decorations = redecorate(mapped, newDoc, touched, [[start, newEnd]], annotations, prev)
  return { ...prev, annotations, decorations, listVersion: prev.listVersion + (listChanged ? 1 : 0) }
}

/** What the `annotations` map now holds for one id: a valid record, an invalid one, or nothing. */
export type RecordRead = { record: AnnotationRecord } | { invalid: InvalidAnnotation } | null

/**
 * Records were added, changed or removed (locally or remotely): re-reads only those, keeps every
 * other annotation as it is, and swaps only their highlights.
 */
export function replaceRecords(prev: AnnotationViewState, doc: PMNode, reads: ReadonlyMap<string, RecordRead>, resolve: AnchorResolver): AnnotationViewState {
  if (reads.size === 0) return prev
  const ids = new Set(reads.keys())
  const ranges: Array<[number, number]> = []
  const annotations: ResolvedAnnotation[] = []
  for (const annotation of prev.annotations) {
    if (!ids.has(annotation.id)) annotations.push(annotation)
    else if (annotation.status === 'attached') ranges.push([annotation.from, annotation.to])
  }
  const invalid = prev.invalid.filter((entry) => !ids.has(entry.id))
  for (const read of reads.values()) {
    if (read === null) continue
    if ('invalid' in read) invalid.push(read.invalid)
    else annotations.push(resolveRecord(read.record, doc, resolve))
  }
  annotations.sort(compareAnnotations)
  const decorations = redecorate(prev.decorations, doc, ids, ranges, annotations, prev)
  return { ...prev, annotations, invalid, decorations, listVersion: prev.listVersion + 1 }
}

/** Changes the selected or flashing annotation: only the highlights of those before and after are rebuilt. */
export function emphasizeIn(prev: AnnotationViewState, doc: PMNode, next: Emphasis): AnnotationViewState {
  const { selectedId, flashingId } = next
  if (selectedId === prev.selectedId && flashingId === prev.flashingId) return prev
  const ids = new Set([prev.selectedId, selectedId, prev.flashingId, flashingId].filter((id): id is string => id !== null))
  const ranges = prev.annotations.filter((a) => ids.has(a.id) && a.status === 'attached').map((a): [number, number] => [a.from, a.to])
  const decorations = redecorate(prev.decorations, doc, ids, ranges, prev.annotations, { selectedId, flashingId })
  return { ...prev, selectedId, flashingId, decorations }
}

/** Selects an annotation (or none). */
export function selectIn(prev: AnnotationViewState, doc: PMNode, selectedId: string | null): AnnotationViewState {
  return emphasizeIn(prev, doc, { selectedId, flashingId: prev.flashingId })
}
