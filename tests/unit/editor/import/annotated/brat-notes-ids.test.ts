import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { exportDocument } from '../../../../../editor/export/index'
import { toBratFiles } from '../../../../../editor/export/brat'
import { takeSnapshot, type DocumentSnapshot } from '../../../../../editor/export/snapshot'
import { documentSourceSchema, ImportFormatError } from '../../../../../editor/import'
import { importBrat } from '../../../../../editor/import/annotated/brat'
import { encodeAnnotatedDocument } from '../../../../../editor/import/annotated/build-document'
import { sourceFromFiles } from '../../../../../editor/import/import-files'
import { optionsFor } from '../../export/support/exactness'
import { loadAstralFixture, loadSeedFixture } from '../../export/support/fixtures'

const META = { title: 'brat', createdAt: '2026-11-25T10:00:00.000Z' }
const seed = loadSeedFixture().snapshot
const DANA = { id: 'user-dana', name: 'Dana Levi' }
const linked: DocumentSnapshot = {
  ...seed,
  annotations: seed.annotations.map((annotation) =>
    annotation.id === 'qt-compatriots'
      ? { ...annotation, links: [{ id: 'link-7', type: 'supports', target: 'cl-russian-speaking', createdBy: DANA, createdAt: '2026-11-25T18:00:00.000Z' }] }
      : annotation,
  ),
}

/** Export to brat, import the files back, snapshot the new document. */
function roundTrip(snapshot: DocumentSnapshot, withIds = true) {
  const files = toBratFiles(snapshot, {})
  const source = importBrat(files[`${snapshot.id}.txt`], files[`${snapshot.id}.ann`], withIds ? files[`${snapshot.id}.ids.tsv`] : undefined)
  const { update, report } = encodeAnnotatedDocument(source, META)
  return { report, imported: takeSnapshot('imported', update) }
}

/** What brat carries of an annotation: its attributes but the review stamp (an unreviewed verdict or a false paraphrase flag is no A line), and its note on one line. */
function carried(annotation: DocumentSnapshot['annotations'][number]) {
  const { reviewedBy: _by, reviewedAt: _at, reviewedText: _text, ...attrs } = annotation.attrs as Record<string, unknown>
  if (attrs.verdict === 'unreviewed') delete attrs.verdict
  if (attrs.paraphrase === false) delete attrs.paraphrase
  const flat = (value: unknown): unknown => (Array.isArray(value) ? value.map(flat) : typeof value === 'string' ? value.replace(/[\t\r\n]/g, ' ') : value)
  return {
    id: annotation.id,
    type: annotation.type,
    exact: annotation.exact,
    attrs: Object.fromEntries(Object.entries(attrs).map(([key, value]) => [key, flat(value)])),
    note: annotation.note && (flat(annotation.note) as string),
  }
}

describe('brat round trip: attributes in the notes, ids through the map', () => {
  it.each([
    ['the seed', linked],
    ['the astral fixture', loadAstralFixture().snapshot],
  ])('%s: every attached annotation comes back with its id, attributes, note and links', (_name, snapshot) => {
    const { report, imported } = roundTrip(snapshot)
    expect(report.skipped).toEqual([])
    expect(report.droppedLinks).toEqual([])
    const attached = snapshot.annotations.filter((annotation) => annotation.start !== null)
    expect(imported.annotations.map(carried).sort((a, b) => a.id.localeCompare(b.id))).toEqual(attached.map(carried).sort((a, b) => a.id.localeCompare(b.id)))
    const links = imported.annotations.flatMap((annotation) => annotation.links.map((link) => [annotation.id, link.id, link.type, link.target]))
    expect(links).toEqual(snapshot === linked ? [['qt-compatriots', 'link-7', 'supports', 'cl-russian-speaking']] : [])
  })

  it('without the map, annotations are named by their T ids and links by their R ids, as before', () => {
    const { imported } = roundTrip(linked, false)
    expect(imported.annotations.find((annotation) => annotation.exact === 'February 29, 2019')?.id).toBe('T34')
    expect(imported.annotations.find((annotation) => annotation.id === 'T10')?.links.map((link) => [link.id, link.target])).toEqual([['R1', 'T8']])
  })

  it('reads the map from the exported zip, or from an .ids.tsv picked with the .ann and .txt', () => {
    const zip = exportDocument(linked, optionsFor('brat')).body as Uint8Array
    const files = toBratFiles(linked, {})
    const fromZip = sourceFromFiles([{ name: 'israel-russia-part-2.zip', bytes: zip }])
    expect(fromZip).toEqual({ format: 'brat', source: files['israel-russia-part-2.ann'], text: linked.text, ids: files['israel-russia-part-2.ids.tsv'] })
    const picked = sourceFromFiles(['israel-russia-part-2.ids.tsv', 'israel-russia-part-2.ann', 'israel-russia-part-2.txt'].map((name) => ({ name, bytes: strToU8(files[name]) })))
    expect(picked).toEqual(fromZip)
    expect(() =>
      sourceFromFiles([
        { name: 'x.ids.tsv', bytes: strToU8('brat_id\tspanwise_id\n') },
        { name: 'x.txt', bytes: strToU8('text') },
      ]),
    ).toThrow('"x.ids.tsv" goes with a brat .ann and its .txt: pick them too')
    const withoutMap = zipSync({ 'd.txt': strToU8('abc'), 'd.ann': strToU8('T1\tEvent 0 3\tabc\n') })
    expect(sourceFromFiles([{ name: 'd.zip', bytes: withoutMap }]).ids).toBeUndefined()
    expect(documentSourceSchema.parse({ title: 't', format: 'brat', source: 'T1\tEvent 0 3\tabc\n', text: 'abc', ids: 'T1\ta-1\n' }).ids).toBe('T1\ta-1\n')
  })
})

describe('brat import: notes and id maps written by hand', () => {
  const TEXT = 'Putin met Erdoğan in Sochi.'
  const entity = (type: string, start: number, end: number) => `T1\t${type} ${start} ${end}\t${TEXT.slice(start, end)}\n`
  const noteOf = (type: string, note: string) => {
    const [annotation] = importBrat(TEXT, `${entity(type, 0, 5)}#1\tAnnotatorNotes T1\t${note}\n`).annotations
    return { note: annotation.note, attrs: annotation.attrs }
  }

  it('keeps a note without the format as it is', () => {
    for (const note of ['speaker: Bob', 'see ¦ below', 'a ¦ colour: red', 'C:\\dir \\¦ x', '¦']) expect(noteOf('Quote', note)).toEqual({ note, attrs: {} })
  })

  it('sets the attributes the type has and that validate; the others stay in the note, nothing is lost', () => {
    expect(noteOf('Event', 'met ¦ date: 2019-02-27 ¦ participants: Putin ¦ participants: Erdoğan ¦ speaker: Bob ¦ endDate: soon')).toEqual({
      note: 'met ¦ speaker: Bob ¦ endDate: soon',
      attrs: { date: '2019-02-27', participants: ['Putin', 'Erdoğan'] },
    })
    expect(noteOf('Quote', '¦ speaker: Bob ¦ speaker: Alice ¦ sourceUrl: javascript:alert(1)')).toEqual({
      note: 'speaker: Bob ¦ speaker: Alice ¦ sourceUrl: javascript:alert(1)',
      attrs: {},
    })
    expect(noteOf('Claim', '¦ claimant: Putin ¦ rationale: see \\¦ below')).toEqual({ note: undefined, attrs: { claimant: 'Putin', rationale: 'see ¦ below' } })
    const { report } = encodeAnnotatedDocument(importBrat(TEXT, `${entity('Event', 0, 5)}#1\tAnnotatorNotes T1\tmet ¦ date: 2019 ¦ speaker: Bob\n`), META)
    expect(report).toMatchObject({ imported: 1, skipped: [] })
  })

  it('refuses a malformed map, naming the line', () => {
    const ann = `${entity('Event', 0, 5)}T2\tClaim 10 17\tErdoğan\nR1\tSupports Arg1:T2 Arg2:T1\n`
    const refuse = (ids: string) => () => importBrat(TEXT, ann, ids)
    expect(refuse('brat_id\tspanwise_id\nT1 ev-1\n')).toThrow(new ImportFormatError('ids.tsv line 2: expected "T1<TAB>annotation id" or "R1<TAB>link id"'))
    expect(refuse('E1\tev-1\n')).toThrow('ids.tsv line 1: expected')
    expect(refuse(`T1\t${'x'.repeat(101)}\n`)).toThrow('ids.tsv line 1: the id of T1 must be 1 to 100 characters')
    expect(refuse('T1\t\n')).toThrow('ids.tsv line 1: the id of T1 must be 1 to 100 characters')
    expect(refuse('T1\ta\nT1\tb\n')).toThrow('ids.tsv line 2: T1 is listed twice')
    expect(refuse('T1\tT2\n')).toThrow('ids.tsv: two annotations would both be "T2"')
    expect(refuse('T1\tsame\nT2\tsame\n')).toThrow('ids.tsv: two annotations would both be "same"')
  })

  it('uses the rows it has: unlisted annotations keep their brat ids, rows for lines that are not there are ignored, ids are unescaped', () => {
    const ann = `${entity('Event', 0, 5)}T2\tClaim 10 17\tErdoğan\nR1\tSupports Arg1:T2 Arg2:T1\n`
    const { annotations } = importBrat(TEXT, ann, 'T1\tev\\tputin\\\\1\r\nT9\tgone\nR1\tl-1\n')
    expect(annotations.map((annotation) => [annotation.id, annotation.links?.map((link) => [link.id, link.target])])).toEqual([
      ['ev\tputin\\1', undefined],
      ['T2', [['l-1', 'ev\tputin\\1']]],
    ])
  })
})
