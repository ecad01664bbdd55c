import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expectNoSeriousViolations } from './support/axe'
import { createDocument, editorOf, pagesOfAdaAndBea, saveScreenshot, selectedAnnotationId, tagText } from './support/app'
import { PROJECT_ROOT } from './support/e2e-env'

const openPagesOfAdaAndBea = pagesOfAdaAndBea()

const person = { id: 'user-tess', name: 'Tess' }
const AT = '2026-12-06T10:00:00.000Z'
const HOSTILE = '<img src=x onerror="window.__pwned=1">Developments'

/** A link in the native export's shape. */
const mentions = (id: string, target: string) => ({ id, type: 'mentions', target, createdBy: person, createdAt: AT })

/**
 * The seed article with its annotations (the golden native export of tests/fixtures/seed-annotations.json),
 * plus Putin's election in 2001 as an event, an event with markup in its summary, and links from
 * events to claims of every verdict.
 */
function seedWithTimeline(): string {
  const file = JSON.parse(readFileSync(join(PROJECT_ROOT, 'tests/fixtures/golden/seed.json'), 'utf8'))
  const byId = new Map<string, any>(file.annotations.map((annotation: any) => [annotation.id, annotation]))
  const link = (event: string, claim: string) => {
    const annotation = byId.get(event)
    annotation.links = [...(annotation.links ?? []), mentions(`l-${event}`, claim)]
  }
  link('ev-moscow-meeting', 'cl-feb-29') // false
  link('ev-annexation', 'cl-russian-speaking') // misleading
  link('ev-june-2016-meeting', 'cl-1-5-million') // disputed
  link('ev-crimea-stance', 'cl-yisrael-beyteinu') // unverifiable
  link('ev-abraham-accords', 'cl-hamas') // supported
  file.annotations.push(
    {
      id: 'ev-putin-elected',
      type: 'event',
      exact: 'was elected in 2001',
      prefix: 'Pro-Israel Vladimir Putin ',
      attrs: { date: '2001', participants: ['Vladimir Putin'] },
      links: [mentions('l-2001', 'cl-putin-2001')],
    },
    { id: 'ev-hostile', type: 'event', exact: 'Developments in the 2020s', attrs: { date: '2020', summary: HOSTILE } },
  )
  return JSON.stringify(file)
}

async function importSeed(request: APIRequestContext): Promise<string> {
  const response = await request.post('/api/docs', { data: { title: 'Timeline of the seed article', format: 'json', source: seedWithTimeline() } })
  expect(response.status(), await response.text()).toBe(201)
  const body = await response.json()
  expect(body.import.skipped.map((skipped: { id: string }) => skipped.id)).toEqual(['ev-airstrikes-warning'])
  return body.id as string
}

/** The events in time order, as placed on the chart. */
const SEED_ORDER = [
  'ev-putin-elected',
  'ev-zhirinovsky-visit',
  'ev-annexation',
  'ev-crimea-stance',
  'ev-syria-intervention',
  'ev-deconfliction',
  'ev-june-2016-meeting',
  'ev-trump-tower',
  'ev-master-class',
  'ev-private-meeting',
  'ev-moscow-meeting',
  'ev-hostile',
  'ev-abraham-accords',
]

const timelineOf = (page: Page) => page.getByTestId('timeline')
const marksOf = (page: Page) => timelineOf(page).locator('svg.timeline-events [data-event-id]')
const mark = (page: Page, id: string) => timelineOf(page).locator(`svg.timeline-events [data-event-id="${id}"]`)
const highlight = (page: Page, id: string) => editorOf(page).locator(`[data-annotation-id="${id}"]`).first()

async function openTimeline(page: Page) {
  await page.getByTestId('view-toggle-timeline').click()
  await expect(page.getByTestId('document-views')).toBeVisible()
  await expect(page.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true')
  await expect(timelineOf(page)).toBeVisible()
}

async function markIds(page: Page): Promise<string[]> {
  return marksOf(page).evaluateAll((marks) => marks.map((element) => element.getAttribute('data-event-id')!))
}

/** The left edges of the events' bars, in the order of `ids`. */
async function barLefts(page: Page, ids: string[]): Promise<number[]> {
  const lefts: number[] = []
  for (const id of ids) lefts.push((await mark(page, id).locator('.timeline-bar').boundingBox())!.x)
  return lefts
}

/** True when the highlight is on screen, below the sticky toolbar and above the drawer. */
async function expectShownAboveDrawer(page: Page, target: Locator) {
  await expect(target).toBeInViewport()
  await expect
    .poll(async () => {
      const box = (await target.boundingBox())!
      const drawer = (await page.getByTestId('document-views').boundingBox())!
      return box.y > 100 && box.y + box.height <= drawer.y
    })
    .toBe(true)
}

test('the seed article’s events from 2001 to 2020 in time order, coloured by their claims’ verdicts; a click scrolls the text to the event', async ({ browser, request }) => {
  const id = await importSeed(request)
  const { ada } = await openPagesOfAdaAndBea(browser, id)
  await expect(ada.getByTestId('document-views')).toHaveCount(0)
  await openTimeline(ada)

  // The axis: one tick a year, 2001 to 2020; the events in time order, left to right.
  await expect(timelineOf(ada).locator('.timeline-tick')).toHaveCount(20)
  const years = await timelineOf(ada)
    .locator('.timeline-tick')
    .evaluateAll((ticks) => ticks.map((tick) => Number(tick.getAttribute('data-year'))))
  expect(years).toEqual(Array.from({ length: 20 }, (_, index) => 2001 + index))
  expect(await markIds(ada)).toEqual(SEED_ORDER)
  const lefts = await barLefts(ada, SEED_ORDER)
  for (let index = 1; index < lefts.length; index++) expect(lefts[index]).toBeGreaterThanOrEqual(lefts[index - 1])
  await expect(ada.getByTestId('timeline-summary')).toHaveText('13 dated events, 2001–2020 · 1 undated')

  // Undated events are listed apart.
  const undated = ada.getByTestId('timeline-undated').locator('[data-event-id]')
  await expect(undated).toHaveCount(1)
  await expect(undated).toHaveAttribute('data-event-id', 'ev-caption-meeting')
  await expect(undated).toHaveText('Putin–Netanyahu meeting (photo)')

  // The worst verdict of the linked claims colours an event; without a reviewed claim it stays neutral.
  const tones = Object.fromEntries(await marksOf(ada).evaluateAll((marks) => marks.map((element) => [element.getAttribute('data-event-id'), element.getAttribute('data-tone')])))
  expect(tones).toMatchObject({
    'ev-putin-elected': 'false',
    'ev-moscow-meeting': 'false',
    'ev-annexation': 'misleading',
    'ev-june-2016-meeting': 'disputed',
    'ev-crimea-stance': 'unverifiable',
    'ev-abraham-accords': 'supported',
    'ev-zhirinovsky-visit': 'neutral',
    'ev-hostile': 'neutral',
  })
  await expect(mark(ada, 'ev-putin-elected')).toHaveAttribute('aria-label', /^was elected in 2001, 2001, linked claims: 1 false$/)
  const falseFill = await mark(ada, 'ev-putin-elected')
    .locator('.timeline-bar')
    .evaluate((bar) => getComputedStyle(bar).fill)
  const neutralFill = await mark(ada, 'ev-zhirinovsky-visit')
    .locator('.timeline-bar')
    .evaluate((bar) => getComputedStyle(bar).fill)
  expect(falseFill).toBe('rgb(179, 38, 30)')
  expect(neutralFill).not.toBe(falseFill)

  // Markup in a summary is text, never markup.
  await expect(mark(ada, 'ev-hostile').locator('title')).toContainText(HOSTILE)
  await expect(timelineOf(ada).locator('img')).toHaveCount(0)
  expect(await ada.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
  await expectNoSeriousViolations(ada, 'a document with the timeline open')
  await saveScreenshot(ada, 'timeline-seed')

  // A click on an event far down the article scrolls the text to it, above the drawer, and selects it.
  await ada.evaluate(() => window.scrollTo(0, 0))
  await expect(highlight(ada, 'ev-abraham-accords')).not.toBeInViewport()
  await mark(ada, 'ev-abraham-accords').click()
  await expectShownAboveDrawer(ada, highlight(ada, 'ev-abraham-accords'))
  expect(await selectedAnnotationId(ada)).toBe('ev-abraham-accords')
  await expect(highlight(ada, 'ev-abraham-accords')).toHaveClass(/is-selected/)
  await expect(mark(ada, 'ev-abraham-accords')).toHaveAttribute('aria-current', 'true')
  await saveScreenshot(ada, 'timeline-click-scrolls-to-event')

  // The keyboard: the arrow keys move between events in time order, Enter opens one.
  await mark(ada, 'ev-abraham-accords').focus()
  await ada.keyboard.press('Home')
  await expect(mark(ada, 'ev-putin-elected')).toBeFocused()
  await ada.keyboard.press('ArrowRight')
  await expect(mark(ada, 'ev-zhirinovsky-visit')).toBeFocused()
  await ada.keyboard.press('Enter')
  await expectShownAboveDrawer(ada, highlight(ada, 'ev-zhirinovsky-visit'))
  expect(await selectedAnnotationId(ada)).toBe('ev-zhirinovsky-visit')
  await ada.keyboard.press('End')
  await ada.keyboard.press(' ')
  expect(await selectedAnnotationId(ada)).toBe('ev-abraham-accords')

  // An undated event opens the same way.
  await undated.click()
  await expectShownAboveDrawer(ada, highlight(ada, 'ev-caption-meeting'))
  expect(await selectedAnnotationId(ada)).toBe('ev-caption-meeting')

  // The drawer is resized from the keyboard, stays open across a reload, and closes.
  const before = (await ada.getByTestId('document-views').boundingBox())!.height
  await ada.getByRole('separator', { name: 'Resize the views panel' }).focus()
  await ada.keyboard.press('ArrowUp')
  await expect.poll(async () => Math.round((await ada.getByTestId('document-views').boundingBox())!.height)).toBe(Math.round(before) + 40)
  await ada.reload()
  await expect(timelineOf(ada)).toBeVisible()
  await expect(ada.getByTestId('view-toggle-timeline')).toHaveAttribute('aria-pressed', 'true')
  // In a narrower window the axis ticks every other year, and a click still shows the event above the drawer.
  await ada.setViewportSize({ width: 1100, height: 800 })
  await ada.reload()
  await expect(timelineOf(ada).locator('.timeline-tick').first()).toHaveAttribute('data-year', '2002')
  await mark(ada, 'ev-moscow-meeting').click()
  await expectShownAboveDrawer(ada, highlight(ada, 'ev-moscow-meeting'))
  await saveScreenshot(ada, 'timeline-narrow-window')
  await ada.getByRole('button', { name: 'Close the views panel' }).click()
  await expect(ada.getByTestId('document-views')).toHaveCount(0)
  await expect(ada.getByTestId('view-toggle-timeline')).toHaveAttribute('aria-pressed', 'false')
})

test('the timeline is live: an event another person tags and dates appears in its place, an undated one moves onto the axis', async ({ browser, request }) => {
  const id = await importSeed(request)
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)
  await openTimeline(ada)
  await expect(marksOf(ada)).toHaveCount(SEED_ORDER.length)

  const dateField = (page: Page) => page.getByTestId('annotation-detail').getByLabel(/^Date/)
  const newId = await tagText(bea, 'Netanyahu instructed Israel', 'Event')
  await expect(ada.getByTestId('timeline-undated').locator(`[data-event-id="${newId}"]`)).toHaveText('Netanyahu instructed Israel')
  await dateField(bea).fill('2016-12')
  await bea.getByTestId('annotation-detail').getByRole('button', { name: 'Save' }).click()
  await expect(bea.getByTestId('annotation-detail').getByRole('status')).toHaveText('Saved')

  const order = [...SEED_ORDER]
  order.splice(order.indexOf('ev-private-meeting') + 1, 0, newId)
  await expect.poll(() => markIds(ada)).toEqual(order)
  await expect(ada.getByTestId('timeline-undated').locator(`[data-event-id="${newId}"]`)).toHaveCount(0)
  await expect(mark(ada, newId).locator('.timeline-date')).toHaveText('Dec 2016')

  // The caption's meeting, undated, gets a date from Bea and moves onto the axis, first.
  await bea.locator('[data-annotation-item="ev-caption-meeting"]').click()
  await dateField(bea).fill('2000-09')
  await bea.getByTestId('annotation-detail').getByRole('button', { name: 'Save' }).click()
  await expect.poll(() => markIds(ada)).toEqual(['ev-caption-meeting', ...order])
  await expect(ada.getByTestId('timeline-undated')).toHaveCount(0)
  await expect(timelineOf(ada).locator('.timeline-tick').first()).toHaveAttribute('data-year', '2000')
  await saveScreenshot(ada, 'timeline-live')
})

test('without events the timeline says how to add them; an undated event is listed until it has a date', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'No events yet', format: 'txt', source: 'Quiet\n\nNothing happened here, until the summit in Vienna.' })
  const { ada } = await openPagesOfAdaAndBea(browser, id)
  await openTimeline(ada)
  await expect(ada.getByTestId('timeline-summary')).toHaveText('No events yet')
  await expect(timelineOf(ada)).toContainText('Select words in the text and choose Event')
  await expect(timelineOf(ada).locator('svg.timeline-events')).toHaveCount(0)
  await saveScreenshot(ada, 'timeline-empty')
  const eventId = await tagText(ada, 'the summit in Vienna', 'Event')
  await expect(ada.getByTestId('timeline-summary')).toHaveText('No dated events yet · 1 undated')
  await expect(timelineOf(ada)).toContainText('Give an event a date')
  await expect(ada.getByTestId('timeline-undated').locator(`[data-event-id="${eventId}"]`)).toHaveText('the summit in Vienna')
  await expectNoSeriousViolations(ada, 'the timeline with an undated event only')
})
