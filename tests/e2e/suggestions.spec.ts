import { expect, test, type Page } from '@playwright/test'
import { join } from 'node:path'
import type { NativeExport } from '../../editor/export/json'
import { createDocument, editorOf, expectConnected, newPerson, pagesOfAdaAndBea, saveScreenshot, selectText, tagText, type Person } from './support/app'
import { shareLink, startAuthStack, type AuthStack } from './support/auth-stack'
import { expectNoSeriousViolations } from './support/axe'
import { E2E } from './support/e2e-env'

const openPagesOfAdaAndBea = pagesOfAdaAndBea()

const SOURCE = 'Suggestions\n\nThe quick brown fox jumps over the lazy dog.'
const ORIGINAL = 'The quick brown fox jumps over the lazy dog.'

const paragraph = (page: Page) => editorOf(page).locator('p').first()
const panel = (page: Page) => page.getByTestId('suggestions-panel')
const items = (page: Page) => page.getByTestId('suggestion-item')
const toggle = (page: Page) => page.getByRole('button', { name: 'Suggesting' })

async function startSuggesting(page: Page) {
  await toggle(page).click()
  await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true')
}

/** Ada, suggesting: "very " before "quick", and the deletion of "brown ". */
async function suggestTwoChanges(ada: Page) {
  await startSuggesting(ada)
  await selectText(ada, 'quick', 0, 'caret-start')
  await ada.keyboard.type('very ')
  await selectText(ada, 'brown ')
  await ada.keyboard.press('Backspace')
}

async function exportJson(page: Page, id: string): Promise<NativeExport> {
  const response = await page.request.get(`/api/docs/${id}/export?format=json`)
  expect(response.status()).toBe(200)
  return (await response.json()) as NativeExport
}

test('Ada suggests an insertion and a deletion; Bea sees them live with Ada’s name, accepts one and rejects the other; exports hold the accepted text only', async ({
  browser,
  request,
}) => {
  const id = await createDocument(request, { title: 'Suggestions', format: 'txt', source: SOURCE })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)
  const claimId = await tagText(bea, 'brown fox', 'Claim')

  await suggestTwoChanges(ada)
  for (const page of [ada, bea]) {
    await expect(paragraph(page).locator('.suggestion-insertion')).toHaveText('very ')
    await expect(paragraph(page).locator('.suggestion-deletion')).toHaveText('brown ')
    await expect(paragraph(page).locator('.suggestion-insertion')).toHaveAttribute('title', 'Insertion suggested by Ada')
    await expect(paragraph(page).locator('.suggestion-deletion')).toHaveAttribute('title', 'Deletion suggested by Ada')
    await expect(panel(page).locator('.panel-title .count')).toHaveText('2')
    await expect(items(page).locator('.suggestion-author')).toHaveText([/^Ada\d{2}:\d{2}$/, /^Ada\d{2}:\d{2}$/])
    await expect(items(page).locator('.suggestion-change')).toHaveText(['Insert “very”', 'Delete “brown”'])
  }
  // Bea is not suggesting: the toggle is per person.
  await expect(toggle(bea)).toHaveAttribute('aria-pressed', 'false')
  // The claim on "brown fox" says its words may go.
  await expect(bea.locator(`[data-annotation-item="${claimId}"]`).getByTestId('deletion-proposed')).toHaveText('Deletion proposed')
  await expect(bea.getByTestId('deletion-proposed-detail')).toContainText('Deletion proposed.')

  const pending = await exportJson(bea, id)
  expect(pending.text).toBe(`Suggestions\n\n${ORIGINAL}`)
  expect(pending.document.pendingSuggestions).toBe(2)
  await saveScreenshot(bea, 'suggestions-pending')
  await expectNoSeriousViolations(bea, 'a document with pending suggestions, as an editor')
  await panel(bea).scrollIntoViewIfNeeded()
  await panel(bea).screenshot({ path: join(E2E.screenshotsDir, 'suggestions-panel.png') })
  await saveScreenshot(ada, 'suggestions-pending-suggester')

  await items(bea).getByRole('button', { name: 'Accept: Insert “very”' }).click()
  await items(bea).getByRole('button', { name: 'Reject: Delete “brown”' }).click()
  for (const page of [ada, bea]) {
    await expect(paragraph(page)).toHaveText('The very quick brown fox jumps over the lazy dog.')
    await expect(page.locator('.suggestion')).toHaveCount(0)
    await expect(panel(page)).toHaveCount(0)
  }
  await expect(bea.locator(`[data-annotation-item="${claimId}"]`)).toContainText('brown fox')
  await expect(bea.getByTestId('deletion-proposed')).toHaveCount(0)
  const decided = await exportJson(bea, id)
  expect(decided.text).toBe('Suggestions\n\nThe very quick brown fox jumps over the lazy dog.')
  expect(decided.document).not.toHaveProperty('pendingSuggestions')
  const claim = decided.annotations.find((annotation) => annotation.id === claimId)!
  expect(claim).toMatchObject({ state: 'attached', exact: 'brown fox' })
  expect(decided.text.slice(claim.start!, claim.end!)).toBe('brown fox')
})

test('suggestions survive a reload; Reject all leaves no trace in the export; the suggester undoes her own suggestion', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Suggestions reload', format: 'txt', source: SOURCE })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)
  await suggestTwoChanges(ada)
  await expect(items(bea)).toHaveCount(2)

  await bea.reload()
  await expectConnected(bea)
  await expect(items(bea).locator('.suggestion-change')).toHaveText(['Insert “very”', 'Delete “brown”'])
  await expect(paragraph(bea).locator('.suggestion-start').first()).toHaveAttribute('data-author', 'Ada')

  // Ada's undo takes back her last suggestion only (the deletion), for both.
  await editorOf(ada).focus()
  await ada.keyboard.press('ControlOrMeta+z')
  await expect(items(bea).locator('.suggestion-change')).toHaveText(['Insert “very”'])

  await panel(bea).getByRole('button', { name: 'Reject all' }).click()
  for (const page of [ada, bea]) await expect(paragraph(page)).toHaveText(ORIGINAL)
  const exported = await exportJson(bea, id)
  expect(exported.text).toBe(`Suggestions\n\n${ORIGINAL}`)
  expect(exported.document).not.toHaveProperty('pendingSuggestions')
})

test.describe('with AUTH=on', () => {
  let stack: AuthStack
  const people: Person[] = []

  test.beforeAll(async () => {
    stack = await startAuthStack()
  })

  test.afterAll(async () => {
    for (const person of people.splice(0)) await person.context.close()
    await stack?.stop()
  })

  test('annotators and viewers see suggestions and who made them, but cannot suggest, accept or reject', async ({ browser }) => {
    const DOC = 'israel-russia-part-2'
    const link = (role: 'editor' | 'annotator' | 'viewer') => shareLink(stack, DOC, role)
    const editor = await newPerson(browser, 'Eda', '#0072B2')
    const annotator = await newPerson(browser, 'Ann', '#D55E00')
    const viewer = await newPerson(browser, 'Vic', '#009E73')
    people.push(editor, annotator, viewer)
    await editor.page.goto(await link('editor'))
    await annotator.page.goto(await link('annotator'))
    await viewer.page.goto(await link('viewer'))
    for (const person of [editor, annotator, viewer]) await expectConnected(person.page)

    await startSuggesting(editor.page)
    await selectText(editor.page, 'saw little improvement')
    await editor.page.keyboard.press('Backspace')
    for (const person of [annotator, viewer]) {
      const { page } = person
      await expect(page.locator('.suggestion-deletion')).toHaveText('saw little improvement')
      await expect(items(page).locator('.suggestion-change')).toHaveText(['Delete “saw little improvement”'])
      await expect(items(page).locator('.suggestion-author')).toHaveText(/^Eda/)
      await expect(panel(page).getByRole('button', { name: /Accept|Reject/ })).toHaveCount(0)
      await expect(toggle(page)).toBeDisabled()
    }
    await saveScreenshot(viewer.page, 'suggestions-viewer')
    await expectNoSeriousViolations(viewer.page, 'a document with a pending suggestion, as a viewer')
    await expect(viewer.page.getByTestId('discarded-banner')).toHaveCount(0)
    await expect(annotator.page.getByTestId('discarded-banner')).toHaveCount(0)

    await items(editor.page)
      .getByRole('button', { name: /^Reject:/ })
      .click()
    for (const person of [editor, annotator, viewer]) await expect(panel(person.page)).toHaveCount(0)
  })
})
