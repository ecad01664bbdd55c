import type { AnnotationRecord, Verdict } from './annotation'
import { indexLinks } from './annotation-links'
import { isPartialDate } from './partial-date'
import type { ResolvedAnnotation } from './resolve-annotations'

/** Milliseconds in a day. Instants on the timeline are UTC milliseconds, proleptic Gregorian. */
const DAY_MS = 86_400_000

/** A `[start, end)` span of time in UTC milliseconds. */
export interface TimeRange {
  start: number
  end: number
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (month 1–12; a day or month past the end
 * rolls over). Exact for every year 0000–9999, unlike `Date.UTC`, which reads years 0–99 as 1900–1999.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const shifted = month <= 2 ? year - 1 : year
  const era = Math.floor(shifted / 400)
  const yearOfEra = shifted - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/** The instant 1 January of `year` begins. */
export function yearStart(year: number): number {
  return daysFromCivil(year, 1, 1) * DAY_MS
}

/**
 * The period a partial ISO date stands for: `2016` the whole year, `2016-02` the whole month (29
 * days in a leap year), `2016-09-25` the whole day. Null when it is not a valid partial date.
 */
export function partialDatePeriod(value: string): TimeRange | null {
  if (!isPartialDate(value)) return null
  const [year, month, day] = value.split('-').map(Number)
  if (month === undefined) return { start: yearStart(year), end: yearStart(year + 1) }
  if (day === undefined) return { start: daysFromCivil(year, month, 1) * DAY_MS, end: daysFromCivil(year, month + 1, 1) * DAY_MS }
  const start = daysFromCivil(year, month, day) * DAY_MS
  return { start, end: start + DAY_MS }
}

/**
 * An event's time on the axis: from the start of `date`'s period to the end of `endDate`'s, or of
 * `date`'s own period when `endDate` is missing, invalid or ends before `date` begins. Null (the
 * event is undated) when `date` is missing or invalid; an `endDate` without a `date` dates nothing.
 */
export function eventRange(date: string | undefined, endDate: string | undefined): TimeRange | null {
  const period = date === undefined ? null : partialDatePeriod(date)
  if (!period) return null
  const until = endDate === undefined ? null : partialDatePeriod(endDate)
  return until && until.end > period.start ? { start: period.start, end: until.end } : period
}

/**
 * What colours an event: the worst verdict among the claims linked to it, worst first. Claims
 * that are unreviewed, or no linked claim at all, leave it `neutral`.
 */
export const TIMELINE_TONES = ['false', 'misleading', 'disputed', 'unverifiable', 'supported', 'neutral'] as const
export type TimelineTone = (typeof TIMELINE_TONES)[number]

/**
 * The tone of an event from the verdicts of its linked claims: `false` beats `misleading`, which
 * beats `disputed`, then `unverifiable`, then `supported`; `unreviewed` counts for nothing.
 */
export function toneOfVerdicts(verdicts: Iterable<Verdict>): TimelineTone {
  let best = TIMELINE_TONES.indexOf('neutral')
  for (const verdict of verdicts) {
    const rank = (TIMELINE_TONES as readonly string[]).indexOf(verdict)
    if (rank >= 0 && rank < best) best = rank
  }
  return TIMELINE_TONES[best]
}

/** A claim linked to an event (either end of the link), with its verdict. */
export interface LinkedClaim {
  id: string
  verdict: Verdict
}

const VERDICT_ORDER: readonly Verdict[] = ['false', 'misleading', 'disputed', 'unverifiable', 'supported', 'unreviewed']

/** The claims linked to an event in short, worst verdict first: "1 false, 2 supported, 1 unreviewed"; "" for none. */
export function describeLinkedClaims(claims: readonly LinkedClaim[]): string {
  const counts = new Map<Verdict, number>()
  for (const claim of claims) counts.set(claim.verdict, (counts.get(claim.verdict) ?? 0) + 1)
  return VERDICT_ORDER.filter((verdict) => counts.has(verdict))
    .map((verdict) => `${counts.get(verdict)} ${verdict}`)
    .join(', ')
}

/** One event of the timeline, dated or not. */
export interface TimelineEvent {
  id: string
  /** What to call it: its `summary`, else the words of its span (those it was tagged on when detached). */
  label: string
  /** The words of its span, or those it was tagged on when detached. */
  text: string
  date?: string
  endDate?: string
  status: ResolvedAnnotation['status']
  /** Claims linked to it either way, each once, in document order. */
  claims: LinkedClaim[]
  tone: TimelineTone
}

/** An event with a valid date, and its place on the axis. */
export interface DatedEvent extends TimelineEvent {
  range: TimeRange
}

/** The document's events on a time axis. */
export interface Timeline {
  /** By start, then document order. */
  dated: DatedEvent[]
  /** Events without a valid `date`, in document order. */
  undated: TimelineEvent[]
  /** Whole years from the first start to the last end (`endYear` exclusive); null when nothing is dated. */
  axis: { startYear: number; endYear: number; range: TimeRange } | null
}

/** What the timeline reads of an annotation (a {@link ResolvedAnnotation} has it all). */
export type TimelineSource = Pick<ResolvedAnnotation, 'id' | 'status' | 'text'> & { record: AnnotationRecord }

/** The UTC year an instant falls in. */
function yearOf(instant: number): number {
  return new Date(instant).getUTCFullYear()
}

function linkedClaims(id: string, ends: ReturnType<typeof indexLinks>, claims: ReadonlyMap<string, { verdict: Verdict; order: number }>): LinkedClaim[] {
  const found = new Map<string, LinkedClaim & { order: number }>()
  for (const end of ends.get(id) ?? []) {
    const claim = claims.get(end.other)
    if (claim && !found.has(end.other)) found.set(end.other, { id: end.other, ...claim })
  }
  return [...found.values()].sort((a, b) => a.order - b.order).map(({ id: claimId, verdict }) => ({ id: claimId, verdict }))
}

/**
 * The timeline of a document's annotations (given in document order): its events, the dated ones
 * sorted by start then document order, the undated ones apart, each coloured by the verdicts of
 * the claims linked to it in either direction. Links to deleted annotations count for nothing.
 */
export function buildTimeline(annotations: readonly TimelineSource[]): Timeline {
  const claims = new Map<string, { verdict: Verdict; order: number }>()
  annotations.forEach(({ record }, order) => {
    if (record.type === 'claim') claims.set(record.id, { verdict: record.attrs.verdict ?? 'unreviewed', order })
  })
  const links = indexLinks(annotations.map((annotation) => annotation.record))
  const dated: Array<DatedEvent & { order: number }> = []
  const undated: TimelineEvent[] = []
  annotations.forEach((annotation, order) => {
    const { record } = annotation
    if (record.type !== 'event') return
    const text = annotation.status === 'attached' ? annotation.text : record.exact
    const linked = linkedClaims(record.id, links, claims)
    const { date, endDate, summary } = record.attrs
    const event: TimelineEvent = {
      id: record.id,
      label: summary?.trim() || text,
      text,
      ...(date === undefined ? {} : { date }),
      ...(endDate === undefined ? {} : { endDate }),
      status: annotation.status,
      claims: linked,
      tone: toneOfVerdicts(linked.map((claim) => claim.verdict)),
    }
    const range = eventRange(date, endDate)
    if (range) dated.push({ ...event, range, order })
    else undated.push(event)
  })
  dated.sort((a, b) => a.range.start - b.range.start || a.order - b.order)
  let axis: Timeline['axis'] = null
  if (dated.length > 0) {
    const startYear = yearOf(dated[0].range.start)
    // The last instant of the last event (end is exclusive) decides the last year shown.
    const lastEnd = dated.reduce((latest, event) => Math.max(latest, event.range.end), -Infinity)
    const endYear = yearOf(lastEnd - 1) + 1
    axis = { startYear, endYear, range: { start: yearStart(startYear), end: yearStart(endYear) } }
  }
  return { dated: dated.map(({ order: _order, ...event }) => event), undated, axis }
}

/** A labelled year on the axis. */
export interface YearTick {
  year: number
  at: number
}

const TICK_STEPS = [1, 2, 5]

/**
 * Ticks at the start of years from `startYear` to `endYear` (exclusive), every 1, 2, 5, 10, 20,
 * 50… years: the smallest step giving at most `maxTicks` (at least 1), on multiples of the step.
 */
export function yearTicks(startYear: number, endYear: number, maxTicks: number): YearTick[] {
  if (!Number.isSafeInteger(startYear) || !Number.isSafeInteger(endYear) || endYear <= startYear) return []
  const limit = Math.max(1, Math.floor(maxTicks) || 1)
  const years = endYear - startYear
  let step = 1
  for (let scale = 1; ; scale *= 10) {
    const fitting = TICK_STEPS.map((factor) => factor * scale).find((candidate) => Math.ceil(years / candidate) <= limit)
    if (fitting !== undefined) {
      step = fitting
      break
    }
  }
  const ticks: YearTick[] = []
  for (let year = Math.ceil(startYear / step) * step; year < endYear && ticks.length < limit; year += step) ticks.push({ year, at: yearStart(year) })
  return ticks
}

/** The ranges of one row, sorted and apart: their starts and ends, each ascending. */
interface Row {
  starts: number[]
  ends: number[]
}

/** Index of the first of `sorted` at or after `value`. */
function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (sorted[middle] < value) low = middle + 1
    else high = middle
  }
  return low
}

/** True when `range` fits in `row` with at least `gap` free on each side. */
function fitsIn(row: Row, range: TimeRange, gap: number): boolean {
  const index = firstAtOrAfter(row.starts, range.start)
  if (index > 0 && row.ends[index - 1] + gap > range.start) return false
  return index === row.starts.length || range.end + gap <= row.starts[index]
}

/**
 * Rows for ranges so that no two in a row overlap or come closer than `gap`: each range, in the
 * order given (time order keeps the rows reading top-down in time), goes into the lowest row it
 * fits in. Returns each range's row and the row count.
 */
export function assignLanes(ranges: readonly TimeRange[], gap = 0): { lanes: number[]; count: number } {
  const rows: Row[] = []
  const lanes = ranges.map((range) => {
    let lane = rows.findIndex((row) => fitsIn(row, range, gap))
    if (lane < 0) lane = rows.push({ starts: [], ends: [] }) - 1
    const row = rows[lane]
    const index = firstAtOrAfter(row.starts, range.start)
    row.starts.splice(index, 0, range.start)
    row.ends.splice(index, 0, range.end)
    return lane
  })
  return { lanes, count: rows.length }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** A partial date as people read it: `2016`, `Sep 2016`, `25 Sep 2016`; the value itself when invalid. */
export function describePartialDate(value: string): string {
  if (!isPartialDate(value)) return value
  const [year, month, day] = value.split('-')
  if (month === undefined) return year
  const monthName = MONTHS[Number(month) - 1]
  return day === undefined ? `${monthName} ${year}` : `${Number(day)} ${monthName} ${year}`
}

/** An event's dates as people read them: `Feb 2014 – 18 Mar 2014`, or `date` alone when `endDate` does not count (see {@link eventRange}). */
export function describeEventDates(date: string, endDate: string | undefined): string {
  const period = partialDatePeriod(date)
  const until = endDate === undefined ? null : partialDatePeriod(endDate)
  if (!period || !until || until.end <= period.start || endDate === date) return describePartialDate(date)
  return `${describePartialDate(date)} – ${describePartialDate(endDate!)}`
}

/**
 * The longest start of `text` (white space collapsed) that, with an ellipsis when cut, is at most
 * `maxWidth` wide by `measure`; cut between code points, so no emoji or astral letter is split.
 */
export function fitLabel(text: string, maxWidth: number, measure: (text: string) => number): string {
  const collapsed = text.replace(/\s+/g, ' ').trim()
  if (measure(collapsed) <= maxWidth) return collapsed
  const characters = Array.from(collapsed)
  const cut = (count: number) => characters.slice(0, count).join('').trimEnd() + '…'
  let low = 0
  let high = characters.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (measure(cut(middle)) <= maxWidth) low = middle
    else high = middle - 1
  }
  return cut(low)
}
