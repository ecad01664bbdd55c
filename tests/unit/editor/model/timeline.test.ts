import { describe, expect, it } from 'vitest'
import { annotationRecordSchema, type AnnotationLink, type AnnotationRecord, type Verdict } from '../../../../editor/model/annotation'
import { resolveAnnotations } from '../../../../editor/model/resolve-annotations'
import {
  assignLanes,
  buildTimeline,
  describeEventDates,
  describeLinkedClaims,
  describePartialDate,
  eventRange,
  partialDatePeriod,
  toneOfVerdicts,
  fitLabel,
  yearStart,
  yearTicks,
  type TimelineSource,
} from '../../../../editor/model/timeline'
import { readContent } from '../../../../editor/yjs/document-content'
import { buildFixtureDoc, readFixtureSpec } from '../export/support/fixtures'

const utc = (iso: string) => Date.parse(`${iso}T00:00:00.000Z`)
const DAY = 86_400_000
const characterCount = (text: string) => Array.from(text).length
const person = { id: 'user-ada', name: 'Ada' }
const TIME = '2026-12-01T10:00:00.000Z'
const anchor = { tname: 'prosemirror' }

function link(type: AnnotationLink['type'], target: string, id = `${type}-${target}`): AnnotationLink {
  return { id, type, target, createdBy: person, createdAt: TIME }
}

function record(id: string, text: string, links: AnnotationLink[], typed: { type: AnnotationRecord['type']; attrs: Record<string, unknown> }): AnnotationRecord {
  // Through the schema, as records are read: fields added to records later get their defaults.
  return annotationRecordSchema.parse({ id, start: anchor, end: anchor, exact: text, createdBy: person, createdAt: TIME, updatedAt: TIME, comments: [], links, ...typed })
}

/** An attached event as the annotation plugin lists it. */
function event(id: string, attrs: Extract<AnnotationRecord, { type: 'event' }>['attrs'] = {}, links: AnnotationLink[] = [], text = `words of ${id}`): TimelineSource {
  return { id, status: 'attached', text, record: record(id, text, links, { type: 'event', attrs }) }
}

function claim(id: string, verdict: Verdict | undefined, links: AnnotationLink[] = []): TimelineSource {
  return { id, status: 'attached', text: id, record: record(id, id, links, { type: 'claim', attrs: verdict === undefined ? {} : { verdict } }) }
}

function quote(id: string, links: AnnotationLink[] = []): TimelineSource {
  return { id, status: 'attached', text: id, record: record(id, id, links, { type: 'quote', attrs: { date: '2016' } }) }
}

describe('partialDatePeriod', () => {
  it('spans a whole year, month or day', () => {
    expect(partialDatePeriod('2016')).toEqual({ start: utc('2016-01-01'), end: utc('2017-01-01') })
    expect(partialDatePeriod('2016-09')).toEqual({ start: utc('2016-09-01'), end: utc('2016-10-01') })
    expect(partialDatePeriod('2016-12')).toEqual({ start: utc('2016-12-01'), end: utc('2017-01-01') })
    expect(partialDatePeriod('2016-09-25')).toEqual({ start: utc('2016-09-25'), end: utc('2016-09-26') })
    expect(partialDatePeriod('2016-12-31')).toEqual({ start: utc('2016-12-31'), end: utc('2017-01-01') })
  })

  it('counts leap years: February 2016 and 2000 have 29 days, 2019 and 1900 28; 2016 has 366 days', () => {
    const days = (value: string) => {
      const period = partialDatePeriod(value)!
      return (period.end - period.start) / DAY
    }
    expect([days('2016-02'), days('2000-02'), days('2019-02'), days('1900-02')]).toEqual([29, 29, 28, 28])
    expect([days('2016'), days('2019'), days('2000'), days('1900')]).toEqual([366, 365, 366, 365])
    expect(partialDatePeriod('2016-02-29')).toEqual({ start: utc('2016-02-29'), end: utc('2016-03-01') })
  })

  it('is null for anything but a valid partial date', () => {
    for (const value of ['', '2016-13', '2016-02-30', '2019-02-29', '16', '2016-9', '2016/09', ' 2016', '2016-09-25T10:00', '+2016', '-0001', 'NaN']) {
      expect(partialDatePeriod(value), value).toBeNull()
    }
  })

  it('is exact for years 0000 to 0099 and up to 9999 (Date.UTC would read 0001 as 1901)', () => {
    expect(partialDatePeriod('0001')!.start).toBe(new Date('0001-01-01T00:00:00.000Z').getTime())
    expect(partialDatePeriod('0099-12-31')!.start).toBe(new Date('0099-12-31T00:00:00.000Z').getTime())
    expect(partialDatePeriod('0000')).toEqual({ start: new Date('0000-01-01T00:00:00.000Z').getTime(), end: new Date('0001-01-01T00:00:00.000Z').getTime() })
    expect(partialDatePeriod('9999-12')).toEqual({ start: new Date('9999-12-01T00:00:00.000Z').getTime(), end: new Date('+010000-01-01T00:00:00.000Z').getTime() })
    expect(yearStart(1970)).toBe(0)
  })
})

describe('eventRange', () => {
  it('runs from the start of date to the end of endDate, each at its own precision', () => {
    expect(eventRange('2014-02', '2014-03-18')).toEqual({ start: utc('2014-02-01'), end: utc('2014-03-19') })
    expect(eventRange('2016', '2018')).toEqual({ start: utc('2016-01-01'), end: utc('2019-01-01') })
    expect(eventRange('2016-09-25', '2016-10')).toEqual({ start: utc('2016-09-25'), end: utc('2016-11-01') })
    // A coarser date with a finer end inside it: the end bounds it.
    expect(eventRange('2016', '2016-03')).toEqual({ start: utc('2016-01-01'), end: utc('2016-04-01') })
  })

  it('is the date alone without endDate, or with one that is invalid or over before date begins', () => {
    const alone = { start: utc('2016-09-01'), end: utc('2016-10-01') }
    expect(eventRange('2016-09', undefined)).toEqual(alone)
    expect(eventRange('2016-09', 'someday')).toEqual(alone)
    expect(eventRange('2016-09', '2015')).toEqual(alone)
    expect(eventRange('2016-09', '2016-08-31')).toEqual(alone)
  })

  it('is null (undated) without a valid date, even with an endDate', () => {
    expect(eventRange(undefined, undefined)).toBeNull()
    expect(eventRange(undefined, '2016')).toBeNull()
    expect(eventRange('2016-02-30', '2017')).toBeNull()
    expect(eventRange('late 2016', undefined)).toBeNull()
  })
})

describe('toneOfVerdicts: the worst verdict of the linked claims', () => {
  it('ranks false > misleading > disputed > unverifiable > supported, unreviewed and none neutral', () => {
    expect(toneOfVerdicts([])).toBe('neutral')
    expect(toneOfVerdicts(['unreviewed', 'unreviewed'])).toBe('neutral')
    expect(toneOfVerdicts(['supported', 'unreviewed'])).toBe('supported')
    expect(toneOfVerdicts(['supported', 'unverifiable'])).toBe('unverifiable')
    expect(toneOfVerdicts(['unverifiable', 'disputed', 'supported'])).toBe('disputed')
    expect(toneOfVerdicts(['disputed', 'misleading'])).toBe('misleading')
    expect(toneOfVerdicts(['supported', 'false', 'misleading', 'disputed'])).toBe('false')
  })

  it('says which claims are linked, worst first', () => {
    const claims = (['unreviewed', 'supported', 'false', 'supported'] as const).map((verdict, index) => ({ id: `c${index}`, verdict }))
    expect(describeLinkedClaims(claims)).toBe('1 false, 2 supported, 1 unreviewed')
    expect(describeLinkedClaims([])).toBe('')
  })
})

describe('buildTimeline', () => {
  it('sorts dated events by start, then document order; undated ones apart in document order; quotes and claims left out', () => {
    const timeline = buildTimeline([
      event('e-2016-09', { date: '2016-09' }),
      event('e-undated-1'),
      event('e-2014', { date: '2014' }),
      quote('q-2016'),
      event('e-2016-09-a', { date: '2016-09' }),
      event('e-2016', { date: '2016' }),
      claim('c', 'false'),
      event('e-end-only', { endDate: '2017' }),
      event('e-2001', { date: '2001-03-04' }),
    ])
    expect(timeline.dated.map((e) => e.id)).toEqual(['e-2001', 'e-2014', 'e-2016', 'e-2016-09', 'e-2016-09-a'])
    expect(timeline.undated.map((e) => e.id)).toEqual(['e-undated-1', 'e-end-only'])
    expect(timeline.axis).toEqual({ startYear: 2001, endYear: 2017, range: { start: utc('2001-01-01'), end: utc('2017-01-01') } })
  })

  it('counts an event whose date does not validate (a record no schema checked) as undated, and ignores such an endDate', () => {
    const rogue = event('rogue', { date: '2016' })
    ;(rogue.record.attrs as Record<string, unknown>).date = '2016-02-30'
    const badEnd = event('bad-end', { date: '2016' })
    ;(badEnd.record.attrs as Record<string, unknown>).endDate = 'forever'
    const timeline = buildTimeline([rogue, badEnd])
    expect(timeline.undated.map((e) => e.id)).toEqual(['rogue'])
    expect(timeline.dated.map((e) => [e.id, e.range])).toEqual([['bad-end', { start: utc('2016-01-01'), end: utc('2017-01-01') }]])
  })

  it('ends the axis with the year of the last instant: an event ending exactly on 1 January does not add a year', () => {
    expect(buildTimeline([event('a', { date: '2001' }), event('b', { date: '2020-12-31' })]).axis).toMatchObject({ startYear: 2001, endYear: 2021 })
    expect(buildTimeline([event('a', { date: '2001', endDate: '2001' })]).axis).toMatchObject({ startYear: 2001, endYear: 2002 })
    expect(buildTimeline([event('a', { date: '2014-02', endDate: '2016-03-18' })]).axis).toMatchObject({ startYear: 2014, endYear: 2017 })
    expect(buildTimeline([event('a')]).axis).toBeNull()
    expect(buildTimeline([])).toEqual({ dated: [], undated: [], axis: null })
  })

  it('calls an event by its summary, else by its words (the words it was tagged on when detached)', () => {
    const detached: TimelineSource = { ...event('gone', { date: '2019-02-07' }, [], ''), status: 'detached' }
    ;(detached.record as { exact: string }).exact = 'the Deputy Foreign Minister urged'
    const timeline = buildTimeline([
      event('a', { date: '2016', summary: '  Trump Tower meeting ' }, [], 'a meeting at Trump Tower'),
      event('b', { date: '2017', summary: '   ' }),
      detached,
    ])
    expect(timeline.dated.map((e) => [e.id, e.label, e.text, e.status])).toEqual([
      ['a', 'Trump Tower meeting', 'a meeting at Trump Tower', 'attached'],
      ['b', 'words of b', 'words of b', 'attached'],
      ['gone', 'the Deputy Foreign Minister urged', 'the Deputy Foreign Minister urged', 'detached'],
    ])
  })

  it('colours an event by the claims linked to it either way, each claim once; other links and broken ones count for nothing', () => {
    const timeline = buildTimeline([
      claim('c-false', 'false', [link('mentions', 'e-in')]),
      claim('c-supported', 'supported'),
      claim('c-misleading', 'misleading'),
      claim('c-unreviewed', undefined),
      quote('q', [link('supports', 'e-quote-only')]),
      event('e-in', { date: '2001' }),
      event('e-out', { date: '2002' }, [link('mentions', 'c-supported'), link('cites', 'c-supported'), link('mentions', 'c-misleading')]),
      event('e-unreviewed', { date: '2003' }, [link('mentions', 'c-unreviewed')]),
      event('e-quote-only', { date: '2004' }),
      event('e-broken', { date: '2005' }, [link('mentions', 'deleted-claim')]),
      event('e-events', { date: '2006' }, [link('same-event-as', 'e-in')]),
    ])
    const tones = Object.fromEntries(timeline.dated.map((e) => [e.id, [e.tone, e.claims.map((c) => `${c.id}:${c.verdict}`)]]))
    expect(tones).toEqual({
      'e-in': ['false', ['c-false:false']],
      'e-out': ['misleading', ['c-supported:supported', 'c-misleading:misleading']],
      'e-unreviewed': ['neutral', ['c-unreviewed:unreviewed']],
      'e-quote-only': ['neutral', []],
      'e-broken': ['neutral', []],
      'e-events': ['neutral', []],
    })
  })

  it('builds the seed article’s timeline: its events from 2006 to 2020 in order, the caption’s meeting undated', () => {
    const ydoc = buildFixtureDoc(readFixtureSpec('seed-annotations.json'))
    const { annotations } = resolveAnnotations(ydoc, readContent(ydoc))
    const timeline = buildTimeline(annotations)
    expect(timeline.dated.map((e) => [e.id, e.date])).toEqual([
      ['ev-zhirinovsky-visit', '2006'],
      ['ev-annexation', '2014-02'],
      ['ev-crimea-stance', '2014-04'],
      ['ev-syria-intervention', '2015-09-30'],
      ['ev-deconfliction', '2015-10'],
      ['ev-june-2016-meeting', '2016-06'],
      ['ev-trump-tower', '2016-09'],
      ['ev-master-class', '2016-09'],
      ['ev-private-meeting', '2016-11'],
      ['ev-airstrikes-warning', '2019-02-07'],
      ['ev-moscow-meeting', '2019-02-27'],
      ['ev-abraham-accords', '2020-08'],
    ])
    // The fixture's edits deleted the words of the airstrikes warning: it stays on the timeline, detached.
    expect(timeline.dated.find((e) => e.id === 'ev-airstrikes-warning')?.status).toBe('detached')
    expect(timeline.undated.map((e) => e.id)).toEqual(['ev-caption-meeting'])
    expect(timeline.axis).toMatchObject({ startYear: 2006, endYear: 2021 })
  })

  it('keeps hostile text as it is (the view renders it as text): markup, bidi controls, the longest summary', () => {
    const hostile = '<img src=x onerror="alert(1)">\u202Egnp.exe' + 'x'.repeat(1960)
    const [only] = buildTimeline([event('h', { date: '2016', summary: hostile })]).dated
    expect(only.label).toBe(hostile)
    expect(fitLabel(only.label, 30, characterCount)).toBe('<img src=x onerror="alert(1)"…')
  })

  it('handles ten thousand events, absurd years 0000 and 9999 included, in a few seconds at most (a slow machine included)', () => {
    const sources: TimelineSource[] = [event('first', { date: '0000-02-29' }), event('bc-leap', { date: '0000' }), event('last', { date: '9999-12-31' })]
    for (let index = 0; index < 10_000; index++) sources.push(event(`e${index}`, index % 7 === 0 ? {} : { date: String(1000 + ((index * 7919) % 9000)).padStart(4, '0') }))
    const began = performance.now()
    const timeline = buildTimeline(sources)
    const { count } = assignLanes(timeline.dated.map((e) => ({ start: e.range.start, end: e.range.end + 365 * DAY })))
    expect(performance.now() - began).toBeLessThan(3000)
    // Year 0000 is a leap year (proleptic Gregorian): 29 February 0000 is a date, after 1 January 0000.
    expect(timeline.dated.slice(0, 2).map((e) => e.id)).toEqual(['bc-leap', 'first'])
    expect(timeline.dated.at(-1)!.id).toBe('last')
    expect(timeline.axis).toMatchObject({ startYear: 0, endYear: 10_000 })
    expect(timeline.dated.length + timeline.undated.length).toBe(10_003)
    for (let index = 1; index < timeline.dated.length; index++) expect(timeline.dated[index - 1].range.start <= timeline.dated[index].range.start).toBe(true)
    expect(count).toBeGreaterThan(0)
    expect(count).toBeLessThan(20)
    const ticks = yearTicks(0, 10_000, 12)
    expect(ticks.map((tick) => tick.year)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000])
  })
})

describe('yearTicks', () => {
  it('labels every year when they fit: 2001 to 2020', () => {
    const ticks = yearTicks(2001, 2021, 24)
    expect(ticks.map((tick) => tick.year)).toEqual(Array.from({ length: 20 }, (_, index) => 2001 + index))
    expect(ticks[0].at).toBe(utc('2001-01-01'))
  })

  it('steps by 2, 5, 10, 20, 50… on multiples of the step when they do not, never more than asked', () => {
    expect(yearTicks(2001, 2021, 10).map((tick) => tick.year)).toEqual([2002, 2004, 2006, 2008, 2010, 2012, 2014, 2016, 2018, 2020])
    expect(yearTicks(2001, 2021, 5).map((tick) => tick.year)).toEqual([2005, 2010, 2015, 2020])
    expect(yearTicks(1900, 2021, 8).map((tick) => tick.year)).toEqual([1900, 1920, 1940, 1960, 1980, 2000, 2020])
    expect(yearTicks(2016, 2017, 1).map((tick) => tick.year)).toEqual([2016])
    for (const [start, end, max] of [
      [0, 10_000, 3],
      [1234, 9876, 7],
      [2001, 2021, 1],
      [0, 10_000, 0],
      [0, 10_000, Number.NaN],
    ]) {
      expect(yearTicks(start, end, max).length).toBeLessThanOrEqual(Math.max(1, max || 1))
    }
  })

  it('is empty for an empty or nonsensical axis', () => {
    expect(yearTicks(2016, 2016, 10)).toEqual([])
    expect(yearTicks(2017, 2016, 10)).toEqual([])
    expect(yearTicks(0, Infinity, 10)).toEqual([])
  })
})

describe('assignLanes', () => {
  const range = (start: number, end: number) => ({ start, end })

  it('puts overlapping ranges in different rows and reuses the lowest free row', () => {
    expect(assignLanes([range(0, 10), range(5, 15), range(10, 20), range(12, 14), range(30, 40)])).toEqual({ lanes: [0, 1, 0, 2, 0], count: 3 })
    // Touching ranges ([0,10) and [10,20)) share a row; with a gap they do not.
    expect(assignLanes([range(0, 10), range(10, 20)])).toEqual({ lanes: [0, 0], count: 1 })
    expect(assignLanes([range(0, 10), range(10, 20)], 1)).toEqual({ lanes: [0, 1], count: 2 })
  })

  it('takes ranges in the order given: a later one fits into a hole before what a row holds', () => {
    // A label before its bar starts earlier than the bar: [50, 60) fits before [70, 80) in row 0.
    expect(assignLanes([range(0, 20), range(70, 80), range(30, 90), range(50, 60)], 5)).toEqual({ lanes: [0, 0, 1, 0], count: 2 })
    expect(assignLanes([range(0, 20), range(70, 80), range(18, 60)], 5)).toEqual({ lanes: [0, 0, 1], count: 2 })
  })

  it('never overlaps two ranges in a row, on many random ranges in any order', () => {
    let seed = 7
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    const ranges = Array.from({ length: 3000 }, () => {
      const start = Math.floor(random() * 10_000)
      return range(start, start + 1 + Math.floor(random() * 300))
    })
    const { lanes, count } = assignLanes(ranges, 7)
    const rows = Array.from({ length: count }, () => [] as Array<{ start: number; end: number }>)
    ranges.forEach((r, index) => rows[lanes[index]].push(r))
    for (const row of rows) {
      row.sort((a, b) => a.start - b.start)
      for (let index = 1; index < row.length; index++) expect(row[index].start).toBeGreaterThanOrEqual(row[index - 1].end + 7)
    }
    // First fit: a range in row n > 0 did not fit in any row above it when it came.
    expect(count).toBeLessThan(100)
  })

  it('gives five thousand ranges at one instant a row each, quickly', () => {
    const began = performance.now()
    expect(assignLanes(Array.from({ length: 5000 }, () => range(0, 1))).count).toBe(5000)
    expect(performance.now() - began).toBeLessThan(3000)
  })
})

describe('describing dates and labels', () => {
  it('reads partial dates and ranges as people do', () => {
    expect(['2016', '2016-09', '2016-09-05', '0000', 'soon'].map(describePartialDate)).toEqual(['2016', 'Sep 2016', '5 Sep 2016', '0000', 'soon'])
    expect(describeEventDates('2014-02', '2014-03-18')).toBe('Feb 2014 – 18 Mar 2014')
    expect(describeEventDates('2016-09', undefined)).toBe('Sep 2016')
    expect(describeEventDates('2016-09', '2016-09')).toBe('Sep 2016')
    expect(describeEventDates('2016-09', '2015')).toBe('Sep 2016')
    expect(describeEventDates('2016-09', 'bad')).toBe('Sep 2016')
  })

  it('fits a label to a width, cutting between code points and collapsing white space', () => {
    expect(fitLabel('short', 10, characterCount)).toBe('short')
    expect(fitLabel('  two\n\nlines  ', 20, characterCount)).toBe('two lines')
    expect(fitLabel('In 2006, Vladimir Zhirinovsky visiting', 12, characterCount)).toBe('In 2006, Vl…')
    // No space before the ellipsis: "In 2006, " is cut to "In 2006,…".
    expect(fitLabel('In 2006, Vladimir', 10, characterCount)).toBe('In 2006,…')
    expect(fitLabel('👍🏽👍🏽👍🏽👍🏽', 3, characterCount)).toBe('👍🏽…')
    expect(fitLabel('abc', 0, characterCount)).toBe('…')
    // Wide letters take more room: a width measure, not a count.
    const wide = (text: string) => Array.from(text).reduce((sum, c) => sum + (c === 'W' ? 3 : 1), 0)
    expect(fitLabel('WWWWabcd', 8, wide)).toBe('WW…')
  })
})
