import { expect, test, type Locator, type Page } from '@playwright/test'
import { editorOf, expectConnected, highlightText, newPerson, placeCaret, saveScreenshot, tagText, type Person } from './support/app'
import { startClusterStack, type ClusterStack } from './support/cluster-stack'

// Two browsers on two collab-server instances (one PostgreSQL, one Redis), each through an app of
// its own. Ada's app lists both instances (COLLAB_URL="<1>,<2>"), Bea's lists instance 2 only.
// Ada is pinned to instance 1 by opening the document while instance 2 is still down: whichever URL
// her page picks first, she ends on instance 1 (a refused instance 2 moves her there: the failover
// itself). So the topology is the same on every run, with no hook into the page's code.

const SOURCE = 'Shared notes\n\nThe meeting was held in Moscow.\n\nA second paragraph stays as it is.'

let stack: ClusterStack

test.beforeAll(async () => {
  test.setTimeout(180_000)
  stack = await startClusterStack()
})

test.afterAll(async () => {
  await stack?.stop()
})

/** Every websocket URL the page opened, in order (Playwright only watches; it changes nothing). */
function recordSockets(page: Page): string[] {
  const urls: string[] = []
  page.on('websocket', (socket) => urls.push(socket.url()))
  return urls
}

/** Starts recording each connection status the page's badge shows, in order. */
async function recordStatuses(page: Page): Promise<() => Promise<string[]>> {
  await page.getByTestId('connection-status').evaluate((badge) => {
    const seen: string[] = [badge.getAttribute('data-status') ?? '']
    ;(window as unknown as { statusesSeen: string[] }).statusesSeen = seen
    new MutationObserver(() => seen.push(badge.getAttribute('data-status') ?? '')).observe(badge, { attributes: true, attributeFilter: ['data-status'] })
  })
  return () => page.evaluate(() => (window as unknown as { statusesSeen: string[] }).statusesSeen)
}

async function open(person: Person, appUrl: string, id: string): Promise<Locator> {
  await person.page.goto(`${appUrl}/docs/${id}`)
  await expectConnected(person.page, 20_000)
  const editor = editorOf(person.page)
  await expect(editor.locator('p').first()).toBeVisible()
  return editor
}

const paragraphs = (editor: Locator) => editor.locator('p').allTextContents()

test('two browsers on different instances type, tag and see each other live; killing one instance loses nothing', async ({ browser }) => {
  test.setTimeout(120_000)
  const [one, two] = stack.instances
  const [appOne, appTwo] = stack.appUrls
  const created = await fetch(`${appOne}/api/docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Across instances', format: 'txt', source: SOURCE }),
  })
  expect(created.status, await created.clone().text()).toBe(201)
  const { id } = (await created.json()) as { id: string }

  const ada = await newPerson(browser, 'Ada', '#0072B2')
  const adaSockets = recordSockets(ada.page)
  const adaEditor = await open(ada, appOne, id)
  expect(new URL(adaSockets.at(-1)!).port, `Ada's sockets: ${adaSockets.join(', ')}`).toBe(String(one.port))

  await two.start()
  const bea = await newPerson(browser, 'Bea', '#D55E00')
  const beaSockets = recordSockets(bea.page)
  const beaEditor = await open(bea, appTwo, id)
  expect(new URL(beaSockets.at(-1)!).port).toBe(String(two.port))

  // The foundation's test: both type into one paragraph at once, see each other's caret and name.
  await placeCaret(adaEditor, 0, 'start')
  await placeCaret(beaEditor, 0, 'end')
  await Promise.all([ada.page.keyboard.type('Ada wrote this. ', { delay: 15 }), bea.page.keyboard.type(' Bea added that.', { delay: 15 })])
  const expected = 'Ada wrote this. The meeting was held in Moscow. Bea added that.'
  await expect(adaEditor.locator('p').first()).toHaveText(expected)
  await expect(beaEditor.locator('p').first()).toHaveText(expected)
  await expect(ada.page.locator('.remote-caret[data-user-name="Bea"]')).toBeVisible()
  await expect(bea.page.locator('.remote-caret[data-user-name="Ada"]')).toBeVisible()
  await expect(ada.page.getByTestId('presence-list')).toContainText('Bea')
  await expect(bea.page.getByTestId('presence-list')).toContainText('Ada')

  // Ada tags a span on instance 1; Bea sees the annotation and its highlight on instance 2.
  const annotation = await tagText(ada.page, 'held in Moscow', 'Event')
  await expect(bea.page.getByTestId('annotation-count')).toHaveText('1')
  await expect.poll(() => highlightText(bea.page, annotation)).toBe('held in Moscow')
  await saveScreenshot(ada.page, 'cluster-ada-on-instance-1')
  await saveScreenshot(bea.page, 'cluster-bea-on-instance-2')

  // Instance 1 is SIGKILLed while both type: Ada's page moves to instance 2 by itself.
  const statusesOfAda = await recordStatuses(ada.page)
  await placeCaret(adaEditor, 1, 'end')
  await placeCaret(beaEditor, 0, 'start')
  const adaWords = ' Ada keeps typing while her server dies.'
  const beaWords = 'Bea types through it. '
  await Promise.all([
    ada.page.keyboard.type(adaWords, { delay: 45 }),
    bea.page.keyboard.type(beaWords, { delay: 45 }),
    new Promise((resolve) => setTimeout(resolve, 500)).then(() => one.kill()),
  ])
  await expectConnected(ada.page, 20_000)
  const statuses = await statusesOfAda()
  expect(statuses.indexOf('reconnecting'), `statuses: ${statuses.join(' → ')}`).toBeGreaterThan(0)
  expect(statuses.at(-1)).toBe('connected')
  expect(new URL(adaSockets.at(-1)!).port, `Ada's sockets: ${adaSockets.join(', ')}`).toBe(String(two.port))

  const final = [`${beaWords}${expected}`, `A second paragraph stays as it is.${adaWords}`]
  await expect(adaEditor.locator('p')).toHaveText(final)
  await expect(beaEditor.locator('p')).toHaveText(final)
  await expect.poll(() => highlightText(ada.page, annotation)).toBe('held in Moscow')
  // Presence crosses over too: Ada's followed her to instance 2, and she sees Bea (idle now) at
  // once, not after Bea's next presence renewal (15–30 s).
  await expect(bea.page.locator('.remote-caret[data-user-name="Ada"]')).toBeVisible()
  await expect(ada.page.locator('.remote-caret[data-user-name="Bea"]')).toBeVisible({ timeout: 5000 })
  await expect(ada.page.getByTestId('presence-list')).toContainText('Bea', { timeout: 1000 })
  await saveScreenshot(ada.page, 'cluster-ada-after-failover')

  // Nothing was lost: instance 1 restarts from PostgreSQL and a third person sees it all there.
  await one.start()
  const cyd = await newPerson(browser, 'Cyd', '#009E73')
  const cydSockets = recordSockets(cyd.page)
  const cydEditor = await open(cyd, appOne, id)
  await expect(cydEditor.locator('p')).toHaveText(final)
  expect(await paragraphs(cydEditor)).toEqual(await paragraphs(beaEditor))
  await expect.poll(() => highlightText(cyd.page, annotation)).toBe('held in Moscow')
  expect(cydSockets.length).toBeGreaterThan(0)
  for (const person of [ada, bea, cyd]) await person.context.close()
})
