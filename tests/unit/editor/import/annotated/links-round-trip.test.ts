import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { toBratFiles } from '../../../../../editor/export/brat'
import { toClaimReviews } from '../../../../../editor/export/claimreview'
import { toCsvRows } from '../../../../../editor/export/csv'
import { updateAnnotation } from '../../../../../editor/model/annotation-store'
import { exportDocument } from '../../../../../editor/export/index'
import { toW3cCollection } from '../../../../../editor/export/w3c'
import { importBrat } from '../../../../../editor/import/annotated/brat'
import { importW3c } from '../../../../../editor/import/annotated/w3c'
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
    annotations: Array<{ id: string; exact: string; links?: unknown[] }>
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

  it('leave out a link of an imported annotation to itself or repeating another, reporting each; the annotation is imported', () => {
    const exported = exportedJson(linkedDocument())
    const quote = exported.annotations.find((annotation) => annotation.id === 'quote-1')!
    const good = quote.links![0] as { id: string }
    quote.links = [good, { ...good, id: 'self', target: 'quote-1' }, { ...good, id: 'again' }, { ...good }]
    const { update, report } = encodeAnnotatedDocument(importNativeJson(JSON.stringify(exported)), META)
    expect(report.skipped).toEqual([])
    expect(report.droppedLinks).toEqual([
      { annotation: 'quote-1', link: 'self', reason: 'an annotation cannot link to itself' },
      { annotation: 'quote-1', link: 'again', reason: 'it repeats another link of the annotation' },
      { annotation: 'quote-1', link: good.id, reason: 'its id repeats another link of the annotation' },
    ])
    expect(exportedJson(update).annotations.find((annotation) => annotation.id === 'quote-1')!.links).toEqual([good])
  })

  it('judge a self-link by the file id, also for an annotation whose id repeats (it gets a new one)', () => {
    const exported = exportedJson(linkedDocument())
    const quote = exported.annotations.find((annotation) => annotation.id === 'quote-1')!
    exported.annotations.push({ ...quote, links: [{ ...(quote.links![0] as object), target: 'quote-1' }] })
    const { update, report } = encodeAnnotatedDocument(importNativeJson(JSON.stringify(exported)), META)
    expect(report.droppedLinks).toEqual([{ annotation: 'quote-1', link: expect.any(String), reason: 'an annotation cannot link to itself' }])
    const copies = exportedJson(update).annotations.filter((annotation) => annotation.exact === 'It is practically')
    expect(copies).toHaveLength(2)
    expect(copies.map((copy) => (copy.links ?? []).length).sort()).toEqual([0, 1])
  })

  it('refuse a malformed link in the file, naming the field', () => {
    const exported = exportedJson(linkedDocument())
    const quote = exported.annotations.findIndex((annotation) => annotation.id === 'quote-1')
    exported.annotations[quote].links = [{ type: 'endorses', target: 'claim-1' }]
    expect(() => importNativeJson(JSON.stringify(exported))).toThrow(new RegExp(`annotations\\.${quote}\\.links\\.0\\.`))
  })
})

/** Every link of a snapshot as "source type target", sorted. */
function linkTriples(update: Parameters<typeof takeSnapshot>[1]): string[] {
  return takeSnapshot('links', update)
    .annotations.flatMap((annotation) => annotation.links.map((link) => `${annotation.id} ${link.type} ${link.target}`))
    .sort()
}

describe('links in the w3c and brat exports', () => {
  it('w3c: each link is a linking annotation (target: the annotation holding it, body: the linked one) and survives an import', () => {
    const doc = linkedDocument()
    const collection = toW3cCollection(takeSnapshot('links', doc), {})
    const linking = collection.first.items.filter((item) => item.motivation === 'linking')
    expect(linking).toHaveLength(3)
    expect(linking.find((item) => item.target === 'urn:spanwise:links:quote-1')).toEqual({
      '@context': ['http://www.w3.org/ns/anno.jsonld', { spanwise: 'urn:spanwise:vocab/' }],
      id: expect.stringMatching(/^urn:spanwise:links:quote-1#link-/),
      type: 'Annotation',
      motivation: 'linking',
      body: 'urn:spanwise:links:claim-1',
      target: 'urn:spanwise:links:quote-1',
      'spanwise:relation': 'supports',
      creator: { id: 'urn:spanwise:users/user-alice', type: 'Person', name: 'Alice' },
      created: expect.any(String),
    })
    expect(collection.total).toBe(collection.first.items.length)
    const { update, report } = encodeAnnotatedDocument(importW3c(JSON.stringify(collection)), META)
    expect(report.skipped).toEqual([])
    expect(linkTriples(update)).toEqual(linkTriples(doc))
    // Ids, authors and times come back too.
    const before = takeSnapshot('links', doc).annotations.find((annotation) => annotation.id === 'quote-1')!.links
    const after = takeSnapshot('links', update).annotations.find((annotation) => annotation.id === 'quote-1')!.links
    expect(after).toEqual(before)
  })

  it('w3c: a linking item without a relation, or whose annotation is not in the collection, is refused, naming the item', () => {
    const collection = toW3cCollection(takeSnapshot('links', linkedDocument()), {})
    const index = collection.first.items.findIndex((item) => item.motivation === 'linking')
    const withItem = (item: unknown) =>
      JSON.stringify({ ...collection, first: { ...collection.first, items: collection.first.items.map((old, at) => (at === index ? item : old)) } })
    const link = collection.first.items[index]
    expect(() => importW3c(withItem({ ...link, 'spanwise:relation': undefined }))).toThrow(new RegExp(`^items\\.${index}: .*spanwise:relation`))
    expect(() => importW3c(withItem({ ...link, target: 'urn:spanwise:links:nobody' }))).toThrow(`items.${index}.target: no annotation "nobody" in this collection`)
  })

  it('brat: links between exported annotations are R lines, declared in annotation.conf, and come back as links', () => {
    const doc = linkedDocument()
    const files = toBratFiles(takeSnapshot('links', doc), {})
    const ann = files['links.ann']
    const entity = (words: string) => new RegExp(`^(T\\d+)\\t\\S+ \\d+ \\d+\\t${words}$`, 'm').exec(ann)![1]
    const [claim, quote, event] = [entity('a special state to us'), entity('It is practically'), entity('Avigdor Liberman')]
    // The link to the deleted annotation has no T line to point at: it is left out.
    // R numbers follow the links' creation; two links made in the same millisecond are ordered by id.
    const relations = ann.split('\n').filter((line) => line.startsWith('R'))
    expect(relations.map((line) => line.split('\t')[0])).toEqual(['R1', 'R2'])
    expect(relations.map((line) => line.split('\t')[1]).sort()).toEqual([`Mentions Arg1:${event} Arg2:${claim}`, `Supports Arg1:${quote} Arg2:${claim}`])
    expect(files['annotation.conf']).toContain('[relations]\nSupports\tArg1:<ENTITY>, Arg2:<ENTITY>\n')
    expect(files['annotation.conf']).toContain('Same_event_as\tArg1:<ENTITY>, Arg2:<ENTITY>\n')
    expect(files['annotation.conf']).toContain('<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n')
    const source = importBrat(files['links.txt'], ann)
    const { update } = encodeAnnotatedDocument(source, META)
    expect(linkTriples(update)).toEqual([`${event} mentions ${claim}`, `${quote} supports ${claim}`].sort())
  })

  it('brat: reads relations as brat writes them; ignores other types whatever their arguments; refuses what cannot be read, naming the line', () => {
    const text = 'Putin met Raisi.'
    const entities = 'T1\tEvent 0 9\tPutin met\nT2\tQuote 10 15\tRaisi\n'
    const linksOf = (ann: string) =>
      importBrat(text, entities + ann)
        .annotations.map((annotation) => (annotation.links ?? []).map((link) => `${annotation.id} ${link.type} ${link.target}`))
        .flat()
    // brat's editor ends a relation line with a tab; brat's parser splits on any whitespace.
    expect(linksOf('R1\tSupports Arg1:T2 Arg2:T1\t\n')).toEqual(['T2 supports T1'])
    expect(linksOf('R1\tSupports  Arg1:T2   Arg2:T1\n')).toEqual(['T2 supports T1'])
    expect(linksOf('R1\tPart-of Arg1:T1 Arg2:T2\nR2\tCoref Anaphor:T2 Antecedent:T1\nR3\tCause Arg1:E1 Arg2:T1\n')).toEqual([])
    // A relation to itself, or one repeating another, is left out.
    expect(linksOf('R1\tSupports Arg1:T2 Arg2:T2\nR2\tCites Arg1:T2 Arg2:T1\nR3\tCites Arg1:T2 Arg2:T1\n')).toEqual(['T2 cites T1'])
    expect(() => importBrat(text, `${entities}R1\tSupports Arg1:T1 Arg2:T9\n`)).toThrow('line 3: refers to T9, which is not defined')
    expect(() => importBrat(text, `${entities}R1\tSupports T1 T2\n`)).toThrow('line 3: malformed relation')
    expect(() => importBrat(text, `${entities}R1\tSupports Arg1:T1 Theme:T2\n`)).toThrow('line 3: a Supports relation needs Arg1 and Arg2 text-bound annotations')
    expect(() => importBrat(text, `${entities}R1\tCites Arg1:T1 Arg2:T2\nR1\tCites Arg1:T2 Arg2:T1\n`)).toThrow('line 4: R1 is defined twice')
  })

  it('w3c: a malformed percent-encoding in an id is kept as it is, not a crash; a link with an empty id is left out, its annotation imported', () => {
    const collection = toW3cCollection(takeSnapshot('links', linkedDocument()), {})
    const index = collection.first.items.findIndex((item) => item.motivation === 'linking')
    const link = collection.first.items[index] as { id: string; target: string }
    const holder = link.target.split(':').pop()!
    const withLink = (changed: object) =>
      JSON.stringify({ ...collection, first: { ...collection.first, items: collection.first.items.map((old, at) => (at === index ? { ...link, ...changed } : old)) } })
    const odd = importW3c(withLink({ id: `${link.id.split('#')[0]}#link-%E0%A4%A` }))
    expect(odd.annotations.find((annotation) => annotation.id === holder)!.links!.map((each) => each.id)).toContain('%E0%A4%A')
    const { report } = encodeAnnotatedDocument(importW3c(withLink({ id: `${link.id.split('#')[0]}#link-` })), META)
    expect(report.skipped).toEqual([])
    expect(report.droppedLinks).toEqual([{ annotation: holder, link: '', reason: expect.stringContaining('id') }])
  })
})

describe('links in the csv export', () => {
  it('lists the links an annotation holds as <type>:<target id> in the links column, broken ones too', () => {
    const rows = toCsvRows(takeSnapshot('links', linkedDocument()), { offsets: 'codepoint' })
    const linksOf = (id: string) => rows.find((row) => row.id === id)!.links
    expect(linksOf('quote-1')).toBe('supports:claim-1')
    expect(linksOf('event-1')).toBe('mentions:claim-1')
    expect(linksOf('claim-1')).toBe('cites:gone-1')
  })
})

describe('links in the claimreview export', () => {
  it('puts what supports or contradicts a reviewed claim, and what it quotes or cites, under isBasedOn; broken links are left out', () => {
    const doc = linkedDocument()
    const contra = annotate(doc, 'Abraham Accords', 'quote', 'quote-2')
    addLink(doc, contra, { type: 'contradicts', target: 'claim-1' }, alice)
    addLink(doc, 'claim-1', { type: 'quotes', target: 'quote-1' }, alice)
    expect(toClaimReviews(takeSnapshot('links', doc), {})).toEqual([])
    updateAnnotation(doc, 'claim-1', { attrs: { verdict: 'disputed' } })
    const [review] = toClaimReviews(takeSnapshot('links', doc), {})
    expect(review.isBasedOn).toEqual([
      { '@type': 'CreativeWork', identifier: 'urn:spanwise:links:quote-1', text: 'It is practically', description: 'supports the claim' },
      { '@type': 'CreativeWork', identifier: 'urn:spanwise:links:quote-2', text: 'Abraham Accords', description: 'contradicts the claim' },
      { '@type': 'CreativeWork', identifier: 'urn:spanwise:links:quote-1', text: 'It is practically', description: 'quoted by the claim' },
    ])
  })
})
