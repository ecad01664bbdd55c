import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { exportDocument, type ExportFormat } from '../../../../../editor/export/index'
import { takeSnapshot } from '../../../../../editor/export/snapshot'
import { encodeAnnotatedDocument } from '../../../../../editor/import/annotated/build-document'
import { importNativeJson } from '../../../../../editor/import/annotated/native-json'
import { importW3c } from '../../../../../editor/import/annotated/w3c'
import { addComment, setThreadState } from '../../../../../editor/model/annotation-store'
import { REPO_ROOT } from '../../export/support/fixtures'
import { at, T0, T1, T2, T3, useFakeClock } from '../../model/support/fake-clock'
import { annotate, createReplicas } from '../../model/support/replicas'
import { alice, bob } from '../../model/support/seed'

useFakeClock()

const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(`${REPO_ROOT}docs/spanwise-export.schema.json`, 'utf8')))
const META = { title: 'Threads', createdAt: '2026-11-25T10:00:00.000Z' }

interface Exported {
  annotations: Array<{ id: string; comments: unknown[]; thread?: { state: string; by: { id: string; name: string }; at: string }; history?: Array<{ change: string }> }>
}

/**
 * The seed with three claims: `resolved` (two comments, resolved by Bob), `reopened` (resolved by
 * Bob, then a comment by Alice dated after it), `open` (a comment, never resolved), and an event
 * without comments.
 */
function threadedDocument(): Y.Doc {
  const [doc] = createReplicas(1)
  const resolved = at(T0, () => annotate(doc, 'a special state to us', 'claim', 'resolved'))
  const reopened = at(T0, () => annotate(doc, 'It is practically', 'claim', 'reopened'))
  const open = at(T0, () => annotate(doc, 'Avigdor Liberman', 'quote', 'open'))
  at(T0, () => annotate(doc, 'a Russian-speaking country', 'event', 'quiet'))
  at(T0, () => addComment(doc, resolved, alice, 'Who said this first?'))
  at(T1, () => addComment(doc, resolved, bob, 'Liberman, 2019.'))
  at(T2, () => setThreadState(doc, resolved, 'resolved', bob))
  at(T0, () => addComment(doc, reopened, alice, 'Sourced?'))
  at(T1, () => setThreadState(doc, reopened, 'resolved', bob))
  at(T3, () => addComment(doc, reopened, alice, 'Not yet, reopening'))
  at(T0, () => addComment(doc, open, alice, 'Check the video'))
  return doc
}

const exportOf = (source: Y.Doc | Uint8Array, format: ExportFormat) =>
  exportDocument(takeSnapshot('threads', source), { format, offsets: 'codepoint', unit: 'document' }).body as string
describe('comment threads in the json export', () => {
  it('carries each thread once someone resolved it, in the shape of the `thread` entry, valid against the schema', () => {
    const exported = JSON.parse(exportOf(threadedDocument(), 'json')) as Exported
    expect(validate(exported), JSON.stringify(validate.errors)).toBe(true)
    const byId = Object.fromEntries(exported.annotations.map((annotation) => [annotation.id, annotation]))
    expect(byId.resolved.thread).toEqual({ state: 'resolved', by: bob, at: T2 })
    // Reopened by a comment dated after the resolution (the store also wrote `open` with it).
    expect(byId.reopened.thread).toEqual({ state: 'open', by: alice, at: T3 })
    expect(byId.open.thread).toBeUndefined()
    expect(byId.quiet.thread).toBeUndefined()
    expect(byId.resolved.history?.map((step) => step.change)).toEqual(['comment', 'comment', 'resolve'])
  })

  it('an import of the export gives the same threads, and exports the same again', () => {
    const first = exportOf(threadedDocument(), 'json')
    const { update, report } = encodeAnnotatedDocument(importNativeJson(first), META)
    expect(report.skipped).toEqual([])
    const again = JSON.parse(exportOf(update, 'json')) as Exported
    const threads = (exported: Exported) => exported.annotations.map(({ id, thread, comments }) => [id, thread, comments.length])
    expect(threads(again)).toEqual(threads(JSON.parse(first) as Exported))
  })

  it('a hostile thread in an import file is refused with a message naming the field', () => {
    const exported = JSON.parse(exportOf(threadedDocument(), 'json')) as Exported & { annotations: Array<Record<string, unknown>> }
    const index = exported.annotations.findIndex((annotation) => annotation.id === 'resolved')
    for (const [thread, field] of [
      [{ state: 'archived', by: bob, at: T2 }, `annotations.${index}.thread.state`],
      [{ state: 'resolved', by: bob, at: 'yesterday' }, `annotations.${index}.thread.at`],
      [{ state: 'resolved', by: { name: '<b>x</b>' }, at: T2 }, `annotations.${index}.thread.by.id`],
      [{ state: 'resolved', by: bob, at: T2, html: '<img onerror=alert(1)>' }, `annotations.${index}.thread`],
      ['resolved', `annotations.${index}.thread`],
    ] as const) {
      const hostile = structuredClone(exported)
      ;(hostile.annotations[index] as Record<string, unknown>).thread = thread
      expect(() => importNativeJson(JSON.stringify(hostile))).toThrow(field)
    }
  })
})

describe('comment threads in the W3C export', () => {
  type Body = { purpose: string; label?: string; value: string; creator?: { name: string }; created?: string }
  const bodiesOf = (w3c: string, id: string): Body[] =>
    (JSON.parse(w3c) as { first: { items: Array<{ id: string; body?: Body[] }> } }).first.items.find((item) => item.id.endsWith(`:${id}`))?.body ?? []

  it('marks a resolved thread with a moderating body signed by who resolved it, after its comments; an open one with none', () => {
    const w3c = exportOf(threadedDocument(), 'w3c')
    const resolved = bodiesOf(w3c, 'resolved')
    expect(resolved.slice(-3).map((body) => [body.purpose, body.label ?? null, body.value])).toEqual([
      ['commenting', null, 'Who said this first?'],
      ['commenting', null, 'Liberman, 2019.'],
      ['moderating', 'thread', 'resolved'],
    ])
    expect(resolved.at(-1)).toMatchObject({ creator: { name: 'Bob' }, created: T2 })
    for (const id of ['reopened', 'open', 'quiet']) expect(bodiesOf(w3c, id).filter((body) => body.label === 'thread')).toEqual([])
  })

  it('an import of the W3C export keeps the resolved thread; a resolution body without a person or time is left out', () => {
    const w3c = exportOf(threadedDocument(), 'w3c')
    const { update } = encodeAnnotatedDocument(importW3c(w3c), META)
    const again = JSON.parse(exportOf(update, 'json')) as Exported
    const byId = Object.fromEntries(again.annotations.map((annotation) => [annotation.id, annotation]))
    expect(byId.resolved.thread).toEqual({ state: 'resolved', by: bob, at: T2 })
    expect(byId.open.thread).toBeUndefined()

    const stripped = JSON.parse(w3c) as { first: { items: Array<{ id: string; body?: Array<Record<string, unknown>> }> } }
    const item = stripped.first.items.find((candidate) => candidate.id.endsWith(':resolved'))!
    item.body = item.body!.map((body) => (body.label === 'thread' ? { ...body, creator: undefined, created: 'not a time' } : body))
    const source = importW3c(JSON.stringify(stripped))
    expect(source.annotations.find((annotation) => annotation.id === 'resolved')?.thread).toBeUndefined()
  })
})
