import { assignLanes, yearTicks, type DatedEvent, type Timeline, type YearTick } from './timeline'

/** Sizes of a drawn timeline, in pixels. */
export interface TimelineLayoutOptions {
  /** The drawing's width. */
  width: number
  /** Room left free at each side of the axis. */
  padding: number
  /** The widest a label may be (a longer one is cut to it). */
  labelWidth: number
  /** The least room worth putting a label in, cut, after its bar; with less it goes before the bar. */
  minLabelWidth: number
  /** Room between a bar and its label. */
  labelGap: number
  /** The narrowest bar: a day on a long axis is still a dot one can click. */
  minBarWidth: number
  /** Free room between two events in a row. */
  gap: number
  /** The least room between two year ticks. */
  minTickSpacing: number
}

/** A dated event placed on the drawing. */
export interface PlacedEvent {
  event: DatedEvent
  /** Its bar: left edge and width. */
  x: number
  width: number
  /** Its row, 0 on top. */
  lane: number
  /**
   * Its label's room (its own width, or less when it must be cut to fit), and where it is anchored:
   * from `labelX` rightwards (`start`, after the bar), or ending at `labelX` (`end`, before the bar).
   */
  labelWidth: number
  labelX: number
  labelAnchor: 'start' | 'end'
}

/** A year tick placed on the drawing. */
export interface PlacedTick extends YearTick {
  x: number
}

/** A timeline laid out for drawing. */
export interface TimelineLayout {
  events: PlacedEvent[]
  ticks: PlacedTick[]
  /** How many rows the events take. */
  lanes: number
}

/**
 * Where a label goes beside its bar: after it when it fits there whole, else before it when it
 * fits there whole, else on the side with more room, cut to it, when that is at least
 * `minLabelWidth`; else (a bar across most of the axis) over the bar.
 */
function placeLabel(x: number, barEnd: number, wanted: number, options: TimelineLayoutOptions, right: number) {
  const { labelGap, padding, minLabelWidth } = options
  const after = right - (barEnd + labelGap)
  const before = x - labelGap - padding
  const placeAfter = (labelWidth: number) => ({ labelX: barEnd + labelGap, labelAnchor: 'start' as const, labelWidth, extent: { start: x, end: barEnd + labelGap + labelWidth } })
  const placeBefore = (labelWidth: number) => ({ labelX: x - labelGap, labelAnchor: 'end' as const, labelWidth, extent: { start: x - labelGap - labelWidth, end: barEnd } })
  if (after >= wanted) return placeAfter(wanted)
  if (before >= wanted) return placeBefore(wanted)
  if (Math.max(after, before) >= minLabelWidth) return after >= before ? placeAfter(after) : placeBefore(before)
  const labelX = Math.max(padding, x)
  const labelWidth = Math.max(0, Math.min(wanted, right - labelX))
  return { labelX, labelAnchor: 'start' as const, labelWidth, extent: { start: x, end: Math.max(barEnd, labelX + labelWidth) } }
}

/**
 * Places a timeline's dated events on a horizontal axis `options.width` wide: each event a bar
 * from its start to its end (at least `minBarWidth`) with its label after it — before it near
 * the right edge; events whose bars or labels would overlap go in separate rows; year ticks at
 * least `minTickSpacing` apart. `labelWidthOf` gives each label's own width (at most `labelWidth`);
 * a label placed in less room than that must be cut to its `labelWidth`.
 */
export function layoutTimeline(timeline: Timeline, options: TimelineLayoutOptions, labelWidthOf: (event: DatedEvent) => number = () => options.labelWidth): TimelineLayout {
  const { axis } = timeline
  if (!axis) return { events: [], ticks: [], lanes: 0 }
  const { padding, minBarWidth, gap, minTickSpacing } = options
  const width = Math.max(options.width, 2 * padding + minBarWidth)
  const plotWidth = width - 2 * padding
  const span = axis.range.end - axis.range.start
  const scale = (instant: number) => padding + ((instant - axis.range.start) / span) * plotWidth
  const right = width - padding

  const placed = timeline.dated.map((event) => {
    const x = scale(event.range.start)
    const barWidth = Math.max(minBarWidth, scale(event.range.end) - x)
    const wanted = Math.max(0, Math.min(options.labelWidth, labelWidthOf(event)))
    return { event, x, width: barWidth, ...placeLabel(x, x + barWidth, wanted, options, right) }
  })
  // Rows are filled in time order, so they read top-down in time.
  const { lanes, count } = assignLanes(
    placed.map((event) => event.extent),
    gap,
  )

  // A step of s years puts ticks s * plotWidth / years apart: at most plotWidth / minTickSpacing steps fit.
  const maxTicks = Math.floor(plotWidth / Math.max(1, minTickSpacing))
  const ticks = yearTicks(axis.startYear, axis.endYear, maxTicks).map((tick) => ({ ...tick, x: scale(tick.at) }))
  return {
    events: placed.map(({ extent: _extent, ...event }, index) => ({ ...event, lane: lanes[index] })),
    ticks,
    lanes: count,
  }
}
