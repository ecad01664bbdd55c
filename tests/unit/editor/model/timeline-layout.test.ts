import { describe, expect, it } from 'vitest'
import { annotationRecordSchema, type AnnotationRecord } from '../../../../editor/model/annotation'
import { buildTimeline, type TimelineSource } from '../../../../editor/model/timeline'
import { layoutTimeline, type TimelineLayout, type TimelineLayoutOptions } from '../../../../editor/model/timeline-layout'

const person = { id: 'user-ada', name: 'Ada' }
const TIME = '2026-12-01T10:00:00.000Z'

function event(id: string, date: string, endDate?: string): TimelineSource {
  const attrs: Extract<AnnotationRecord, { type: 'event' }>['attrs'] = endDate ? { date, endDate } : { date }
  const record = annotationRecordSchema.parse({
    id,
    type: 'event',
    attrs,
    start: { tname: 'p' },
    end: { tname: 'p' },
    exact: id,
    createdBy: person,
    createdAt: TIME,
    updatedAt: TIME,
    comments: [],
    links: [],
  })
  return { id, status: 'attached', text: id, record }
}

const OPTIONS: TimelineLayoutOptions = { width: 900, padding: 24, labelWidth: 170, minLabelWidth: 100, labelGap: 6, minBarWidth: 10, gap: 12, minTickSpacing: 40 }

/** Every placed event's extent (bar and label) in its row; fails when two in a row overlap, or one leaves the drawing. */
function expectNoOverlapInRows(layout: TimelineLayout, options: TimelineLayoutOptions, inBounds = true) {
  const extents = layout.events.map((placed) => {
    const labelStart = placed.labelAnchor === 'start' ? placed.labelX : placed.labelX - placed.labelWidth
    return { lane: placed.lane, start: Math.min(placed.x, labelStart), end: Math.max(placed.x + placed.width, labelStart + placed.labelWidth) }
  })
  for (let lane = 0; lane < layout.lanes; lane++) {
    const row = extents.filter((extent) => extent.lane === lane).sort((a, b) => a.start - b.start)
    for (let index = 1; index < row.length; index++) expect(row[index].start).toBeGreaterThanOrEqual(row[index - 1].end + options.gap - 1e-6)
  }
  if (!inBounds) return
  for (const extent of extents) {
    expect(extent.start).toBeGreaterThanOrEqual(options.padding - 1e-6)
    expect(extent.end).toBeLessThanOrEqual(options.width - options.padding + options.minBarWidth)
  }
}

describe('layoutTimeline', () => {
  const seedLike = buildTimeline([
    event('2001', '2001'),
    event('2006', '2006'),
    event('annexation', '2014-02', '2014-03-18'),
    event('crimea', '2014-04'),
    event('syria', '2015-09-30'),
    event('deconfliction', '2015-10'),
    event('june', '2016-06'),
    event('tower', '2016-09'),
    event('master', '2016-09'),
    event('private', '2016-11'),
    event('moscow', '2019-02-27'),
    event('accords', '2020-08'),
  ])

  it('spreads 2001–2020 over the width with a tick per year, bars at their dates, in rows that never overlap', () => {
    const layout = layoutTimeline(seedLike, OPTIONS)
    expect(layout.ticks.map((tick) => tick.year)).toEqual(Array.from({ length: 20 }, (_, index) => 2001 + index))
    expect(layout.ticks[0].x).toBe(24)
    expect(layout.ticks[1].x).toBeCloseTo(24 + 852 / 20, 0)
    const byId = Object.fromEntries(layout.events.map((placed) => [placed.event.id, placed]))
    // A year is a twentieth of the axis; a month at least the narrowest bar.
    expect(byId['2001'].x).toBe(24)
    expect(byId['2001'].width).toBeCloseTo(852 / 20, 0)
    expect(byId.crimea.width).toBe(10)
    expect(byId.tower.lane).not.toBe(byId.master.lane)
    expect(layout.lanes).toBeGreaterThanOrEqual(4)
    expectNoOverlapInRows(layout, OPTIONS)
  })

  it('puts a label after its bar, or before it near the right edge, keeping it on the drawing', () => {
    const layout = layoutTimeline(seedLike, OPTIONS)
    const accords = layout.events.find((placed) => placed.event.id === 'accords')!
    expect(accords).toMatchObject({ labelAnchor: 'end', labelX: accords.x - 6, labelWidth: 170 })
    const first = layout.events.find((placed) => placed.event.id === '2001')!
    expect(first).toMatchObject({ labelAnchor: 'start', labelX: first.x + first.width + 6 })
  })

  it('puts a label where it fits whole, after its bar first; else cuts it to the side with more room', () => {
    const timeline = buildTimeline([event('a', '2001'), event('b', '2018'), event('c', '2020-06')])
    const layout = layoutTimeline(timeline, OPTIONS)
    const byId = Object.fromEntries(layout.events.map((placed) => [placed.event.id, placed]))
    // 2018 ends at 24 + 852 * 18 / 20 = 790.8: 79.2 of room after it, 739 before it.
    expect(byId.b).toMatchObject({ labelAnchor: 'end', labelWidth: 170 })
    expect(byId.a).toMatchObject({ labelAnchor: 'start', labelWidth: 170 })
    // A short label fits after it.
    expect(layoutTimeline(timeline, OPTIONS, () => 50).events.find((placed) => placed.event.id === 'b')).toMatchObject({ labelAnchor: 'start', labelWidth: 50 })
    // On a narrow drawing neither side of 2006 holds 170: it goes before, where there is more room, cut.
    const narrow = layoutTimeline(buildTimeline([event('a', '2001'), event('b', '2006'), event('c', '2010')]), { ...OPTIONS, width: 300 })
    const b = narrow.events.find((placed) => placed.event.id === 'b')!
    expect(b.labelAnchor).toBe('end')
    expect(b.labelWidth).toBeCloseTo(b.x - 6 - 24, 6)
    expect(b.labelWidth).toBeLessThan(170)
    expectNoOverlapInRows(narrow, { ...OPTIONS, width: 300 })
  })

  it('gives each label the room it needs: short labels share rows', () => {
    const full = layoutTimeline(seedLike, OPTIONS)
    const short = layoutTimeline(seedLike, OPTIONS, (event) => event.id.length * 7)
    expect(short.lanes).toBeLessThan(full.lanes)
    expect(short.events.find((placed) => placed.event.id === 'june')!.labelWidth).toBe(28)
    // Never wider than the widest label allowed.
    const widths = layoutTimeline(seedLike, OPTIONS, () => 10_000).events.map((placed) => placed.labelWidth)
    expect(Math.max(...widths)).toBe(170)
    expectNoOverlapInRows(short, OPTIONS)
  })

  it('fewer ticks on a narrow drawing, and no event lost on a tiny one', () => {
    expect(layoutTimeline(seedLike, { ...OPTIONS, width: 420 }).ticks.map((tick) => tick.year)).toEqual([2005, 2010, 2015, 2020])
    const tiny = layoutTimeline(seedLike, { ...OPTIONS, width: 0 })
    expect(tiny.events).toHaveLength(12)
    expectNoOverlapInRows(tiny, OPTIONS, false)
    expect(tiny.lanes).toBe(12)
  })

  it('is empty without dated events', () => {
    expect(layoutTimeline(buildTimeline([]), OPTIONS)).toEqual({ events: [], ticks: [], lanes: 0 })
  })

  it('one event alone spans the axis; many at one instant each get a row', () => {
    const one = layoutTimeline(buildTimeline([event('only', '2016')]), OPTIONS)
    // No room beside it: the label goes over the bar.
    expect(one.events[0]).toMatchObject({ x: 24, width: 852, lane: 0, labelAnchor: 'start', labelX: 24, labelWidth: 170 })
    expect(one.ticks.map((tick) => tick.year)).toEqual([2016])
    const same = layoutTimeline(buildTimeline(Array.from({ length: 50 }, (_, index) => event(`e${index}`, '2016-09-25'))), OPTIONS)
    expect(same.lanes).toBe(50)
    expectNoOverlapInRows(same, OPTIONS)
  })

  it('lays out five thousand events spread over 0000–9999 in rows that never overlap', () => {
    const events = Array.from({ length: 5000 }, (_, index) => event(`e${index}`, String((index * 7919) % 10_000).padStart(4, '0')))
    const began = performance.now()
    const layout = layoutTimeline(buildTimeline(events), { ...OPTIONS, width: 1200 })
    expect(performance.now() - began).toBeLessThan(3000)
    expect(layout.events).toHaveLength(5000)
    expect(layout.ticks.length).toBeLessThanOrEqual(Math.floor((1200 - 48) / 40))
    expect(layout.ticks.map((tick) => tick.year)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 6500, 7000, 7500, 8000, 8500, 9000, 9500])
    expectNoOverlapInRows(layout, { ...OPTIONS, width: 1200 })
  })
})
