/**
 * Where the renderer's main thread spends its time, from a Chrome trace (Playwright's
 * `browser.startTracing` with the devtools timeline categories): self time per category (script,
 * style, layout, paint, GC, other) and script time per kind of task (keydown, input, message —
 * React's scheduler —, timer, animation frame, mutation-observer microtasks…).
 */

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { type?: string } }
}

/** Milliseconds of main-thread self time. */
export interface MainThreadBreakdown {
  readonly byCategory: Record<string, number>
  /** Total duration of top-level tasks, by what they ran. */
  readonly byTask: Record<string, number>
}

const CATEGORY_OF: Array<[RegExp, string]> = [
  [/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet)$/, 'style'],
  [/^(Layout|UpdateLayerTree|IntersectionObserverController::computeIntersections)$/, 'layout'],
  [/^(Paint|PrePaint|Layerize|Commit|PaintImage|CompositeLayers|UpdateLayer|Rasterize|Decode Image)$/, 'paint'],
  [/(GC|Gc)/, 'gc'],
  [
    /^(FunctionCall|EvaluateScript|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|V8\.Execute|v8\.|V8\.|XHRReadyStateChange|FireIdleCallback|ParseHTML|HandlePostMessage|v8\.compile|CompileScript|CompileCode|ProfileCall)/,
    'script',
  ],
]

function categoryOf(name: string): string {
  for (const [pattern, category] of CATEGORY_OF) if (pattern.test(name)) return category
  return 'other'
}

function taskKind(children: TraceEvent[]): string {
  for (const event of children) {
    if (event.name === 'EventDispatch') return `event:${event.args?.data?.type ?? '?'}`
    if (
      [
        'TimerFire',
        'FireAnimationFrame',
        'RunMicrotasks',
        'HandlePostMessage',
        'FunctionCall',
        'EvaluateScript',
        'ParseHTML',
        'UpdateLayoutTree',
        'Layout',
        'Paint',
        'FireIdleCallback',
      ].includes(event.name)
    )
      return event.name
  }
  return children[0]?.name ?? 'other'
}

/** Analyses a trace's JSON; null when it has no renderer main thread. */
export function mainThreadBreakdown(traceJson: string): MainThreadBreakdown | null {
  const parsed = JSON.parse(traceJson) as { traceEvents?: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])
  const mains = events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
  if (mains.length === 0) return null
  // The page's renderer is the main thread that did the most work.
  const busiest = mains
    .map((main) => ({
      main,
      total: events.filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X').reduce((sum, event) => sum + (event.dur ?? 0), 0),
    }))
    .sort((a, b) => b.total - a.total)[0].main
  const slices = events
    .filter((event) => event.pid === busiest.pid && event.tid === busiest.tid && event.ph === 'X' && typeof event.dur === 'number')
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))
  const byCategory: Record<string, number> = {}
  const byTask: Record<string, number> = {}
  const stack: Array<{ event: TraceEvent; childTime: number; children: TraceEvent[] }> = []
  const close = (frame: { event: TraceEvent; childTime: number; children: TraceEvent[] }) => {
    const self = (frame.event.dur ?? 0) - frame.childTime
    const category = categoryOf(frame.event.name)
    byCategory[category] = (byCategory[category] ?? 0) + self / 1000
    if (stack.length === 0) {
      const kind = taskKind(frame.children)
      byTask[kind] = (byTask[kind] ?? 0) + (frame.event.dur ?? 0) / 1000
    }
  }
  for (const event of slices) {
    while (stack.length > 0 && stack.at(-1)!.event.ts + (stack.at(-1)!.event.dur ?? 0) <= event.ts) close(stack.pop()!)
    const parent = stack.at(-1)
    if (parent) {
      parent.childTime += event.dur ?? 0
      if (stack.length <= 3) stack[0].children.push(event)
    }
    stack.push({ event, childTime: 0, children: [] })
  }
  while (stack.length > 0) close(stack.pop()!)
  return { byCategory, byTask }
}
