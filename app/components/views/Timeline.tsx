'use client'

import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { selectAnnotation } from '../../../editor/commands/annotations'
import { VERDICT_LABELS } from '../../../editor/model/annotation-labels'
import { shortcutHint } from '../../../editor/model/shortcuts'
import {
  buildTimeline,
  describeEventDates,
  describeLinkedClaims,
  fitLabel,
  TIMELINE_TONES,
  type DatedEvent,
  type TimelineEvent,
  type TimelineTone,
} from '../../../editor/model/timeline'
import { layoutTimeline, type PlacedEvent } from '../../../editor/model/timeline-layout'
import { findAnnotationState } from '../../../editor/plugins/annotation-plugin'
import { revealAnnotation } from '../../../editor/view/reveal-annotation'
import { useMacKeys } from '../use-mac-keys'

/** Pixel sizes of the drawing (the CSS block "Timeline" in app/globals.css styles it). */
const SIZES = { padding: 24, labelWidth: 300, minLabelWidth: 150, labelGap: 7, minBarWidth: 12, gap: 14, minTickSpacing: 40 }
const LANE_HEIGHT = 30
const BAR_HEIGHT = 12
const TOP = 8
/** Room between an event's date and its label. */
const DATE_GAP = 6
const LABEL_FONT = '600 12.5px'
const DATE_FONT = '400 11.5px'
/** Until the drawing's width is measured. */
const DEFAULT_WIDTH = 880

const toneLabel = (tone: TimelineTone) => (tone === 'neutral' ? 'No verdict' : VERDICT_LABELS[tone])

/** The drawing's width, following its container. */
function useWidth() {
  const ref = useRef<HTMLDivElement | null>(null)
  const [width, setWidth] = useState(DEFAULT_WIDTH)
  useEffect(() => {
    const element = ref.current
    if (!element || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return { ref, width }
}

let canvasContext: CanvasRenderingContext2D | null | undefined

/** Measures text in a font of the page (`weight size`, the body's family), or estimates it without a canvas. */
function textMeasure(font: string): (text: string) => number {
  canvasContext ??= typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
  const context = canvasContext
  if (!context) return (text) => Array.from(text).length * 7.5
  const family = getComputedStyle(document.body).fontFamily
  return (text) => {
    context.font = `${font} ${family}`
    return context.measureText(text).width
  }
}

/** The event's tooltip: its whole label, dates, linked claims, and whether its words are gone. */
function tooltipOf(event: TimelineEvent): string {
  const claims = describeLinkedClaims(event.claims)
  return [
    event.label,
    event.label !== event.text ? `“${event.text}”` : '',
    event.date ? describeEventDates(event.date, event.endDate) : 'No date',
    claims ? `Linked claims: ${claims}` : 'No linked claim',
    event.status === 'detached' ? 'Its words were deleted from the text' : '',
  ]
    .filter(Boolean)
    .join('\n')
}

/** What a screen reader says for an event. */
function spokenLabelOf(event: TimelineEvent): string {
  const claims = describeLinkedClaims(event.claims)
  const dates = event.date ? describeEventDates(event.date, event.endDate) : 'no date'
  return `${event.label}, ${dates}, ${claims ? `linked claims: ${claims}` : 'no linked claim'}${event.status === 'detached' ? ', words deleted' : ''}`
}

/** A tone's swatch, drawn as the bars are. */
function ToneSwatch({ tone }: { tone: TimelineTone }) {
  return (
    <svg className={`timeline-swatch tone-${tone}`} width="18" height="12" aria-hidden="true" focusable="false">
      <rect className="timeline-bar" x="1" y="1" width="16" height="10" rx="3" />
    </svg>
  )
}

/** Patterns the bars use (one timeline per page, so the id is fixed; app/globals.css names it). */
function TimelineDefs() {
  return (
    <svg className="timeline-defs" width="0" height="0" aria-hidden="true" focusable="false">
      <defs>
        <pattern id="timeline-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="5" height="5" fill="#f6d3cf" />
          <rect width="2.5" height="5" fill="#b3261e" />
        </pattern>
      </defs>
    </svg>
  )
}

/** An event's date and label as drawn, cut to fit, and their width together. */
interface MarkText {
  dates: string
  label: string
  width: number
}

interface EventMarkProps {
  placed: PlacedEvent
  text: MarkText
  selected: boolean
  tabStop: boolean
  register: (id: string, element: SVGGElement | null) => void
  onActivate: (id: string) => void
  onKeyDown: (event: KeyboardEvent<SVGGElement>, id: string) => void
}

/** One dated event: its bar, its date and label beside it, a hit area; a button for the keyboard. */
function EventMark({ placed, text, selected, tabStop, register, onActivate, onKeyDown }: EventMarkProps) {
  const { event, x, width, lane, labelX, labelAnchor, labelWidth } = placed
  const labelStart = labelAnchor === 'start' ? labelX : labelX - labelWidth
  const left = Math.min(x, labelStart) - 5
  const right = Math.max(x + width, labelStart + labelWidth) + 5
  return (
    <g
      ref={(element) => register(event.id, element)}
      className={`timeline-event tone-${event.tone}${selected ? ' is-selected' : ''}${event.status === 'detached' ? ' is-detached' : ''}`}
      transform={`translate(0 ${TOP + lane * LANE_HEIGHT})`}
      role="button"
      tabIndex={tabStop ? 0 : -1}
      aria-label={spokenLabelOf(event)}
      aria-current={selected ? 'true' : undefined}
      data-event-id={event.id}
      data-tone={event.tone}
      onClick={() => onActivate(event.id)}
      onKeyDown={(keyEvent) => onKeyDown(keyEvent, event.id)}
    >
      <title>{tooltipOf(event)}</title>
      <rect className="timeline-hit" x={left} y={1} width={right - left} height={LANE_HEIGHT - 2} rx={6} />
      <rect className="timeline-bar" x={x} y={(LANE_HEIGHT - BAR_HEIGHT) / 2} width={width} height={BAR_HEIGHT} rx={3} />
      <text
        className={`timeline-text${labelAnchor === 'start' && labelX < x + width ? ' is-over-bar' : ''}`}
        x={labelX}
        y={LANE_HEIGHT / 2}
        textAnchor={labelAnchor}
        dominantBaseline="central"
      >
        <tspan className="timeline-date">{text.dates}</tspan>
        <tspan className="timeline-label" dx={DATE_GAP}>
          {text.label}
        </tspan>
      </text>
    </g>
  )
}

/**
 * The document's events on a time axis: dated ones as bars from the start of their date to the end
 * of their end date, in rows that never overlap, coloured by the worst verdict of the claims linked
 * to them; undated ones in a list below. A click, Enter or Space selects the event and scrolls the
 * text to it; the arrow keys move between events in time order. Rebuilt when the annotations
 * change (`listVersion`), not on every keystroke.
 */
export function Timeline({ view, state }: { view: EditorView; state: EditorState }) {
  const mac = useMacKeys()
  const pluginState = findAnnotationState(state)
  const listVersion = pluginState?.listVersion ?? -1
  const liveAnnotations = pluginState?.annotations
  // eslint-disable-next-line react-hooks/exhaustive-deps -- listVersion stands for the list's content; liveAnnotations is new on every keystroke
  const timeline = useMemo(() => buildTimeline(liveAnnotations ?? []), [listVersion, view])
  const { ref: widthRef, width } = useWidth()
  const measures = useMemo(() => ({ label: textMeasure(LABEL_FONT), date: textMeasure(DATE_FONT) }), [])
  /** An event's date and label cut to `room` pixels, the date taking at most 60 % of it. */
  const fitText = useCallback(
    (event: DatedEvent, room: number): MarkText => {
      const dates = fitLabel(describeEventDates(event.date!, event.endDate), room * 0.6, measures.date)
      const datesWidth = measures.date(dates) + DATE_GAP
      const label = fitLabel(event.label, room - datesWidth, measures.label)
      return { dates, label, width: Math.ceil(datesWidth + measures.label(label)) }
    },
    [measures],
  )
  const natural = useMemo(() => new Map(timeline.dated.map((event) => [event.id, fitText(event, SIZES.labelWidth)])), [timeline, fitText])
  const layout = useMemo(() => layoutTimeline(timeline, { ...SIZES, width }, (event) => natural.get(event.id)!.width), [timeline, width, natural])
  // A label placed in less room than it takes is cut again to that room.
  const texts = useMemo(
    () =>
      new Map(
        layout.events.map(({ event, labelWidth }) => {
          const text = natural.get(event.id)!
          return [event.id, labelWidth >= text.width ? text : fitText(event, labelWidth)]
        }),
      ),
    [layout, natural, fitText],
  )
  const selectedId = pluginState?.selectedId ?? null
  const [focusedId, setFocusedId] = useState<string | null>(null)
  const marks = useRef(new Map<string, SVGGElement>())
  const register = useCallback((id: string, element: SVGGElement | null) => {
    if (element) marks.current.set(id, element)
    else marks.current.delete(id)
  }, [])

  const activate = useCallback(
    (id: string) => {
      selectAnnotation(id)(view.state, view.dispatch)
      revealAnnotation(view, id)
    },
    [view],
  )
  const ids = useMemo(() => timeline.dated.map((event) => event.id), [timeline])
  const tabStopId = [focusedId, selectedId].find((id) => id !== null && ids.includes(id)) ?? ids[0] ?? null
  const onKeyDown = useCallback(
    (keyEvent: KeyboardEvent<SVGGElement>, id: string) => {
      const index = ids.indexOf(id)
      const moves: Record<string, number> = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1, Home: 0, End: ids.length - 1 }
      if (keyEvent.key === 'Enter' || keyEvent.key === ' ') {
        keyEvent.preventDefault()
        activate(id)
      } else if (keyEvent.key in moves) {
        keyEvent.preventDefault()
        const next = ids[Math.max(0, Math.min(ids.length - 1, moves[keyEvent.key]))]
        setFocusedId(next)
        marks.current.get(next)?.focus()
      }
    },
    [ids, activate],
  )

  const chart = useMemo(
    () =>
      layout.events.map((placed) => (
        <EventMark
          key={placed.event.id}
          placed={placed}
          text={texts.get(placed.event.id)!}
          selected={placed.event.id === selectedId}
          tabStop={placed.event.id === tabStopId}
          register={register}
          onActivate={activate}
          onKeyDown={onKeyDown}
        />
      )),
    [layout, texts, selectedId, tabStopId, register, activate, onKeyDown],
  )

  if (!pluginState) return null
  const total = timeline.dated.length + timeline.undated.length
  const chartWidth = Math.max(width, 2 * SIZES.padding + SIZES.minBarWidth)
  const chartHeight = TOP + layout.lanes * LANE_HEIGHT
  return (
    <div className="timeline" data-testid="timeline" ref={widthRef}>
      <TimelineDefs />
      <div className="timeline-head">
        <p className="timeline-summary" data-testid="timeline-summary">
          {timeline.axis
            ? `${timeline.dated.length} dated ${timeline.dated.length === 1 ? 'event' : 'events'}, ${timeline.axis.startYear}–${timeline.axis.endYear - 1}`
            : total === 0
              ? 'No events yet'
              : 'No dated events yet'}
          {timeline.undated.length > 0 && ` · ${timeline.undated.length} undated`}
        </p>
        {total > 0 && (
          <ul className="timeline-legend" aria-label="Colour: the worst verdict of the claims linked to an event">
            {TIMELINE_TONES.map((tone) => (
              <li key={tone}>
                <ToneSwatch tone={tone} />
                {toneLabel(tone)}
              </li>
            ))}
          </ul>
        )}
      </div>
      {total === 0 && (
        <p className="timeline-empty">
          Select words in the text and choose <strong>Event</strong> ({shortcutHint('tag-event', mac)}), then give it a date — <code>2016</code>, <code>2016-09</code> or{' '}
          <code>2016-09-25</code> — to place it here.
        </p>
      )}
      {total > 0 && !timeline.axis && <p className="timeline-empty">Give an event a date — 2016, 2016-09 or 2016-09-25 — to place it on the axis.</p>}
      {timeline.axis && (
        <div className="timeline-chart">
          <svg className="timeline-axis" width={chartWidth} height={26} aria-hidden="true" focusable="false">
            <line className="timeline-baseline" x1={SIZES.padding} x2={chartWidth - SIZES.padding} y1={25.5} y2={25.5} />
            {layout.ticks.map((tick) => (
              <g key={tick.year} data-year={tick.year} className="timeline-tick">
                <line x1={tick.x} x2={tick.x} y1={19} y2={26} />
                <text x={tick.x} y={14} textAnchor="middle">
                  {tick.year}
                </text>
              </g>
            ))}
          </svg>
          <svg
            className="timeline-events"
            width={chartWidth}
            height={chartHeight}
            role="group"
            aria-label={`Dated events in time order (${timeline.dated.length}); arrow keys move between them`}
          >
            <g aria-hidden="true">
              {layout.ticks.map((tick) => (
                <line key={tick.year} className="timeline-gridline" x1={tick.x} x2={tick.x} y1={0} y2={chartHeight} />
              ))}
            </g>
            {chart}
          </svg>
        </div>
      )}
      {timeline.undated.length > 0 && (
        <section className="timeline-undated" aria-labelledby="timeline-undated-title">
          <h3 id="timeline-undated-title" className="subsection-title">
            Undated <span className="count">{timeline.undated.length}</span>
          </h3>
          <ul className="timeline-undated-list" data-testid="timeline-undated">
            {timeline.undated.map((event) => (
              <li key={event.id}>
                <button
                  type="button"
                  className={`timeline-undated-item tone-${event.tone}${event.id === selectedId ? ' is-selected' : ''}`}
                  title={tooltipOf(event)}
                  aria-label={spokenLabelOf(event)}
                  aria-current={event.id === selectedId ? 'true' : undefined}
                  data-event-id={event.id}
                  data-tone={event.tone}
                  onClick={() => activate(event.id)}
                >
                  <ToneSwatch tone={event.tone} />
                  <bdi className="timeline-undated-text">{event.label}</bdi>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
