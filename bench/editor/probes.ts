/**
 * In-page probes of the editor benchmark. Playwright serialises these functions into the page,
 * so each is self-contained (no imports, no closures over module variables).
 */

/** What the probes record in `window.__bench`. */
export interface PageProbeState {
  /** performance.now() when the editor first showed the whole document (and highlights, if required). */
  firstRender: number | null
  /** keydown → setTimeout(0) durations, ms. */
  keys: number[]
  /** marker number → epoch ms (timeOrigin + now) when its text first appeared in the editor DOM. */
  arrivals: Record<string, number>
  /** Mutation records seen under the annotation panel (React re-rendering it), if there is one. */
  panelMutations: number
  /** Annotation highlight elements in the editor at first render. */
  highlightsAtFirstRender: number | null
}

/** What the first-render probe waits for. */
export interface FirstRenderTarget {
  /** Top-level blocks of the document. */
  blocks: number
  /** Text of the last block. */
  lastBlockText: string
  /** Also wait for annotation highlights (`[data-annotation-id]`). */
  needHighlights: boolean
}

/**
 * Init script: polls once a frame (requestAnimationFrame) until `.ProseMirror` holds all
 * `blocks` blocks with the last block's text (and highlights when required), then stores
 * performance.now() — time since navigation start — in `__bench.firstRender`.
 */
export function installFirstRenderProbe(target: FirstRenderTarget): void {
  const state: PageProbeState = { firstRender: null, keys: [], arrivals: {}, panelMutations: 0, highlightsAtFirstRender: null }
  ;(window as unknown as { __bench: PageProbeState }).__bench = state
  const blockTags = new Set(['P', 'H1', 'H2', 'H3', 'BLOCKQUOTE'])
  const check = () => {
    const editor = document.querySelector('.ProseMirror')
    if (editor && editor.childElementCount >= target.blocks) {
      let last = editor.lastElementChild
      while (last && !blockTags.has(last.tagName)) last = last.previousElementSibling
      const highlights = target.needHighlights ? editor.querySelectorAll('[data-annotation-id]').length : null
      if (last && last.textContent === target.lastBlockText && (highlights === null || highlights > 0)) {
        state.firstRender = performance.now()
        state.highlightsAtFirstRender = highlights
        return
      }
    }
    requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
}

/** A capturing keydown listener on window: keydown → the setTimeout(0) it schedules, into `__bench.keys`. */
export function installKeystrokeProbe(): void {
  const state = (window as unknown as { __bench: PageProbeState }).__bench
  state.keys = []
  window.addEventListener(
    'keydown',
    () => {
      const start = performance.now()
      setTimeout(() => state.keys.push(performance.now() - start), 0)
    },
    true,
  )
}

/**
 * A MutationObserver on the editor: for each changed block, finds the marker words (`zq<k>x`)
 * in its text and records, for each new one, timeOrigin + now in `__bench.arrivals`.
 */
export function installRemoteProbe(): void {
  const state = (window as unknown as { __bench: PageProbeState }).__bench
  const editor = document.querySelector('.ProseMirror')
  if (!editor) throw new Error('installRemoteProbe: no .ProseMirror in the page')
  const observer = new MutationObserver((records) => {
    const now = performance.timeOrigin + performance.now()
    const blocks = new Set<Node>()
    for (const record of records) {
      if (record.target === editor) for (const node of record.addedNodes) blocks.add(node)
      else {
        const element = record.target instanceof Element ? record.target : record.target.parentElement
        const block = element?.closest('.ProseMirror > *')
        if (block) blocks.add(block)
      }
    }
    for (const block of blocks) {
      for (const match of (block.textContent ?? '').matchAll(/zq(\d+)x/g)) {
        const key = match[1]
        if (!(key in state.arrivals)) state.arrivals[key] = now
      }
    }
  })
  observer.observe(editor, { childList: true, subtree: true, characterData: true })
}

/** Counts mutation records under the annotation panel into `__bench.panelMutations` (Spanwise only; a no-op elsewhere). */
export function installPanelProbe(): void {
  const state = (window as unknown as { __bench: PageProbeState }).__bench
  const panel = document.querySelector('[data-testid="annotation-panel"]')
  if (!panel) return
  new MutationObserver((records) => {
    state.panelMutations += records.length
  }).observe(panel, { childList: true, subtree: true, characterData: true, attributes: true })
}
