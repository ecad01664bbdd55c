import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { CSV_COLUMNS, toCsvRows } from '../../../../editor/export/csv'
import { exportDocument, type DocumentSnapshot } from '../../../../editor/export/index'
import { bodyText, optionsFor } from './support/exactness'
import { loadAstralFixture, loadSeedFixture } from './support/fixtures'

const seed = loadSeedFixture().snapshot
const astral = loadAstralFixture().snapshot
const readBack = (body: string) => parse<Record<string, string>>(body, { bom: true, columns: true })

describe('csv: one row per annotation', () => {
  it('starts with a UTF-8 byte order mark and the header row, records ending in CRLF', () => {
    const body = bodyText('csv', seed)
    expect(
      body.startsWith(
        '\uFEFFid,type,state,start,end,text,date,endDate,place,participants,summary,speaker,source,sourceUrl,archiveUrl,paraphrase,claimant,verdict,rationale,evidence,reviewedBy,reviewedAt,reviewedText,note,author,created,updated,comments,links,review,assignee,approvedBy,approvedAt\r\n',
      ),
    ).toBe(true)
    expect(body.endsWith(',0,,,,,\r\n')).toBe(true)
    expect(Buffer.from(body, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
  })

  it('parses back with csv-parse to exactly the rows it wrote: Hebrew, quotes and line breaks intact', () => {
    for (const snapshot of [seed, astral]) {
      const rows = toCsvRows(snapshot, optionsFor('csv'))
      expect(readBack(bodyText('csv', snapshot))).toEqual(rows.map((row) => Object.fromEntries(CSV_COLUMNS.map((column) => [column, String(row[column])]))))
    }
    const rows = readBack(bodyText('csv', seed))
    expect(rows.find((row) => row.id === 'cl-caption')!.text).toBe('חביבות כמעטה לחוסר עניין. פגישת פוטין-נתניהו\nחביבות כמעטה לחוסר עניין')
    expect(rows.find((row) => row.id === 'qt-sharon')!.text).toBe('"a true friend of Israel"')
    expect(rows.find((row) => row.id === 'qt-master-class')!.text).toBe('“master class”')
  })

  it('quotes as RFC 4180 says: fields with commas, quotes or line breaks, quotes doubled', () => {
    const body = bodyText('csv', seed)
    expect(body).toContain(
      '\r\nqt-sharon,quote,attached,575,600,"""a true friend of Israel""",,,,,,Ariel Sharon,,,,false,,,,,,,,,Alice Cohen,2026-11-25T11:02:00.000Z,2026-11-25T11:02:00.000Z,0,,,,,\r\n',
    )
    expect(body).toContain(',"Check the CEC archive.\nSecond line\twith a tab.",')
  })

  it('writes every attribute in its own column: lists joined by "; ", booleans, reviewer names, comment counts', () => {
    const rows = readBack(bodyText('csv', seed))
    const byId = (id: string) => rows.find((row) => row.id === id)!
    expect(byId('cl-putin-2001')).toEqual({
      id: 'cl-putin-2001',
      type: 'claim',
      state: 'attached',
      start: '475',
      end: '509',
      text: 'Vladimir Putin was elected in 2001',
      date: '',
      endDate: '',
      place: '',
      participants: '',
      summary: 'Putin was elected in 2001',
      speaker: '',
      source: '',
      sourceUrl: '',
      archiveUrl: '',
      paraphrase: '',
      claimant: 'Article author',
      verdict: 'false',
      rationale: 'Putin was first elected President of Russia on 26 March 2000.',
      evidence: 'https://en.wikipedia.org/wiki/2000_Russian_presidential_election',
      reviewedBy: 'Bob Ivanov',
      reviewedAt: '2026-11-25T14:00:00.000Z',
      reviewedText: 'Vladimir Putin was elected in 2001',
      note: 'Check the CEC archive.\nSecond line\twith a tab.',
      author: 'Alice Cohen',
      created: '2026-11-25T11:00:00.000Z',
      updated: '2026-11-25T14:10:00.000Z',
      comments: '2',
      links: '',
      review: 'reviewed',
      assignee: '',
      approvedBy: '',
      approvedAt: '',
    })
    expect(byId('ev-annexation')).toMatchObject({ date: '2014-02', endDate: '2014-03-18', place: 'Crimea', participants: 'Russia; Ukraine' })
    expect(byId('cl-1-5-million').evidence).toBe('https://www.cbs.gov.il/; qt-common-history')
    expect([byId('qt-compatriots').paraphrase, byId('qt-sharon').paraphrase]).toEqual(['true', 'false'])
    expect(byId('ev-airstrikes-warning')).toMatchObject({
      state: 'detached',
      start: '',
      end: '',
      text: 'the Russian Deputy Foreign Minister urged Israel to cease its airstrikes in Syria',
    })
    expect(byId('cl-churkin').state).toBe('changed-since-review')
  })

  it('counts offsets in the unit asked for, and filters', () => {
    const row = (unit: string) => readBack(bodyText('csv', astral, { offsets: unit })).find((candidate) => candidate.id === 'a-family')!
    expect([row('codepoint').start, row('codepoint').end, row('utf16').start, row('utf16').end]).toEqual(['154', '159', '165', '173'])
    expect(readBack(bodyText('csv', seed, { type: 'claim', verdict: 'false' })).map((candidate) => candidate.id)).toEqual(['cl-putin-2001', 'cl-feb-29'])
  })

  it('is served as text/csv', () => {
    const result = exportDocument(seed, optionsFor('csv'))
    expect([result.contentType, result.extension]).toEqual(['text/csv; charset=utf-8; header=present', 'csv'])
  })

  describe('formula injection (OWASP)', () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1', '＝1+1']
    // Each hostile string in a text column (text, note, an attribute, an author name): every one must be neutralised.
    const text = hostile.join(' ')
    const snapshot: DocumentSnapshot = {
      id: 'hostile',
      title: 'Hostile',
      createdAt: '2026-11-25T10:00:00.000Z',
      source: {},
      factcheck: {},
      text,
      blocks: [{ index: 0, type: 'paragraph', start: 0, end: text.length }],
      invalid: [],
      annotations: hostile.map((value, index) => ({
        id: `a-${index}`,
        type: 'event' as const,
        attrs: { place: value, participants: [value, 'ok'] },
        note: value,
        createdBy: { id: 'u', name: value },
        createdAt: '2026-11-25T10:00:00.000Z',
        updatedAt: '2026-11-25T10:00:00.000Z',
        comments: [],
        links: [],
        review: null,
        history: [],
        state: 'attached' as const,
        start: text.indexOf(value),
        end: text.indexOf(value) + value.length,
        exact: value,
      })),
    }
    const hostileColumns = ['text', 'place', 'participants', 'note', 'author'] as const

    it("prefixes ' to every text cell starting with = + - @, a tab or a CR, by default", () => {
      const rows = readBack(bodyText('csv', snapshot))
      expect(rows.map((row) => hostileColumns.map((column) => row[column]))).toEqual(hostile.map((value) => [`'${value}`, `'${value}`, `'${value}; ok`, `'${value}`, `'${value}`]))
      expect(rows.map((row) => [row.start, row.end, row.comments])).toEqual(snapshot.annotations.map((a) => [String(a.start), String(a.end), '0']))
    })

    it('leaves offsets, counts and harmless text as they are', () => {
      const body = bodyText('csv', snapshot)
      expect(body).toContain("\r\na-2,event,attached,43,47,'-2+3,")
      expect(bodyText('csv', seed)).toBe(bodyText('csv', seed, { csv: 'raw' }))
    })

    it('writes cells exactly as they are with csv=raw', () => {
      const rows = readBack(bodyText('csv', snapshot, { csv: 'raw' }))
      expect(rows.map((row) => hostileColumns.map((column) => row[column]))).toEqual(hostile.map((value) => [value, value, `${value}; ok`, value, value]))
    })

    it('refuses an unknown csv mode, naming the option', () => {
      expect(() => optionsFor('csv', { csv: 'off' })).toThrow('csv must be escape or raw')
    })
  })
})
