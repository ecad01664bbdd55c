import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test'
import { join } from 'node:path'
import { E2E } from './e2e-env'

/** A person in the app: their browser context and page. */
export interface Person {
  context: BrowserContext
  page: Page
}

/** A browser context whose localStorage already holds the display name and colour. */
export async function newPerson(browser: Browser, name: string, color: string): Promise<Person> {
  const context = await browser.newContext()
  await context.addInitScript(
    ([storedName, storedColor]) => {
      window.localStorage.setItem('spanwise:user', JSON.stringify({ name: storedName, color: storedColor }))
    },
    [name, color],
  )
  return { context, page: await context.newPage() }
}

/** Creates a document through the app's API; returns its id. */
export async function createDocument(request: APIRequestContext, body: { title: string; format: 'blank' | 'txt' | 'md' | 'html'; source?: string }): Promise<string> {
  const response = await request.post('/api/docs', { data: body })
  expect(response.status(), await response.text()).toBe(201)
  return ((await response.json()) as { id: string }).id
}

/** The editable ProseMirror element on a document page. */
export function editorOf(page: Page): Locator {
  return page.locator('[data-testid="editor"] .ProseMirror')
}

/** Opens a document and waits until it is synced with the collab server. */
export async function openDocument(page: Page, id: string): Promise<Locator> {
  await page.goto(`/docs/${id}`)
  await expectConnected(page)
  const editor = editorOf(page)
  await expect(editor.locator('p, h1, h2, h3').first()).toBeVisible()
  return editor
}

/** Ada and Bea, each in a browser context of their own, with the document open and synced. */
export async function openAsAdaAndBea(browser: Browser, id: string) {
  const ada = await newPerson(browser, 'Ada', '#0072B2')
  const bea = await newPerson(browser, 'Bea', '#D55E00')
  const adaEditor = await openDocument(ada.page, id)
  const beaEditor = await openDocument(bea.page, id)
  return { ada, bea, adaEditor, beaEditor }
}

/**
 * For a spec file whose tests each open a document as Ada and Bea: returns the opener, and closes
 * the contexts it opened after each test.
 */
export function pagesOfAdaAndBea(): (browser: Browser, id: string) => Promise<{ ada: Page; bea: Page }> {
  const people: Person[] = []
  test.afterEach(async () => {
    for (const person of people.splice(0)) await person.context.close()
  })
  return async (browser, id) => {
    const { ada, bea } = await openAsAdaAndBea(browser, id)
    people.push(ada, bea)
    return { ada: ada.page, bea: bea.page }
  }
}

export async function expectConnected(page: Page, timeout = 15_000) {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', { timeout })
}

/** Puts the caret at the start or end of the `index`-th paragraph, by ProseMirror's own selection. */
export async function placeCaret(editor: Locator, index: number, where: 'start' | 'end') {
  const paragraph = editor.locator('p').nth(index)
  await paragraph.click()
  await editor.page().keyboard.press(where === 'start' ? 'Home' : 'End')
  // Home/End move by visual line; make sure we are at the paragraph's very start or end.
  await paragraph.evaluate((element, toEnd) => {
    const selection = window.getSelection()!
    const range = document.createRange()
    range.selectNodeContents(element)
    range.collapse(!toEnd)
    selection.removeAllRanges()
    selection.addRange(range)
  }, where === 'end')
}

/** Saves a screenshot under tests/e2e/.artifacts/screenshots for a person to look at. */
export async function saveScreenshot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: join(E2E.screenshotsDir, `${name}.png`), fullPage })
}

/** What {@link selectText} does with the match: select it, or put the caret at its start or end. */
export type TextTarget = 'select' | 'caret-start' | 'caret-end'

/**
 * Selects the `occurrence`-th match of `needle` in the editor's text through the DOM selection,
 * which ProseMirror reads on `selectionchange`. The text is that of annotations: blocks joined by
 * "\n\n", so a needle may cross paragraphs. Throws when the needle is not there.
 */
export async function selectText(page: Page, needle: string, occurrence = 0, target: TextTarget = 'select') {
  const editor = editorOf(page)
  await editor.focus()
  await editor.evaluate(
    (root, [wanted, nth, mode]) => {
      const blockOf = (node: Node) => node.parentElement!.closest('p, h1, h2, h3, blockquote')
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        // Widgets (remote carets) are contenteditable=false inside the editor; a read-only editor is itself.
        acceptNode: (node) => {
          const widget = node.parentElement!.closest('[contenteditable="false"]')
          return widget && widget !== root ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT
        },
      })
      const pieces: Array<{ node: Text; start: number }> = []
      let text = ''
      let block: Element | null = null
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (block && blockOf(node) !== block) text += '\n\n'
        block = blockOf(node)
        pieces.push({ node: node as Text, start: text.length })
        text += (node as Text).data
      }
      let index = -1
      for (let found = 0; found <= nth; found++) {
        index = text.indexOf(wanted, index + 1)
        if (index < 0) throw new Error(`selectText: occurrence ${nth} of ${JSON.stringify(wanted)} is not in the editor`)
      }
      // An end offset resolves into the piece it ends (not the next one), a start into the one it begins.
      const point = (offset: number, isEnd: boolean) => {
        const piece = [...pieces].reverse().find((p) => (isEnd ? p.start < offset : p.start <= offset))!
        return { node: piece.node, offset: Math.min(offset - piece.start, piece.node.length) }
      }
      const from = point(index, false)
      const to = point(index + wanted.length, true)
      const range = document.createRange()
      range.setStart(from.node, from.offset)
      range.setEnd(to.node, to.offset)
      if (mode !== 'select') range.collapse(mode === 'caret-start')
      // ProseMirror takes the DOM selection on `selectionchange` (its listener may come after this
      // one); the app then renders what follows from it (the tag bar) in a task of its own. Resolve
      // once the event has been dispatched and two frames have been drawn since.
      const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve))
      const taken = new Promise<void>((resolve) =>
        document.addEventListener(
          'selectionchange',
          () =>
            setTimeout(
              () =>
                void nextFrame()
                  .then(nextFrame)
                  .then(() => resolve()),
              0,
            ),
          { once: true },
        ),
      )
      const selection = window.getSelection()!
      selection.removeAllRanges()
      selection.addRange(range)
      return taken
    },
    [needle, occurrence, target] as const,
  )
}

/** Tags the `occurrence`-th match of `needle` with the floating tag bar; returns the new annotation's id. */
export async function tagText(page: Page, needle: string, type: 'Event' | 'Quote' | 'Claim', occurrence = 0): Promise<string> {
  const count = Number(await page.getByTestId('annotation-count').textContent())
  // The bar is drawn from the editor's state and names the text it tags: once it names the needle,
  // the editor has taken this selection (not the previous one) and a click tags it.
  await selectText(page, needle, occurrence)
  const excerpt = needle.replace(/\s+/g, ' ').trim().slice(0, 20)
  await expect(page.getByTestId('tag-bar')).toHaveAttribute('aria-label', new RegExp(`^Tag selection “${excerpt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  await page.getByTestId('tag-bar').getByRole('button', { name: type, exact: true }).click()
  await expect(page.getByTestId('annotation-count')).toHaveText(String(count + 1))
  return selectedAnnotationId(page)
}

/** The id of the annotation shown in the detail pane (the current list item). */
export async function selectedAnnotationId(page: Page): Promise<string> {
  const current = page.locator('[data-annotation-item][aria-current="true"]')
  await expect(current).toHaveCount(1)
  return (await current.getAttribute('data-annotation-item'))!
}

/**
 * The text an annotation's highlight covers: its spans' text in document order, blocks joined by
 * "\n\n" like the annotation's own text; "" when it has no highlight.
 */
export async function highlightText(page: Page, id: string): Promise<string> {
  return editorOf(page).evaluate((root, wanted) => {
    let text = ''
    let block: Element | null = null
    for (const span of root.querySelectorAll(`[data-annotation-id="${CSS.escape(wanted)}"]`)) {
      const spanBlock = span.closest('p, h1, h2, h3, blockquote')
      if (block && spanBlock !== block) text += '\n\n'
      block = spanBlock
      text += span.textContent
    }
    return text
  }, id)
}

/**
 * Imports, from the documents page, a native JSON file named report.json whose two annotations
 * do not match the text as stored: one is re-anchored by its quote, one is skipped, so the page
 * shows an import report.
 */
export async function importFileWithReport(page: Page): Promise<void> {
  const file = {
    format: 'spanwise',
    version: 1,
    offsetUnit: 'codepoint',
    text: 'Putin met Erdoğan in Sochi. Putin met Erdoğan again.',
    annotations: [
      { id: 'moved', type: 'event', start: 0, end: 5, exact: 'Erdoğan again', prefix: 'met ', suffix: '.' },
      { id: 'gone', type: 'claim', start: 0, end: 5, exact: 'words that are not there' },
    ],
  }
  await page.getByLabel('Import a .txt, .md or .html file').setInputFiles({ name: 'report.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) })
}
