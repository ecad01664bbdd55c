/**
 * The `editor` suite (issue 6): the editor in a real browser (Playwright + Chromium), side by
 * side on the same text (the seed article repeated to ~500 kB):
 *   (a) bare ProseMirror with ProseMirror's own CSS, content loaded once — the floor;
 *   (b) stock y-prosemirror on the stock y-websocket server, no annotations — the peer;
 *   (c) the real Spanwise app (production build, real collab server and SQLite) with 10,000
 *       overlapping annotations of every type.
 * For each: time to first render, per-keystroke cost (capturing keydown → the setTimeout(0) it
 * schedules) and remote-to-screen latency of edits made by a Node Yjs client (send time → a
 * MutationObserver in the page seeing the marker word). Then a traced typing pass tells where
 * the main thread spends its time (script / style / layout / paint).
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { Buffer } from 'node:buffer'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import * as Y from 'yjs'
import { importPlainText } from '../../editor/import/plain-text'
import { CHROMIUM_ARGS, resolveChromium } from '../../tests/e2e/support/find-chromium'
import { ratio, target, type BenchContext, type BenchSuite, type Cell, type SuiteReport } from '../lib/report'
import { summarize, type LatencySummary } from '../lib/stats'
import { addSyntheticAnnotations, repeatedSeedText, type SyntheticAnnotationsReport } from '../lib/synthetic-annotations'
import { connectNodeClient, sendRemoteEdits, type NodeClient } from './node-client'
import { installFirstRenderProbe, installKeystrokeProbe, installPanelProbe, installRemoteProbe, type FirstRenderTarget, type PageProbeState } from './probes'
import { ensureBenchBuild, startSpanwiseStack, startStockServer } from './spanwise-stack'
import { serveStaticPages } from './static-pages'
import { mainThreadBreakdown, type MainThreadBreakdown } from './trace'

/** Sizes of a run. */
interface Sizes {
  readonly chars: number
  readonly annotations: number
  readonly keys: number
  readonly remoteEdits: number
  /** Page loads for first render (each in a fresh browser context); the median is reported. */
  readonly loads: number
  readonly tracedKeys: number
}

const FULL: Sizes = { chars: 500_000, annotations: 10_000, keys: 120, remoteEdits: 60, loads: 3, tracedKeys: 40 }
const QUICK: Sizes = { chars: 50_000, annotations: 500, keys: 20, remoteEdits: 10, loads: 1, tracedKeys: 10 }
const VIEWPORT = { width: 1360, height: 900 }
const KEY_DELAY_MS = 40
const REMOTE_INTERVAL_MS = 100
const TYPED = 'the quick brown fox jumps over the lazy dog '

/** Everything measured for one editor. */
interface ScenarioResult {
  readonly firstRenderMs: number | null
  readonly firstRenders: readonly (number | null)[]
  readonly keys: LatencySummary
  readonly remote: LatencySummary | null
  readonly remoteSent: number
  readonly remoteSeen: number
  /** Highlight elements and distinct annotation ids among them, after the first render settled. */
  readonly highlightElements: number
  readonly highlightedAnnotations: number
  readonly panelMutationsPerKey: number | null
  readonly panelMutationsPerRemoteEdit: number | null
  readonly tracePerKey: MainThreadBreakdown | null
}

interface Scenario {
  readonly label: string
  readonly url: string
  readonly target: FirstRenderTarget
  readonly remote: NodeClient | null
  /** Store a display name so the app does not ask for one. */
  readonly identity: boolean
}

const probeState = (page: Page): Promise<PageProbeState> => page.evaluate(() => (window as unknown as { __bench: PageProbeState }).__bench)

async function openAndTimeFirstRender(
  browser: Browser,
  scenario: Scenario,
  profileTo: string | null = null,
): Promise<{ context: BrowserContext; page: Page; firstRender: number | null }> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  // tsx compiles this file with esbuild's keepNames, which wraps named functions in `__name(…)`;
  // the probes Playwright serialises into the page need that helper there too.
  await context.addInitScript({ content: 'globalThis.__name ??= (target) => target' })
  if (scenario.identity) {
    await context.addInitScript(() => window.localStorage.setItem('spanwise:user', JSON.stringify({ name: 'Benchmark', color: '#1f6feb' })))
  }
  await context.addInitScript(installFirstRenderProbe, scenario.target)
  const page = await context.newPage()
  const profiler = profileTo === null ? null : await context.newCDPSession(page)
  if (profiler) {
    await profiler.send('Profiler.enable')
    await profiler.send('Profiler.setSamplingInterval', { interval: 200 })
    await profiler.send('Profiler.start')
  }
  await page.goto(scenario.url, { waitUntil: 'load', timeout: 120_000 })
  try {
    await page.waitForFunction(() => (window as unknown as { __bench?: PageProbeState }).__bench?.firstRender != null, undefined, { timeout: 120_000, polling: 200 })
  } catch {
    return { context, page, firstRender: null }
  } finally {
    if (profiler && profileTo !== null) {
      const { profile } = await profiler.send('Profiler.stop')
      writeFileSync(profileTo, JSON.stringify(profile))
    }
  }
  return { context, page, firstRender: (await probeState(page)).firstRender }
}

/**
 * With `BENCH_EDITOR_LOAD_PROFILE_DIR=<dir>`, one more load of each editor, before the measured
 * ones (and not counted), records a V8 CPU profile of the page from navigation to first render
 * (`<label>.load.cpuprofile`, for Chrome's performance panel or speedscope).
 */
async function profileFirstRender(browser: Browser, scenario: Scenario, log: (line: string) => void): Promise<void> {
  const dir = process.env.BENCH_EDITOR_LOAD_PROFILE_DIR
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${fileLabel(scenario.label)}.load.cpuprofile`)
  const { context } = await openAndTimeFirstRender(browser, scenario, file)
  await context.close()
  log(`  ${scenario.label}: first-render CPU profile in ${file}`)
}

function fileLabel(label: string): string {
  return label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')
}

/** Puts the caret in the middle of the longest text node of the middle paragraph, with the editor focused. */
async function placeCaretMidDocument(page: Page): Promise<void> {
  const paragraphs = page.locator('.ProseMirror > p')
  const middle = paragraphs.nth(Math.floor((await paragraphs.count()) / 2))
  await middle.scrollIntoViewIfNeeded()
  await middle.click()
  await middle.evaluate((paragraph) => {
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT)
    let longest: Text | null = null
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!longest || (node as Text).length > longest.length) longest = node as Text
    if (!longest) throw new Error('the middle paragraph has no text')
    ;(paragraph.closest('.ProseMirror') as HTMLElement).focus()
    const range = document.createRange()
    range.setStart(longest, Math.floor(longest.length / 2))
    range.collapse(true)
    window.getSelection()!.removeAllRanges()
    window.getSelection()!.addRange(range)
  })
  // ProseMirror reads the DOM selection on `selectionchange`.
  await page.waitForTimeout(200)
}

function typedText(count: number): string {
  return TYPED.repeat(Math.ceil(count / TYPED.length)).slice(0, count)
}

async function waitForArrivals(page: Page, count: number, timeoutMs: number): Promise<void> {
  try {
    await page.waitForFunction((wanted) => Object.keys((window as unknown as { __bench: PageProbeState }).__bench.arrivals).length >= wanted, count, {
      timeout: timeoutMs,
      polling: 100,
    })
  } catch {
    /* reported as fewer edits seen */
  }
}

/**
 * With `BENCH_EDITOR_TRACE_DIR=<dir>`, the traced typing pass of each editor is also written there
 * as a Chrome trace with V8's CPU samples (`<label>.trace.json`; open it in Perfetto or Chrome's
 * performance panel). Sampling slows the traced pass, not the measured figures.
 */
function saveTrace(label: string, traceJson: string): void {
  const dir = process.env.BENCH_EDITOR_TRACE_DIR
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${fileLabel(label)}.trace.json`), traceJson)
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink']

async function measureScenario(browser: Browser, scenario: Scenario, sizes: Sizes, log: (line: string) => void): Promise<ScenarioResult> {
  const firstRenders: (number | null)[] = []
  await profileFirstRender(browser, scenario, log)
  let opened: Awaited<ReturnType<typeof openAndTimeFirstRender>> | null = null
  for (let load = 0; load < sizes.loads; load++) {
    if (opened) await opened.context.close()
    opened = await openAndTimeFirstRender(browser, scenario)
    firstRenders.push(opened.firstRender)
    log(`  ${scenario.label}: first render ${opened.firstRender === null ? 'never seen' : `${opened.firstRender.toFixed(0)} ms`}`)
  }
  const { context, page } = opened!
  try {
    await page.waitForTimeout(1000)
    const highlights = await page.evaluate(() => {
      const elements = [...document.querySelectorAll('.ProseMirror [data-annotation-id]')]
      return { elements: elements.length, ids: new Set(elements.map((element) => element.getAttribute('data-annotation-id'))).size }
    })

    await placeCaretMidDocument(page)
    await page.evaluate(installKeystrokeProbe)
    await page.evaluate(installPanelProbe)
    await page.keyboard.type(typedText(sizes.keys), { delay: KEY_DELAY_MS })
    await page.waitForTimeout(500)
    const afterTyping = await probeState(page)
    const keys = summarize(afterTyping.keys)
    const hasPanel = (await page.locator('[data-testid="annotation-panel"]').count()) > 0
    const panelMutationsPerKey = hasPanel ? afterTyping.panelMutations / Math.max(1, afterTyping.keys.length) : null
    log(`  ${scenario.label}: ${keys.count} keys, p50 ${keys.p50?.toFixed(1)} ms, p95 ${keys.p95?.toFixed(1)} ms`)

    let remote: LatencySummary | null = null
    let remoteSeen = 0
    let panelMutationsPerRemoteEdit: number | null = null
    if (scenario.remote) {
      await page.evaluate(installRemoteProbe)
      await page.evaluate(() => {
        ;(window as unknown as { __bench: PageProbeState }).__bench.panelMutations = 0
      })
      const sent = await sendRemoteEdits(scenario.remote, sizes.remoteEdits, REMOTE_INTERVAL_MS)
      await waitForArrivals(page, sizes.remoteEdits, 20_000)
      const state = await probeState(page)
      const latencies: number[] = []
      for (const [k, sentAt] of sent) {
        const seenAt = state.arrivals[String(k)]
        if (seenAt !== undefined) latencies.push(seenAt - sentAt)
      }
      remoteSeen = latencies.length
      remote = summarize(latencies)
      if (hasPanel) panelMutationsPerRemoteEdit = state.panelMutations / Math.max(1, sizes.remoteEdits)
      log(`  ${scenario.label}: ${remoteSeen}/${sizes.remoteEdits} remote edits seen, p50 ${remote.p50?.toFixed(1)} ms, p95 ${remote.p95?.toFixed(1)} ms`)
    }

    // A separate, traced typing pass: tracing slows the page, so it is not part of the figures above.
    // Saved traces also carry V8's CPU samples (which functions ran), for reading them afterwards.
    const categories = process.env.BENCH_EDITOR_TRACE_DIR ? [...TRACE_CATEGORIES, 'disabled-by-default-v8.cpu_profiler'] : TRACE_CATEGORIES
    await browser.startTracing(page, { categories })
    await page.keyboard.type(typedText(sizes.tracedKeys), { delay: KEY_DELAY_MS })
    await page.waitForTimeout(300)
    const traceJson = Buffer.from(await browser.stopTracing()).toString('utf8')
    saveTrace(scenario.label, traceJson)
    const trace = mainThreadBreakdown(traceJson)
    const perKey = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([name, ms]) => [name, ms / sizes.tracedKeys]))
    const tracePerKey = trace && { byCategory: perKey(trace.byCategory), byTask: perKey(trace.byTask) }

    return {
      firstRenderMs: median(firstRenders),
      firstRenders,
      keys,
      remote,
      remoteSent: scenario.remote ? sizes.remoteEdits : 0,
      remoteSeen,
      highlightElements: highlights.elements,
      highlightedAnnotations: highlights.ids,
      panelMutationsPerKey,
      panelMutationsPerRemoteEdit,
      tracePerKey,
    }
  } finally {
    await context.close()
  }
}

function median(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null).sort((a, b) => a - b)
  if (present.length === 0 || present.length < values.length) return null
  const middle = Math.floor(present.length / 2)
  return present.length % 2 ? present[middle] : (present[middle - 1] + present[middle]) / 2
}

/** Resolves once a fresh client of `serverUrl`/`room` sees `check` hold (the server really has the content). */
async function waitForRoom(serverUrl: string, room: string, check: (ydoc: Y.Doc) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const client = await connectNodeClient(serverUrl, room)
    const ok = check(client.ydoc)
    client.close()
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`the server at ${serverUrl} never held ${what}`)
}

/** Resolves once the Spanwise server's stored state (GET /api/docs/<id>/state) holds every annotation. */
async function waitForStoredAnnotations(httpUrl: string, id: string, annotations: number, blocks: number, describeServer: () => string): Promise<void> {
  const deadline = Date.now() + 120_000
  let last = ''
  while (Date.now() < deadline) {
    let response: Response
    try {
      response = await fetch(`${httpUrl}/api/docs/${encodeURIComponent(id)}/state`)
    } catch (error) {
      last = `fetch failed: ${String((error as { cause?: unknown }).cause ?? error)}`
      await new Promise((resolve) => setTimeout(resolve, 1000))
      continue
    }
    if (response.ok) {
      const ydoc = new Y.Doc()
      Y.applyUpdate(ydoc, new Uint8Array(await response.arrayBuffer()))
      const stored = ydoc.getMap('annotations').size
      const storedBlocks = ydoc.getXmlFragment('prosemirror').length
      ydoc.destroy()
      if (stored === annotations && storedBlocks === blocks) return
      last = `${stored} annotations, ${storedBlocks} blocks`
    } else last = `HTTP ${response.status}`
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`the Spanwise server never stored ${annotations} annotations on ${blocks} blocks (last seen: ${last})\n${describeServer()}`)
}

async function createSpanwiseDocument(httpUrl: string, text: string): Promise<string> {
  const response = await fetch(`${httpUrl}/api/docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Editor benchmark', format: 'txt', source: text }),
  })
  const body = (await response.json()) as { id?: string; error?: string }
  if (response.status !== 201 || !body.id) throw new Error(`POST /api/docs answered ${response.status}: ${body.error ?? JSON.stringify(body)}`)
  return body.id
}

const fmt = (value: number | null | undefined, digits = 1) => (value === null || value === undefined ? 'missing' : value.toFixed(digits))

async function run(context: BenchContext): Promise<SuiteReport> {
  const sizes = context.quick ? QUICK : FULL
  const { root, log } = context
  const text = repeatedSeedText(root, sizes.chars)
  const textBytes = Buffer.byteLength(text, 'utf8')
  const doc = importPlainText(text)
  const firstRenderTarget = (needHighlights: boolean): FirstRenderTarget => ({ blocks: doc.childCount, lastBlockText: doc.lastChild!.textContent, needHighlights })
  log(`editor: ${textBytes} bytes of text, ${doc.childCount} blocks; ${sizes.annotations} annotations for Spanwise`)

  const cleanups: Array<() => Promise<void> | void> = []
  const results: Partial<Record<'bare' | 'stock' | 'spanwise', ScenarioResult>> = {}
  let annotationReport: SyntheticAnnotationsReport | null = null
  let built = false
  let buildDir = '.next-bench'
  try {
    ;({ dir: buildDir, built } = await ensureBenchBuild(root, log))
    const browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS, headless: true })
    cleanups.push(() => browser.close())
    const pages = await serveStaticPages(root, doc.toJSON())
    cleanups.push(() => pages.close())

    log('(a) bare ProseMirror…')
    results.bare = await measureScenario(browser, { label: '(a) bare', url: `${pages.url}/bare.html`, target: firstRenderTarget(false), remote: null, identity: false }, sizes, log)

    log('(b) stock y-prosemirror…')
    const stock = await startStockServer(root, context.workDir)
    cleanups.push(() => stock.stop())
    const room = 'editor-bench'
    const stockClient = await connectNodeClient(stock.url, room)
    cleanups.push(() => stockClient.close())
    prosemirrorToYXmlFragment(doc, stockClient.ydoc.getXmlFragment('prosemirror'))
    await waitForRoom(stock.url, room, (ydoc) => ydoc.getXmlFragment('prosemirror').length === doc.childCount, `the ${doc.childCount} blocks`)
    const stockUrl = `${pages.url}/stock.html?ws=${encodeURIComponent(stock.url)}&room=${room}`
    results.stock = await measureScenario(browser, { label: '(b) stock', url: stockUrl, target: firstRenderTarget(false), remote: stockClient, identity: false }, sizes, log)

    log(`(c) Spanwise + ${sizes.annotations} annotations…`)
    const stack = await startSpanwiseStack(root, context.workDir, buildDir)
    cleanups.push(() => stack.stop())
    const id = await createSpanwiseDocument(stack.collabHttpUrl, text)
    const spanwiseClient = await connectNodeClient(stack.collabWsUrl, id)
    cleanups.push(() => spanwiseClient.close())
    if (spanwiseClient.ydoc.getXmlFragment('prosemirror').length !== doc.childCount) {
      throw new Error(`the Spanwise document has ${spanwiseClient.ydoc.getXmlFragment('prosemirror').length} blocks, the benchmark text ${doc.childCount}`)
    }
    annotationReport = addSyntheticAnnotations(spanwiseClient.ydoc, sizes.annotations)
    await waitForStoredAnnotations(stack.collabHttpUrl, id, sizes.annotations, doc.childCount, () => stack.describe())
    results.spanwise = await measureScenario(
      browser,
      { label: '(c) Spanwise', url: `${stack.appUrl}/docs/${id}`, target: firstRenderTarget(true), remote: spanwiseClient, identity: true },
      sizes,
      log,
    )
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup()
      } catch (error) {
        log(`cleanup failed: ${(error as Error).message}`)
      }
    }
  }

  const { bare, stock, spanwise } = results as Required<typeof results>
  const kB = Math.round(textBytes / 1000)
  const row = (label: string, annotations: number, result: ScenarioResult): Cell[] => [
    label,
    kB,
    annotations,
    result.firstRenderMs,
    result.keys.p50,
    result.keys.p95,
    result.remote?.p50 ?? null,
    result.remote?.p95 ?? null,
  ]
  const spanwiseLabel = `(c) Spanwise + ${sizes.annotations.toLocaleString('en-US')} annotations`
  const figures = [
    { name: 'first render', get: (r: ScenarioResult) => r.firstRenderMs },
    { name: 'keystroke p50', get: (r: ScenarioResult) => r.keys.p50 },
    { name: 'keystroke p95', get: (r: ScenarioResult) => r.keys.p95 },
    { name: 'remote-to-screen p50', get: (r: ScenarioResult) => r.remote?.p50 ?? null },
    { name: 'remote-to-screen p95', get: (r: ScenarioResult) => r.remote?.p95 ?? null },
  ]
  const categories = ['script', 'style', 'layout', 'paint', 'gc', 'other']
  const traceRow = (label: string, result: ScenarioResult): Cell[] => [
    label,
    ...categories.map((category) => (result.tracePerKey ? (result.tracePerKey.byCategory[category] ?? 0) : null)),
  ]
  const topTasks = (result: ScenarioResult) =>
    result.tracePerKey
      ? Object.entries(result.tracePerKey.byTask)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
          .join(', ')
      : 'missing'

  const keyRatio = ratio(spanwise.keys.p95, stock.keys.p95)
  const remoteRatio = ratio(spanwise.remote?.p95, stock.remote?.p95)
  const renderRatio = ratio(spanwise.firstRenderMs, stock.firstRenderMs)
  const n = sizes.annotations.toLocaleString('en-US')
  return {
    suite: 'editor',
    tables: [
      {
        title: `Editor in Chromium (${VIEWPORT.width}×${VIEWPORT.height}), same text; ms`,
        columns: ['Editor', 'Text (kB)', 'Annotations', 'First render', 'Key p50', 'Key p95', 'Remote p50', 'Remote p95'],
        rows: [row('(a) bare ProseMirror', 0, bare), row('(b) stock y-prosemirror', 0, stock), row(spanwiseLabel, sizes.annotations, spanwise)],
      },
      {
        title: 'Spanwise ratios',
        columns: ['Figure', 'Spanwise ÷ (a) bare', 'Spanwise ÷ (b) stock'],
        rows: figures.map((figure) => [figure.name, ratio(figure.get(spanwise), figure.get(bare)), ratio(figure.get(spanwise), figure.get(stock))]),
      },
      {
        title: `Main-thread self time per keystroke, traced typing pass of ${sizes.tracedKeys} keys (ms)`,
        columns: ['Editor', ...categories],
        rows: [traceRow('(a) bare ProseMirror', bare), traceRow('(b) stock y-prosemirror', stock), traceRow('(c) Spanwise', spanwise)],
      },
    ],
    targets: [
      target(`keystroke p95, Spanwise with ${n} annotations ÷ stock y-prosemirror`, keyRatio, 1.0),
      target(`remote-to-screen p95, Spanwise with ${n} annotations ÷ stock y-prosemirror`, remoteRatio, 1.0),
      target(`first render, Spanwise with ${n} annotations ÷ stock y-prosemirror`, renderRatio, 1.25),
    ],
    notes: [
      `Text: the seed article repeated to ${textBytes.toLocaleString('en-US')} bytes (${doc.childCount} blocks), imported with the txt importer for all three editors. First render: navigation start → the editor shows the last block${sizes.loads > 1 ? `, median of ${sizes.loads} loads in fresh browser contexts` : ''}; for Spanwise also annotation highlights.`,
      `Keystrokes: ${sizes.keys} characters typed mid-document ${KEY_DELAY_MS} ms apart; keydown (capturing, on window) → the setTimeout(0) it schedules. Remote: ${sizes.remoteEdits} marker words inserted by a Node y-websocket client ${REMOTE_INTERVAL_MS} ms apart; send time → a MutationObserver in the page seeing the word.`,
      '(a) bare ProseMirror has no server, so it has no remote-to-screen figures (missing by design).',
      `Remote edits seen: (b) ${stock.remoteSeen}/${stock.remoteSent}, (c) ${spanwise.remoteSeen}/${spanwise.remoteSent}.`,
      `Spanwise annotations: ${annotationReport ? `${annotationReport.byType.event} events, ${annotationReport.byType.quote} quotes, ${annotationReport.byType.claim} claims; ${annotationReport.nested} nested in another, ${annotationReport.crossBlock} crossing blocks` : 'missing'}; in the editor DOM after first render: ${spanwise.highlightElements.toLocaleString('en-US')} highlight elements of ${spanwise.highlightedAnnotations.toLocaleString('en-US')} distinct annotations.`,
      `Annotation panel DOM mutations (React re-rendering it): ${fmt(spanwise.panelMutationsPerKey)} per keystroke, ${fmt(spanwise.panelMutationsPerRemoteEdit)} per remote edit.`,
      `Main-thread task time per keystroke by task (traced pass, ms): (b) ${topTasks(stock)}; (c) ${topTasks(spanwise)}. A keydown task holds ProseMirror's handling of the key, plugins included (y-prosemirror sync, annotation decorations); Document::UpdateStyleAndLayout is style and layout; FunctionCall / message tasks are callbacks such as React's scheduler.`,
      `App build: ${built ? `built into ${buildDir} for this run` : `${buildDir} was newer than the sources; reused`}.`,
      ...(context.quick ? [`Quick run: ${kB} kB and ${n} annotations; figures are a smoke test, not comparable with the full run.`] : []),
    ],
    raw: { sizes, textBytes, blocks: doc.childCount, annotations: annotationReport, built, bare, stock, spanwise },
  }
}

export const suite: BenchSuite = { name: 'editor', run }
