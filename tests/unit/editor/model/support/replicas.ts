import type { Node as PMNode } from 'prosemirror-model'
import * as Y from 'yjs'
import type { AnnotationType } from '../../../../../editor/model/annotation'
import { createAnnotation } from '../../../../../editor/model/annotation-store'
import { YDocumentMeasurer, anchorToJSON } from '../../../../../editor/model/anchors'
import { CONTENT_FRAGMENT } from '../../../../../editor/model/doc-layout'
import { resolveAnnotations, spanText, type AnnotationStatus } from '../../../../../editor/model/resolve-annotations'
import { schema } from '../../../../../editor/schema'
import { encodeInitialDocument, readContent } from '../../../../../editor/yjs/document-content'
import { alice, seedDocument } from './seed'

/** Replicas of one document: Y.Docs built from the same initial update, as browsers get it. */
export function createReplicas(count: number, content: PMNode = seedDocument()): Y.Doc[] {
  const initial = encodeInitialDocument(content, { title: 'Seed', createdAt: '2026-11-25T10:00:00.000Z' })
  return Array.from({ length: count }, (_, index) => {
    // Fixed client ids make the order of concurrent inserts at one index deterministic.
    const replica = new Y.Doc()
    replica.clientID = 1001 + index
    Y.applyUpdate(replica, initial)
    return replica
  })
}

/** Sends what `to` is missing from `from`: one direction of a sync. */
export function send(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
}

/** Runs a sync chain, e.g. `syncChain(b, a, c, b)` sends b→a, a→c, c→b. */
function syncChain(...replicas: Y.Doc[]): void {
  for (let index = 1; index < replicas.length; index++) send(replicas[index - 1], replicas[index])
}

/** Brings every replica up to date: a chain forward then back, so everything reaches everyone. */
export function syncAll(...replicas: Y.Doc[]): void {
  syncChain(...replicas, ...[...replicas].reverse().slice(1))
}

/** The plain text of a Y.XmlText run (no marks in the seed). */
export function runText(run: Y.XmlText): string {
  return run
    .toDelta()
    .map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('')
}

/** Every Y.XmlText of the content fragment, in document order. */
export function textRuns(replica: Y.Doc): Y.XmlText[] {
  const runs: Y.XmlText[] = []
  const visit = (container: Y.XmlFragment | Y.XmlElement) => {
    for (const child of container.toArray()) {
      if (child instanceof Y.XmlText) runs.push(child)
      else if (child instanceof Y.XmlElement) visit(child)
    }
  }
  visit(replica.getXmlFragment(CONTENT_FRAGMENT))
  return runs
}

/** Where a unique piece of text is: its Y.XmlText run, the index in it, and its PM range. */
export interface TextLocation {
  run: Y.XmlText
  index: number
  from: number
  to: number
}

/** Finds the one text run holding `needle`; throws when there is none or more than one. */
export function findText(replica: Y.Doc, needle: string): TextLocation {
  const hits = textRuns(replica).filter((run) => runText(run).includes(needle))
  if (hits.length !== 1 || runText(hits[0]).indexOf(needle) !== runText(hits[0]).lastIndexOf(needle)) {
    throw new Error(`findText: "${needle}" is not unique (${hits.length} runs)`)
  }
  const run = hits[0]
  const index = runText(run).indexOf(needle)
  const start = measurerFor(replica).contentStart(run)
  if (start === null) throw new Error('findText: run is not in the document')
  return { run, index, from: start + index, to: start + index + needle.length }
}

/** A fresh measurer over a replica's current state. */
export function measurerFor(replica: Y.Doc): YDocumentMeasurer {
  return new YDocumentMeasurer(replica.getXmlFragment(CONTENT_FRAGMENT), schema)
}

/** Anchors for a PM range as the editor stores them; throws when the range is not in text. */
export function anchorsFor(replica: Y.Doc, from: number, to: number) {
  const measurer = measurerFor(replica)
  const start = measurer.relativePositionAt(from, 'start')
  const end = measurer.relativePositionAt(to, 'end')
  if (!start || !end) throw new Error(`anchorsFor: ${from}–${to} is not in text`)
  return { start: anchorToJSON(start), end: anchorToJSON(end) }
}

/** Tags the PM range `from`–`to` on a replica, as the tagSelection command does. */
export function annotateRange(replica: Y.Doc, from: number, to: number, type: AnnotationType = 'event', id?: string): string {
  const exact = spanText(readContent(replica), from, to)
  return createAnnotation(replica, { id, type, ...anchorsFor(replica, from, to), exact, createdBy: alice })
}

/** Tags the unique text `needle` on a replica. */
export function annotate(replica: Y.Doc, needle: string, type: AnnotationType = 'event', id?: string): string {
  const { from, to } = findText(replica, needle)
  return annotateRange(replica, from, to, type, id)
}

/** What a replica shows for each annotation: status and current text, by id. */
export function resolvedById(replica: Y.Doc): Record<string, { status: AnnotationStatus; text: string }> {
  const result: Record<string, { status: AnnotationStatus; text: string }> = {}
  for (const { id, status, text } of resolveAnnotations(replica, readContent(replica)).annotations) result[id] = { status, text }
  return result
}

/** Inserts (a string) or deletes (a count of characters) at `index` of a text run. */
export function editRun(run: Y.XmlText, index: number, change: string | number): void {
  if (typeof change === 'string') run.insert(index, change)
  else run.delete(index, change)
}

/** The text run on `replica` at the same place as `run` on another, synced replica. */
export function sameRun(replica: Y.Doc, source: Y.Doc, run: Y.XmlText): Y.XmlText {
  const index = textRuns(source).indexOf(run)
  if (index < 0) throw new Error('sameRun: run is not in the source replica')
  return textRuns(replica)[index]
}
