import { expect, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test'
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
export async function createDocument(
  request: APIRequestContext,
  body: { title: string; format: 'blank' | 'txt' | 'md' | 'html'; source?: string },
): Promise<string> {
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
