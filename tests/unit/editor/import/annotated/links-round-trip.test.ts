import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { exportDocument } from '../../../../../editor/export/index'
import { takeSnapshot } from '../../../../../editor/export/snapshot'
import { encodeAnnotatedDocument } from '../../../../../editor/import/annotated/build-document'
import { importNativeJson } from '../../../../../editor/import/annotated/native-json'
import { addLink, deleteAnnotation } from '../../../../../editor/model/annotation-store'
import { REPO_ROOT } from '../../export/support/fixtures'
import { annotate, createReplicas } from '../../model/support/replicas'
import { alice, bob } from '../../model/support/seed'

const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(`${REPO_ROOT}docs/spanwise-export.schema.json`, 'utf8')))
const META = { title: 'Links', createdAt: '2026-11-25T10:00:00.000Z' }

/** The seed with a claim, a quote supporting it, an event mentioning it, and a link to a deleted annotation. */
function linkedDocument() {
  const [doc] = createReplicas(1)
  const claim = annotate(doc, 'a special state to us', 'claim', 'claim-1')
  const quote = annotate(doc, 'It is practically', 'quote', 'quote-1')
  const event = annotate(doc, 'Avigdor Liberman', 'event', 'event-1')
  const gone = annotate(doc, 'Abraham Accords', 'event', 'gone-1')
  addLink(doc, quote, { type: 'supports', target: claim }, alice)
  addLink(doc, event, { type: 'mentions', target: claim }, bob)
  addLink(doc, claim, { type: 'cites', target: gone }, bob)
  deleteAnnotation(doc, gone)
  return doc
}

const exportedJson = (update: Parameters<typeof takeSnapshot>[1]) =>
  JSON.parse(exportDocument(takeSnapshot('links', update), { format: 'json', offsets: 'codepoint', unit: 'document' }).body as string) as {
    annotations: Array<{ id: string; links?: unknown[] }>
  }

describe('links in the native export', () => {
  it('are exported on the annotation that holds them (only there), valid against the schema', () => {
    const exported = exportedJson(linkedDocument())
    expect(validate(exported), JSON.stringify(validate.errors)).toBe(true)
    const linksById = Object.fromEntries(exported.annotations.map((annotation) => [annotation.id, annotation.links]))
    expect(linksById['quote-1']).toEqual([{ id: expect.any(String), type: 'supports', target: 'claim-1', createdBy: alice, createdAt: expect.any(String) }])
    expect(linksById['event-1']).toEqual([expect.objectContaining({ type: 'mentions', target: 'claim-1', createdBy: bob })])
    // A broken link (its target deleted) is exported as it is.
    expect(linksById['claim-1']).toEqual([expect.objectContaining({ type: 'cites', target: 'gone-1' })])
    expect(Object.keys(linksById)).not.toContain('gone-1')
  })

  it('survive an import of the export: same ids, types, targets, authors and times', () => {
    const first = exportedJson(linkedDocument())
    const { update, report } = encodeAnnotatedDocument(importNativeJson(JSON.stringify(first)), META)
    expect(report.skipped).toEqual([])
    const again = exportedJson(update)
    const links = (exported: typeof first) => exported.annotations.map((annotation) => [annotation.id, annotation.links ?? []])
    expect(links(again)).toEqual(links(first))
  })

  it('refuse an imported annotation that links to itself, reporting why, and keep the others', () => {
    const exported = exportedJson(linkedDocument())
    const quote = exported.annotations.find((annotation) => annotation.id === 'quote-1')!
    quote.links = [{ ...(quote.links![0] as object), target: 'quote-1' }]
    const { update, report } = encodeAnnotatedDocument(importNativeJson(JSON.stringify(exported)), META)
    expect(report.skipped).toEqual([{ id: 'quote-1', exact: 'It is practically', reason: 'annotation: links: an annotation cannot link to itself' }])
    expect(exportedJson(update).annotations.map((annotation) => annotation.id)).toEqual(exported.annotations.map((annotation) => annotation.id).filter((id) => id !== 'quote-1'))
  })

  it('refuse a malformed link in the file, naming the field', () => {
    const exported = exportedJson(linkedDocument())
    const quote = exported.annotations.findIndex((annotation) => annotation.id === 'quote-1')
    exported.annotations[quote].links = [{ type: 'endorses', target: 'claim-1' }]
    expect(() => importNativeJson(JSON.stringify(exported))).toThrow(new RegExp(`annotations\\.${quote}\\.links\\.0\\.`))
  })
})
