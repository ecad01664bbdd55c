import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { bratEntityNumbers, toBratFiles } from '../../../../editor/export/brat'
import { escapeTsvField, unescapeTsvField } from '../../../../editor/export/brat-ids'
import { BRAT_NOTE_ATTRIBUTES, readBratNote, writeBratNote } from '../../../../editor/export/brat-notes'
import { takeSnapshot, type DocumentSnapshot } from '../../../../editor/export/snapshot'
import { checkWithPython } from './support/brat-python'
import { loadAstralFixture, loadSeedFixture } from './support/fixtures'
import { tagWords } from './support/tag-text'

const seedFixture = loadSeedFixture()
const seed = seedFixture.snapshot
const astral = loadAstralFixture().snapshot
const DANA = { id: 'user-dana', name: 'Dana Levi' }

const annOf = (snapshot: DocumentSnapshot, options = {}) => toBratFiles(snapshot, options)[`${snapshot.id}.ann`]
const idsOf = (snapshot: DocumentSnapshot) => toBratFiles(snapshot, {})[`${snapshot.id}.ids.tsv`]
const tLines = (ann: string) => ann.split('\n').filter((line) => line.startsWith('T'))

/** The seed with one more claim, tagged after all the others, in the middle of the text. */
function seedWithNewClaim(): DocumentSnapshot {
  const ydoc = new Y.Doc()
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(seedFixture.ydoc))
  tagWords(
    ydoc,
    { needle: 'Israel is one of the few foreign countries' },
    { id: 'cl-new', type: 'claim', attrs: { claimant: 'Vladimir Putin' }, createdBy: DANA, createdAt: '2026-12-01T09:00:00.000Z' },
  )
  return takeSnapshot(seed.id, ydoc)
}

/** The seed with links between its annotations (the fixture has none), made in this order. */
const linked: DocumentSnapshot = {
  ...seed,
  annotations: seed.annotations.map((annotation) => {
    const link = (id: string, type: 'supports' | 'mentions', target: string, createdAt: string) => ({ id, type, target, createdBy: DANA, createdAt })
    if (annotation.id === 'qt-compatriots') return { ...annotation, links: [link('l-b', 'supports', 'cl-russian-speaking', '2026-11-25T18:05:00.000Z')] }
    if (annotation.id === 'cl-feb-29') return { ...annotation, links: [link('l-a', 'mentions', 'ev-moscow-meeting', '2026-11-25T18:00:00.000Z')] }
    return annotation
  }),
}

describe('brat export: T numbers that stay, and an id map', () => {
  it('numbers annotations by creation: one tagged later in the middle of the text renumbers none of the others', () => {
    const before = annOf(seed)
    const after = annOf(seedWithNewClaim())
    // Written in creation order too, so the new annotation's lines come last and nothing before them changes.
    expect(after.startsWith(before)).toBe(true)
    expect(after.slice(before.length)).toBe('T38\tClaim 891 933\tIsrael is one of the few foreign countries\n#37\tAnnotatorNotes T38\t¦ claimant: Vladimir Putin\n')
    expect(idsOf(seedWithNewClaim()).endsWith('T38\tcl-new\n')).toBe(true)
    expect(idsOf(seedWithNewClaim()).startsWith(idsOf(seed))).toBe(true)
  })

  it('keeps each annotation’s number when filters leave others out; detached ones leave their number unused', () => {
    const all = new Set(tLines(annOf(seed)))
    const claims = tLines(annOf(seed, { type: ['claim'] }))
    expect(claims.length).toBeGreaterThan(5)
    for (const line of claims) expect(all.has(line)).toBe(true)
    const numbers = bratEntityNumbers(seed)
    expect(numbers.get('ev-airstrikes-warning')).toBe(32)
    expect([...numbers.values()].sort((a, b) => a - b)).toEqual(seed.annotations.map((_, index) => index + 1))
  })

  it('maps every T line to its annotation id and every R line to its link id in <docId>.ids.tsv', () => {
    const files = toBratFiles(linked, {})
    const ann = files['israel-russia-part-2.ann'].split('\n')
    const rows = files['israel-russia-part-2.ids.tsv'].trimEnd().split('\n')
    expect(rows[0]).toBe('brat_id\tspanwise_id')
    const ids = new Map(rows.slice(1).map((row) => row.split('\t') as [string, string]))
    const byId = new Map(linked.annotations.map((annotation) => [annotation.id, annotation]))
    for (const line of tLines(ann.join('\n'))) {
      const [entity, typeAndSpans] = line.split('\t')
      const annotation = byId.get(ids.get(entity)!)!
      expect(typeAndSpans.split(' ')[0].toLowerCase()).toBe(annotation.type)
    }
    // Relations are numbered in the order the links were made, whatever the annotations' order.
    expect(ann.filter((line) => line.startsWith('R'))).toEqual(['R1\tMentions Arg1:T34 Arg2:T33', 'R2\tSupports Arg1:T10 Arg2:T8'])
    expect([ids.get('R1'), ids.get('R2'), ids.get('T34'), ids.get('T10'), ids.get('T8')]).toEqual(['l-a', 'l-b', 'cl-feb-29', 'qt-compatriots', 'cl-russian-speaking'])
    expect(ids.size).toBe(36 + 2)
  })

  it('escapes tabs, backslashes and line breaks in ids, and only those', () => {
    const odd = 'a\tb\nc\\d\r\u2028e f:é'
    expect(escapeTsvField(odd)).toBe('a\\tb\\nc\\\\d\\r\\u2028e f:é')
    expect(unescapeTsvField(escapeTsvField(odd))).toBe(odd)
    expect(escapeTsvField('cl-feb-29')).toBe('cl-feb-29')
    expect(unescapeTsvField('C:\\path\\x')).toBe('C:\\path\\x')
    const snapshot: DocumentSnapshot = { ...seed, annotations: seed.annotations.map((annotation) => (annotation.id === 'cl-feb-29' ? { ...annotation, id: odd } : annotation)) }
    expect(idsOf(snapshot)).toContain('T34\ta\\tb\\nc\\\\d\\r\\u2028e f:é\n')
  })

  it('carries the attributes in AnnotatorNotes, which Python reads back by annotation id through the map', () => {
    for (const snapshot of [seed, astral]) {
      const expected: Record<string, Record<string, unknown>> = {}
      for (const annotation of snapshot.annotations) {
        if (annotation.start === null) continue
        const attrs = annotation.attrs as Record<string, unknown>
        // Tabs and line breaks are spaces in brat (the fixtures hold no other line breaks).
        const flat = (value: unknown): unknown => (Array.isArray(value) ? value.map(flat) : String(value).replace(/[\t\r\n]/g, ' '))
        const carried = Object.fromEntries(BRAT_NOTE_ATTRIBUTES.filter((key) => attrs[key] !== undefined).map((key) => [key, flat(attrs[key])]))
        const content = { ...(annotation.note ? { note: flat(annotation.note) } : {}), ...carried }
        if (Object.keys(content).length > 0) expected[annotation.id] = content
      }
      const { status, output } = checkWithPython(snapshot, true)
      expect(status, output).toBe(0)
      const summary = JSON.parse(output) as { notes: number; attributes: unknown }
      expect(summary.attributes).toEqual(expected)
      expect(summary.notes).toBe(Object.keys(expected).length)
    }
  })
})

describe('brat notes: the Spanwise format', () => {
  it('writes the note, then " ¦ key: value" per attribute; "¦ " first when there is no note', () => {
    expect(writeBratNote('Check the archive.', { speaker: 'Vladimir Putin', date: '2011' })).toBe('Check the archive. ¦ date: 2011 ¦ speaker: Vladimir Putin')
    expect(writeBratNote(undefined, { participants: ['Russia', 'Ukraine'], verdict: 'false', paraphrase: true })).toBe('¦ participants: Russia ¦ participants: Ukraine')
    expect(writeBratNote('Only a note', { verdict: 'false', reviewedText: 'x' })).toBe('Only a note')
    expect(writeBratNote('', {})).toBeNull()
    expect(writeBratNote(undefined, { place: '' })).toBeNull()
  })

  it('keeps separators, backslashes and colons inside values; line breaks and tabs become spaces', () => {
    const field = writeBratNote('a ¦ b\\¦ c\n', { rationale: 'x ¦ date: 2011\tthen\u2028more', source: 'C:\\dir\\' })!
    expect(field).toBe('a \\¦ b\\\\¦ c  ¦ source: C:\\dir\\ ¦ rationale: x \\¦ date: 2011 then more')
    expect(field).not.toMatch(/[\t\n\r\u2028]/)
    expect(readBratNote(field)).toEqual({
      note: 'a ¦ b\\¦ c ',
      attributes: [
        ['source', 'C:\\dir\\'],
        ['rationale', 'x ¦ date: 2011 then more'],
      ],
    })
  })

  it('reads a hand-written note as a plain note, unless every part after the first is a known "key: value"', () => {
    for (const plain of ['speaker: Bob', 'see ¦ below', 'a ¦ speaker: Bob ¦ and more', '¦ colour: red', '¦', '¦ ', ' ¦ ', 'x ¦ Speaker: Bob', 'x ¦ speaker:Bob']) {
      expect(readBratNote(plain), plain).toBeNull()
    }
    expect(readBratNote('a ¦ speaker: Bob')).toEqual({ note: 'a', attributes: [['speaker', 'Bob']] })
    expect(readBratNote('¦ date:')).toEqual({ note: '', attributes: [['date', '']] })
  })

  it('writes a lone note that would read as the format with its "¦" escaped, so it stays a plain note', () => {
    const field = writeBratNote('Ask her ¦ speaker: Bob', {})!
    expect(field).toBe('Ask her \\¦ speaker: Bob')
    expect(readBratNote(field)).toBeNull()
    expect(writeBratNote('¦ date: 2011', {})).toBe('\\¦ date: 2011')
  })

  it('reads back whatever it writes (seeded random notes and values)', () => {
    let seedValue = 7
    const random = () => (seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const pieces = ['¦', ' ¦ ', '\\', '\\¦', ' ', ':', ': ', 'date', 'speaker: x', '\t', '\n', '\u2028', 'é', '😀', 'a', 'B']
    const text = () => Array.from({ length: Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join('')
    // eslint-disable-next-line no-control-regex -- the separators \x1c-\x1e are line breaks to Python
    const flat = (value: string) => value.replace(/[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g, ' ')
    for (let round = 0; round < 2000; round++) {
      const note = text()
      const attrs: Record<string, string | string[]> = {}
      for (const key of BRAT_NOTE_ATTRIBUTES) if (random() < 0.15) attrs[key] = key === 'participants' || key === 'evidence' ? [text(), text()] : text()
      const field = writeBratNote(note, attrs)
      const expectedAttributes = BRAT_NOTE_ATTRIBUTES.flatMap((key) =>
        [attrs[key] ?? []]
          .flat()
          .filter((value) => value !== '')
          .map((value) => [key, flat(value)]),
      )
      if (field === null) {
        expect(flat(note) === '' && expectedAttributes.length === 0).toBe(true)
        continue
      }
      // eslint-disable-next-line no-control-regex -- the separators \x1c-\x1e are line breaks to Python
      expect(field).not.toMatch(/[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/)
      const read = readBratNote(field)
      if (expectedAttributes.length === 0) {
        // A plain note, written as it is unless it would read as the format (then its "¦" are escaped).
        expect(read).toBeNull()
        const written = readBratNote(flat(note)) === null ? flat(note) : flat(note).replaceAll('¦', '\\¦')
        expect(field).toBe(written)
      } else {
        expect(read, JSON.stringify({ note, attrs, field })).toEqual({ note: flat(note), attributes: expectedAttributes })
      }
    }
  })
})
