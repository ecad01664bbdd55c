import { expect, test, type Locator, type Page } from '@playwright/test'
import { createDocument, newPerson, openDocument, type Person } from './support/app'

const people: Person[] = []

test.afterEach(async () => {
  for (const person of people.splice(0)) await person.context.close()
})

/** True when the element that has focus is inside `dialog`. */
const focusIsInside = (dialog: Locator) => dialog.evaluate((element) => element.contains(document.activeElement))

/** Opens a dialog from `opener` with the keyboard, then checks it is a modal with focus inside, that Escape closes it and that focus returns to `opener`. */
async function expectModalRoundTrip(page: Page, opener: Locator, dialog: Locator) {
  await opener.focus()
  await page.keyboard.press('Enter')
  await expect(dialog).toBeVisible()
  expect(await dialog.evaluate((element) => element instanceof HTMLDialogElement && element.matches(':modal'))).toBe(true)
  await expect.poll(() => focusIsInside(dialog)).toBe(true)
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(opener).toBeFocused()
}

async function openSampleDocument(page: Page, request: Parameters<typeof createDocument>[0]) {
  const id = await createDocument(request, { title: 'Dialogs', format: 'txt', source: 'Dialogs\n\nA paragraph to share.' })
  await openDocument(page, id)
  return id
}

test('the share dialog is a modal: focus goes in, Escape and Close shut it, focus returns to Share', async ({ browser, request }) => {
  const person = await newPerson(browser, 'Ada', '#0072B2')
  people.push(person)
  const { page } = person
  await openSampleDocument(page, request)
  const opener = page.getByRole('button', { name: 'Share', exact: true })
  const dialog = page.getByRole('dialog', { name: 'Share this document' })
  await expectModalRoundTrip(page, opener, dialog)

  await opener.click()
  await expect(dialog).toContainText('Access control is off')
  // It says what to do to share with roles.
  await expect(dialog.getByTestId('auth-off-help')).toContainText('restart the collab server with AUTH=on')
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()
  await expect(opener).toBeFocused()
})

test('the identity dialog opened from the name button is a modal: focus goes in, Escape cancels, focus returns', async ({ browser, request }) => {
  const person = await newPerson(browser, 'Ada', '#0072B2')
  people.push(person)
  const { page } = person
  await openSampleDocument(page, request)
  const opener = page.getByRole('button', { name: 'Ada', exact: true })
  const dialog = page.getByRole('dialog', { name: 'Who is editing?' })
  await expectModalRoundTrip(page, opener, dialog)
  await expect(opener).toHaveText('Ada')

  await opener.click()
  await expect(dialog.getByLabel('Display name')).toBeFocused()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('Ada Lovelace')
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('button', { name: 'Ada Lovelace', exact: true })).toBeFocused()
})

test('the identity dialog of a first visit takes focus and stays until a name is given, even on Escape', async ({ browser, request }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  people.push({ context, page })
  const id = await createDocument(request, { title: 'First visit', format: 'txt', source: 'First visit\n\nWho are you?' })
  await page.goto(`/docs/${id}`)
  const dialog = page.getByRole('dialog', { name: 'Who is editing?' })
  await expect(dialog.getByLabel('Display name')).toBeFocused()
  // Escape twice: the second comes without a user activation in between, when the browser may close a dialog regardless.
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeVisible()
  await expect.poll(() => focusIsInside(dialog)).toBe(true)
  await page.keyboard.type('Bea')
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('button', { name: 'Bea', exact: true })).toBeVisible()
})

test('Escape closes the export menu and puts focus back on it', async ({ browser, request }) => {
  const person = await newPerson(browser, 'Ada', '#0072B2')
  people.push(person)
  const { page } = person
  await openSampleDocument(page, request)
  const summary = page.locator('.export-menu > summary')
  await summary.focus()
  await page.keyboard.press('Enter')
  const download = page.getByTestId('export-download')
  await expect(download).toBeVisible()
  await page.getByLabel('Export format').focus()
  await page.keyboard.press('Escape')
  await expect(download).toBeHidden()
  await expect(summary).toBeFocused()
})
