import { expect, test, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import type { AnnotationType } from '../../editor/model/annotation'
import { annotateInBlock } from '../integration/support/annotations'
import { blockTexts, connectClient, waitForSynced } from '../integration/support/yjs-client'
import { editorOf, expectConnected, newPerson, saveScreenshot } from './support/app'
import { E2E, PROJECT_ROOT } from './support/e2e-env'

// Highlights are drawn only for the text on screen and a margin around it (issue 12): a long,
// densely annotated document must still show every highlight wherever it is scrolled to.

const SEED = readFileSync(join(PROJECT_ROOT, 'content', 'israel-russia-part-2.txt'), 'utf8')
const COPIES = 12
const TYPES: AnnotationType[] = ['event', 'quote', 'claim']

/** Creates the seed article repeated COPIES times and tags the first 12 characters of every block of 20 or more. */
async function createLongAnnotatedDocument(): Promise<{ id: string; ids: string[] }> {
  // Straight to the collab server: the app's proxy takes small request bodies only.
  const response = await fetch(`${E2E.collabHttpUrl}/api/docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'A long annotated article', format: 'txt', source: Array.from({ length: COPIES }, () => SEED).join('\n\n') }),
  })
  expect(response.status, await response.clone().text()).toBe(201)
  const { id } = (await response.json()) as { id: string }
  const client = connectClient(`ws://127.0.0.1:${E2E.collabPort}`, id)
  try {
    await waitForSynced(client)
    const ids: string[] = []
    client.doc.transact(() => {
      blockTexts(client.doc).forEach((text, block) => {
        if (text.length < 20) return
        const annotationId = `long-${block}`
        ids.push(annotateInBlock(client.doc, block, text.slice(0, 12), { id: annotationId, type: TYPES[block % 3] }))
      })
    })
    // The last one is the one to find from the panel.
    const last = client.doc.getMap('annotations').get(ids.at(-1)!) as Y.Map<unknown>
    last.set('note', 'far-end-marker')
    await expect.poll(async () => storedAnnotationCount(id), { timeout: 15_000 }).toBe(ids.length)
    return { id, ids }
  } finally {
    client.destroy()
  }
}

async function storedAnnotationCount(id: string): Promise<number> {
  const response = await fetch(`${E2E.collabHttpUrl}/api/docs/${id}/state`)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()))
  return doc.getMap('annotations').size
}

/**
 * The blocks at least partly in the window that hold a tagged block's first characters but no
 * highlight, checked in a requestAnimationFrame callback: after the frame's scroll events, before
 * it is painted. Also how many blocks were in the window.
 */
function undrawnOnScreen(page: Page, scroll: 'top' | 'bottom' | 'middle' | 'none') {
  return page.evaluate((where) => {
    if (where === 'top') window.scrollTo(0, 0)
    if (where === 'bottom') window.scrollTo(0, document.documentElement.scrollHeight)
    if (where === 'middle') window.scrollTo(0, document.documentElement.scrollHeight / 2)
    return new Promise<{ onScreen: number; undrawn: string[] }>((resolve) =>
      requestAnimationFrame(() => {
        const blocks = [...document.querySelectorAll('[data-testid="editor"] .ProseMirror > *')]
        const onScreen = blocks.filter((block) => {
          const box = block.getBoundingClientRect()
          return box.bottom > 0 && box.top < window.innerHeight
        })
        const undrawn = onScreen
          .filter((block) => (block.textContent ?? '').length >= 20 && block.querySelector('[data-annotation-id]') === null)
          .map((block) => (block.textContent ?? '').slice(0, 40))
        resolve({ onScreen: onScreen.length, undrawn })
      }),
    )
  }, scroll)
}

const drawnIds = (page: Page) =>
  editorOf(page)
    .locator('[data-annotation-id]')
    .evaluateAll((spans) => new Set(spans.map((span) => span.getAttribute('data-annotation-id'))).size)

test('a long, densely annotated document draws the highlights of the text on screen wherever it is scrolled', async ({ browser }) => {
  test.setTimeout(90_000)
  const { id, ids } = await createLongAnnotatedDocument()
  expect(ids.length).toBeGreaterThan(400)
  const { page } = await newPerson(browser, 'Ada', '#0072B2')
  await page.goto(`${E2E.appUrl}/docs/${id}`)
  await expectConnected(page)
  await expect(page.getByTestId('annotation-count')).toHaveText(String(ids.length))
  await expect(editorOf(page).locator('[data-annotation-id]').first()).toBeVisible()

  // Only the text near the screen is drawn, and all of it is.
  const atTop = await undrawnOnScreen(page, 'none')
  expect(atTop.onScreen).toBeGreaterThan(3)
  expect(atTop.undrawn).toEqual([])
  const drawnAtTop = await drawnIds(page)
  expect(drawnAtTop).toBeGreaterThan(20)
  expect(drawnAtTop).toBeLessThan(ids.length / 2)
  await expect(editorOf(page).locator(`[data-annotation-id="${ids.at(-1)}"]`)).toHaveCount(0)

  // Jumps: the highlights are there in the very frame that first shows the text.
  for (const where of ['bottom', 'middle', 'top', 'bottom'] as const) {
    const seen = await undrawnOnScreen(page, where)
    expect(seen.onScreen, where).toBeGreaterThan(3)
    expect(seen.undrawn, where).toEqual([])
  }
  await expect(editorOf(page).locator(`[data-annotation-id="${ids.at(-1)}"]`)).toHaveCount(1)
  await saveScreenshot(page, 'lazy-highlights-bottom')

  // Scrolling by wheel, a screen at a time, from the top to the bottom.
  await undrawnOnScreen(page, 'top')
  const screen = page.viewportSize()!.height
  const screens = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight / window.innerHeight))
  for (let scrolled = 0; scrolled < screens; scrolled += 7) {
    await editorOf(page).hover()
    await page.mouse.wheel(0, screen * 7)
    const seen = await undrawnOnScreen(page, 'none')
    expect(seen.undrawn, `screen ${scrolled}`).toEqual([])
  }

  // From the top, the panel reveals the last annotation: drawn, scrolled into view, flashing.
  await undrawnOnScreen(page, 'top')
  await expect(editorOf(page).locator(`[data-annotation-id="${ids.at(-1)}"]`)).toHaveCount(0)
  await page.getByPlaceholder('Search text, attributes, notes…').fill('far-end-marker')
  await page.getByTestId('annotation-panel').locator('.annotation-list > li').first().click()
  const last = editorOf(page).locator(`[data-annotation-id="${ids.at(-1)}"]`)
  await expect(last).toBeInViewport()
  await expect(last).toHaveClass(/is-selected/)
  expect((await undrawnOnScreen(page, 'none')).undrawn).toEqual([])
})

test('an annotation opened from far down the list shows its details in view', async ({ browser }) => {
  test.setTimeout(90_000)
  const { id, ids } = await createLongAnnotatedDocument()
  const { page } = await newPerson(browser, 'Ada', '#0072B2')
  await page.goto(`${E2E.appUrl}/docs/${id}`)
  await expectConnected(page)
  await expect(page.getByTestId('annotation-count')).toHaveText(String(ids.length))
  const item = page.locator(`[data-annotation-item="${ids[120]}"]`)
  await item.scrollIntoViewIfNeeded()
  expect(await page.locator('.side-panel').evaluate((panel) => panel.scrollTop)).toBeGreaterThan(2000)
  await item.click()
  const detail = page.getByTestId('annotation-detail')
  await expect(detail).toBeInViewport()
  await expect(detail.locator('.detail-text')).toHaveText(await item.locator('.annotation-item-text bdi').innerText())
  await saveScreenshot(page, 'detail-opened-from-long-list')
})
