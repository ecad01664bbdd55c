import { expect, test, type Page } from '@playwright/test'
import { createDocument, editorOf, pagesOfAdaAndBea, placeCaret, saveScreenshot, selectText, tagText } from './support/app'
import { expectNoSeriousViolations } from './support/axe'

const openPagesOfAdaAndBea = pagesOfAdaAndBea()

const SOURCE = [
  'Israel – Russia relations, Part II',
  'Putin met Netanyahu in Sochi, and the talks lasted “three hours”, officials said.',
  'The minister said that Russia is a reliable partner of Israel.',
  'חביבות כמעטה לחוסר עניין. פגישת פוטין-נתניהו',
].join('\n\n')

const detailOf = (page: Page) => page.getByTestId('annotation-detail')
const listItem = (page: Page, id: string) => page.locator(`[data-annotation-item="${id}"]`)
const versionsDialog = (page: Page) => page.getByTestId('versions-dialog')

async function openVersions(page: Page) {
  await page.getByTestId('versions-button').click()
  await expect(versionsDialog(page)).toBeVisible()
}

async function saveVersion(page: Page, name: string) {
  await openVersions(page)
  const dialog = versionsDialog(page)
  const rows = await dialog.getByTestId('version-row').count()
  await dialog.getByLabel('Save this moment as a version').fill(name)
  await dialog.getByRole('button', { name: 'Save version' }).click()
  await expect(dialog.getByTestId('version-row')).toHaveCount(rows + 1)
}

test('a version keeps the old text and annotations; the comparison lists what changed; a restore makes a new document', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Israel – Russia relations', format: 'txt', source: SOURCE })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)

  const quoteId = await tagText(ada, 'three hours', 'Quote')
  const claimId = await tagText(ada, 'Russia is a reliable partner', 'Claim')
  await expect(bea.getByTestId('annotation-count')).toHaveText('2')

  // Ada saves version 1; both see it listed, with who saved it.
  await saveVersion(ada, 'before review')
  const adaRow = versionsDialog(ada).getByTestId('version-row').first()
  await expect(adaRow).toContainText('Version 1 — before review')
  await expect(adaRow).toContainText('by Ada')
  await expect(versionsDialog(ada).getByRole('status')).toHaveText('Saved Version 1 — before review.')
  await ada.keyboard.press('Escape')
  await expect(versionsDialog(ada)).toBeHidden()

  // Saving again with nothing changed is refused, in words, and lists nothing new.
  await openVersions(bea)
  await versionsDialog(bea).getByLabel('Save this moment as a version').fill('again')
  await versionsDialog(bea).getByRole('button', { name: 'Save version' }).click()
  await expect(versionsDialog(bea).getByRole('alert')).toContainText(/nothing changed since version 1|one version every|try again/i)
  await expect(versionsDialog(bea).getByTestId('version-row')).toHaveCount(1)
  await bea.keyboard.press('Escape')

  // Bea changes the text and the annotations.
  await selectText(bea, 'Sochi')
  await bea.keyboard.type('Moscow')
  await placeCaret(editorOf(bea), 1, 'end')
  await bea.keyboard.type(' Nothing was signed.')
  const eventId = await tagText(bea, 'Putin met Netanyahu', 'Event')
  await listItem(bea, claimId).click()
  await detailOf(bea).getByLabel('Verdict').selectOption({ label: 'False' })
  await detailOf(bea).getByRole('button', { name: 'Save' }).click()
  await expect(detailOf(bea).getByRole('status')).toHaveText('Saved')
  await listItem(bea, quoteId).click()
  await detailOf(bea).getByRole('button', { name: 'Delete' }).click()
  await expect(ada.getByTestId('annotation-count')).toHaveText('2')
  await expect(editorOf(ada)).toContainText('Putin met Netanyahu in Moscow')
  await expect(editorOf(ada)).toContainText('Nothing was signed.')
  await expect(listItem(ada, claimId).locator('.verdict-badge')).toHaveText('False')

  // A name is text, never markup: Bea's odd name shows as typed (after her changes, and at least 5 s
  // after the last save: one manual version per document every 5 s).
  await bea.waitForTimeout(5_000)
  await saveVersion(bea, '<img src=x onerror="window.hacked=1"> “quoted”')
  await expect(versionsDialog(bea).getByTestId('version-row').first()).toContainText('Version 2 — <img src=x onerror="window.hacked=1"> “quoted”')
  await expect(versionsDialog(bea).locator('img')).toHaveCount(0)
  await bea.keyboard.press('Escape')
  await expect(versionsDialog(bea)).toBeHidden()

  await ada.getByTestId('versions-button').click()
  await expect(versionsDialog(ada).getByTestId('version-row')).toHaveCount(2)
  await saveScreenshot(ada, 'versions-list')
  await expectNoSeriousViolations(ada, 'the versions dialog')
  await ada.keyboard.press('Escape')

  // Ada opens version 1: the old text, with the old annotations highlighted, and nothing editable.
  await openVersions(ada)
  await versionsDialog(ada).locator('[data-version="1"]').getByRole('link', { name: 'Open' }).click()
  await expect(ada).toHaveURL(new RegExp(`/docs/${id}/versions/1$`))
  const text = ada.getByTestId('version-text')
  await expect(text).toContainText('Putin met Netanyahu in Sochi')
  await expect(text).not.toContainText('Moscow')
  await expect(text).not.toContainText('Nothing was signed.')
  await expect(text.locator(`[data-annotation-id="${quoteId}"]`)).toHaveText('three hours')
  await expect(text.locator(`[data-annotation-id="${claimId}"]`)).toHaveText('Russia is a reliable partner')
  await expect(text.locator(`[data-annotation-id="${eventId}"]`)).toHaveCount(0)
  await expect(text.locator('.ProseMirror')).toHaveAttribute('contenteditable', 'false')
  await expect(ada.getByTestId('version-annotation')).toHaveCount(2)
  await expect(ada.locator('h1.version-title')).toContainText('Version 1 — before review')
  await saveScreenshot(ada, 'version-read-only')
  await expectNoSeriousViolations(ada, 'a version, read-only')

  // Compared with now: inserted and deleted words marked in place, the annotation changes listed.
  await ada.getByRole('link', { name: 'Compare with now' }).click()
  await expect(ada.getByTestId('compare-view')).toBeVisible()
  await expect(ada.getByTestId('diff-del')).toHaveText(['Sochi'])
  await expect(ada.getByTestId('diff-ins')).toHaveText(['Moscow', ' Nothing was signed.'])
  await expect(ada.getByTestId('compare-counts')).toHaveText('+4 words −1 word')
  await expect(ada.getByTestId('annotation-added')).toHaveCount(1)
  await expect(ada.getByTestId('annotation-added')).toContainText('“Putin met Netanyahu” by Bea')
  await expect(ada.getByTestId('annotation-removed')).toHaveCount(1)
  await expect(ada.getByTestId('annotation-removed')).toContainText('Quote “three hours”')
  await expect(ada.getByTestId('annotation-changed')).toHaveCount(1)
  await expect(ada.getByTestId('annotation-changed')).toContainText('verdict: Unreviewed → False')
  await saveScreenshot(ada, 'version-compare')
  await expectNoSeriousViolations(ada, 'a version compared with now')

  // Restored as a new document: it opens with the old text; the original keeps Bea's changes.
  await ada.getByTestId('restore-version').click()
  await ada.getByTestId('confirm-restore').click()
  await expect(ada).not.toHaveURL(/versions/)
  await expect(ada).toHaveURL(/\/docs\/israel-russia-relations-version-1-[a-z0-9]+$/)
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', { timeout: 15_000 })
  await expect(editorOf(ada)).toContainText('Putin met Netanyahu in Sochi')
  await expect(editorOf(ada)).not.toContainText('Moscow')
  await expect(ada.getByTestId('annotation-count')).toHaveText('2')
  await expect(ada.locator('.header-title')).toHaveText('Israel – Russia relations (version 1)')
  await expect(editorOf(bea)).toContainText('Putin met Netanyahu in Moscow')
  expect(await bea.evaluate(() => (window as { hacked?: number }).hacked)).toBeUndefined()
})

test('an unknown version or a bad version number is a not-found page, not an error', async ({ page, request }) => {
  const id = await createDocument(request, { title: 'No versions', format: 'txt', source: 'Just text.' })
  for (const path of [`/docs/${id}/versions/1`, `/docs/${id}/versions/abc`, `/docs/${id}/versions/0`, '/docs/missing-doc/versions/1']) {
    await page.goto(path)
    await expect(page.getByTestId('not-found')).toBeVisible()
  }
  const refused = await page.request.post(`/api/docs/${id}/versions`, { data: { name: 'x'.repeat(10_000) } })
  expect(refused.status()).toBe(400)
  expect(await refused.json()).toEqual({ error: 'name: must be at most 120 characters' })
  const restore = await page.request.post(`/api/docs/${id}/versions/..%2Fx/restore`, { data: {} })
  expect(restore.status()).toBe(400)
})
