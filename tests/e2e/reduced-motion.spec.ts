import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { createDocument, newPerson, openDocument, tagText } from './support/app'

const SOURCE = 'Motion\n\nThe ministers met in Moscow on Tuesday.\n\nPutin said: "We are good partners."'

/** Records the options of every scrollIntoView call, so a test can tell a smooth scroll from a jump. */
async function recordScrollCalls(page: Page) {
  await page.addInitScript(() => {
    const calls: unknown[] = []
    Object.assign(window, { scrollCalls: calls })
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the wrapper calls it with .call(this)
    const original = Element.prototype.scrollIntoView
    Element.prototype.scrollIntoView = function (this: Element, options?: boolean | ScrollIntoViewOptions) {
      calls.push(options)
      original.call(this, options)
    }
  })
}

const recordedScrollCalls = (page: Page) => page.evaluate(() => (window as unknown as { scrollCalls: unknown[] }).scrollCalls)

/**
 * Tags two spans and selects the first from the list, which reveals it; returns how it was
 * scrolled into view and the transition and flash animation its highlight gets.
 */
async function revealFromTheList(page: Page, request: APIRequestContext, reducedMotion: 'reduce' | 'no-preference') {
  await page.emulateMedia({ reducedMotion })
  await recordScrollCalls(page)
  const id = await createDocument(request, { title: 'Motion', format: 'txt', source: SOURCE })
  const editor = await openDocument(page, id)
  const first = await tagText(page, 'met in Moscow', 'Event')
  await tagText(page, 'We are good partners.', 'Quote')
  await page.evaluate(() => ((window as unknown as { scrollCalls: unknown[] }).scrollCalls.length = 0))
  await page.locator(`[data-annotation-item="${first}"]`).click()
  await expect.poll(() => recordedScrollCalls(page)).toHaveLength(1)
  // The revealed highlight flashes for a moment, then goes back to its selected look.
  const revealed = editor.locator(`[data-annotation-id="${first}"]`)
  await expect(revealed).toHaveClass(/\bis-flashing\b/)
  const highlight = await revealed.evaluate((element) => ({
    transitionDuration: getComputedStyle(element).transitionDuration,
    animationName: getComputedStyle(element).animationName,
  }))
  await expect(revealed).not.toHaveClass(/\bis-flashing\b/)
  await expect(revealed).toHaveClass(/\bis-selected\b/)
  return { scrollCalls: await recordedScrollCalls(page), highlight }
}

test('under prefers-reduced-motion: reduce, highlights neither fade nor flash-animate and revealing jumps', async ({ browser, request }) => {
  const { context, page } = await newPerson(browser, 'Ada', '#0072B2')
  const shown = await revealFromTheList(page, request, 'reduce')
  expect(shown.highlight).toEqual({ transitionDuration: '0s', animationName: 'none' })
  expect(shown.scrollCalls).toEqual([{ block: 'center', behavior: 'instant' }])
  await context.close()
})

test('without a motion preference, highlights fade, flash and revealing scrolls smoothly', async ({ browser, request }) => {
  const { context, page } = await newPerson(browser, 'Ada', '#0072B2')
  const shown = await revealFromTheList(page, request, 'no-preference')
  expect(shown.highlight).toEqual({ transitionDuration: '0.2s', animationName: 'annotation-flash' })
  expect(shown.scrollCalls).toEqual([{ block: 'center', behavior: 'smooth' }])
  await context.close()
})

test('under prefers-reduced-motion: reduce, a reconnecting badge does not pulse', async ({ page }) => {
  await page.goto('/')
  // The badge as it is drawn while reconnecting, added to the page to read the style it gets.
  await page.evaluate(() => {
    const badge = document.createElement('span')
    badge.className = 'connection-badge status-reconnecting'
    badge.innerHTML = '<span class="dot" id="probe-dot"></span>'
    document.body.append(badge)
  })
  const animationName = () => page.locator('#probe-dot').evaluate((element) => getComputedStyle(element).animationName)
  await page.emulateMedia({ reducedMotion: 'no-preference' })
  expect(await animationName()).toBe('connection-pulse')
  await page.emulateMedia({ reducedMotion: 'reduce' })
  expect(await animationName()).toBe('none')
})
