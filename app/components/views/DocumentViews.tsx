'use client'

import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { useEffect, useState, type ComponentType, type KeyboardEvent, type PointerEvent } from 'react'
import { VIEW_HEIGHT_LIMITS } from '../../../editor/user/view-preferences'
import { ClaimsBoard } from './ClaimsBoard'
import { Timeline } from './Timeline'
import type { DocumentViewsState } from './use-document-views'

/** What every view of the drawer is given: the editor, and its state to read annotations from. */
interface DocumentViewProps {
  view: EditorView
  state: EditorState
}

/** A view of the document in the drawer: a tab, and a button in the toolbar strip. */
interface DocumentViewSpec {
  id: string
  label: string
  /** The toolbar button's hover text. */
  description: string
  Component: ComponentType<DocumentViewProps>
}

/** The drawer's views, in tab order. Adding one here adds its tab and its toolbar button. */
const DOCUMENT_VIEWS: readonly DocumentViewSpec[] = [
  { id: 'claims', label: 'Claims', description: 'Every claim in a table: verdict, status, assignee, evidence', Component: ClaimsBoard },
  { id: 'timeline', label: 'Timeline', description: 'The events of the document on a time axis', Component: Timeline },
]

/** The ids of the drawer's views, for `useDocumentViews`. */
export const DOCUMENT_VIEW_IDS: readonly string[] = DOCUMENT_VIEWS.map((spec) => spec.id)

const PANEL_ID = 'document-views'
const RESIZE_STEP = 40

/** One toggle button per view, for the toolbar strip: opens the drawer on that view, or closes it. */
export function DocumentViewButtons({ views }: { views: DocumentViewsState }) {
  return (
    <div className="views-toggles" role="group" aria-label="Document views">
      {DOCUMENT_VIEWS.map((spec) => (
        <button
          key={spec.id}
          type="button"
          className={`tool views-toggle${views.open === spec.id ? ' active' : ''}`}
          aria-pressed={views.open === spec.id}
          aria-controls={views.open ? PANEL_ID : undefined}
          title={`${spec.description} (${views.open === spec.id ? 'close' : 'open'})`}
          data-testid={`view-toggle-${spec.id}`}
          onClick={() => views.toggle(spec.id)}
        >
          {spec.label}
        </button>
      ))}
    </div>
  )
}

/**
 * The drawer's height as drawn. The window's scroll padding at the bottom follows it while the
 * drawer is open, so a highlight scrolled "into view" (revealAnnotation) lands in the text above
 * the drawer, not under it.
 */
function useDrawnHeight(element: HTMLElement | null): number | null {
  const [height, setHeight] = useState<number | null>(null)
  useEffect(() => {
    if (!element || typeof ResizeObserver === 'undefined') return
    const root = document.documentElement
    const observer = new ResizeObserver(() => {
      setHeight(element.offsetHeight)
      root.style.setProperty('scroll-padding-bottom', `${element.offsetHeight}px`)
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      root.style.removeProperty('scroll-padding-bottom')
    }
  }, [element])
  return height
}

/** The handle on the drawer's top edge: drag it, or focus it and press the arrow keys. */
function ResizeHandle({ height, onResize }: { height: number | null; onResize: (height: number) => void }) {
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault()
    event.currentTarget.setPointerCapture(event.pointerId)
  }
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) onResize(window.innerHeight - event.clientY)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = height ?? VIEW_HEIGHT_LIMITS.min
    const next: Record<string, number> = { ArrowUp: current + RESIZE_STEP, ArrowDown: current - RESIZE_STEP, Home: VIEW_HEIGHT_LIMITS.min, End: VIEW_HEIGHT_LIMITS.max }
    if (!(event.key in next)) return
    event.preventDefault()
    onResize(next[event.key])
  }
  return (
    <div
      className="views-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the views panel"
      aria-controls={PANEL_ID}
      aria-valuemin={VIEW_HEIGHT_LIMITS.min}
      aria-valuemax={VIEW_HEIGHT_LIMITS.max}
      aria-valuenow={height ?? undefined}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onKeyDown={onKeyDown}
    />
  )
}

/**
 * The views drawer, docked at the bottom of the editor column while a view is open: a tab per
 * view, the open view below, a handle to resize it. The text above stays visible and scrollable,
 * so a view that scrolls the text to a span shows it.
 */
export function DocumentViews({ views, view, state }: { views: DocumentViewsState; view: EditorView | null; state: EditorState | null }) {
  const [drawer, setDrawer] = useState<HTMLElement | null>(null)
  const drawnHeight = useDrawnHeight(drawer)
  const open = DOCUMENT_VIEWS.find((spec) => spec.id === views.open) ?? null
  if (!open) return null
  const onTabKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 }
    if (!(event.key in step)) return
    const next = DOCUMENT_VIEWS[(index + step[event.key] + DOCUMENT_VIEWS.length) % DOCUMENT_VIEWS.length]
    views.show(next.id)
    document.getElementById(`view-tab-${next.id}`)?.focus()
  }
  return (
    <section
      ref={setDrawer}
      id={PANEL_ID}
      className="document-views"
      aria-label="Views panel"
      data-testid="document-views"
      style={views.height === null ? undefined : { height: views.height }}
    >
      <ResizeHandle height={drawnHeight} onResize={views.resize} />
      <div className="views-head">
        <div className="views-tabs" role="tablist" aria-label="Views">
          {DOCUMENT_VIEWS.map((spec, index) => (
            <button
              key={spec.id}
              id={`view-tab-${spec.id}`}
              type="button"
              role="tab"
              className="views-tab"
              aria-selected={spec.id === open.id}
              aria-controls={`view-panel-${spec.id}`}
              tabIndex={spec.id === open.id ? 0 : -1}
              onClick={() => views.show(spec.id)}
              onKeyDown={(event) => onTabKeyDown(event, index)}
            >
              {spec.label}
            </button>
          ))}
        </div>
        <button type="button" className="views-close" aria-label="Close the views panel" title="Close" onClick={views.close}>
          ×
        </button>
      </div>
      <div className="views-body" id={`view-panel-${open.id}`} role="tabpanel" aria-labelledby={`view-tab-${open.id}`}>
        {view && state ? <open.Component view={view} state={state} /> : <p className="muted">Loading the document…</p>}
      </div>
    </section>
  )
}
