import { expect, test, type Page } from '@playwright/test'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { startAuthStack, type AuthStack } from './support/auth-stack'
import { expectNoSeriousViolations } from './support/axe'
import { createDocument, expectConnected, importFileWithReport, newPerson, openDocument, saveScreenshot, selectText, tagText, type Person } from './support/app'

const people: Person[] = []

test.afterEach(async () => {
  for (const person of people.splice(0)) await person.context.close()
})

async function person(browser: Parameters<typeof newPerson>[0], name = 'Ada'): Promise<Page> {
  const created = await newPerson(browser, name, '#0072B2')
  people.push(created)
  return created.page
}

const SOURCE = 'Accessibility\n\nThe ministers met in Moscow on Tuesday. Putin said: "We are good partners."\n\nA second paragraph.'

test.describe('with access control off', () => {
  test('the documents page: list, new document form, a failed import and an import report', async ({ browser, request }) => {
    await createDocument(request, { title: 'Listed for axe', format: 'blank' })
    const page = await person(browser)
    await page.goto('/')
    await expect(page.getByTestId('document-list')).toBeVisible()
    await expectNoSeriousViolations(page, 'the documents page')

    await page.getByLabel('Import a .txt, .md or .html file').setInputFiles({ name: 'figures.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not text') })
    await expect(page.locator('.new-document').getByRole('alert')).toBeVisible()
    await expectNoSeriousViolations(page, 'the documents page with an import error')

    await importFileWithReport(page)
    await expect(page.getByTestId('import-report')).toBeVisible()
    await expectNoSeriousViolations(page, 'the documents page with an import report')
  })

  test('a document as editor: tag bar, a selected annotation with its form, a comment and filters', async ({ browser, request }) => {
    const id = await createDocument(request, { title: 'Accessibility', format: 'txt', source: SOURCE })
    const page = await person(browser)
    await openDocument(page, id)
    await expectNoSeriousViolations(page, 'a document with no annotations')

    await selectText(page, 'met in Moscow')
    await expect(page.getByTestId('tag-bar')).toBeVisible()
    await expectNoSeriousViolations(page, 'a document with the tag bar shown')

    await tagText(page, 'met in Moscow', 'Event')
    await tagText(page, 'We are good partners.', 'Quote')
    await tagText(page, 'A second paragraph', 'Claim')
    const detail = page.getByTestId('annotation-detail')
    await detail.getByLabel('Add a comment').fill('Worth checking.')
    await detail.getByRole('button', { name: 'Comment' }).click()
    await expect(detail.getByTestId('comments')).toContainText('Worth checking.')
    await page.getByRole('group', { name: 'Filter annotations' }).getByRole('button', { name: 'Claims 1' }).click()
    await expect(page.getByTestId('annotation-detail')).toBeVisible()
    await expectNoSeriousViolations(page, 'a document with a selected claim, its form and comments')

    await page.getByTestId('annotation-detail').getByRole('button', { name: 'Delete' }).click()
    await expect(page.getByTestId('annotation-panel').getByRole('status').filter({ hasText: 'Annotation deleted.' })).toBeVisible()
    await expectNoSeriousViolations(page, 'a document with the undo toast')
  })

  test('the share dialog, the identity dialog and the export menu, each open', async ({ browser, request }) => {
    const id = await createDocument(request, { title: 'Dialogs', format: 'txt', source: SOURCE })
    const page = await person(browser)
    await openDocument(page, id)

    await page.getByRole('button', { name: 'Share', exact: true }).click()
    await expect(page.getByTestId('share-dialog')).toContainText('Access control is off')
    await expectNoSeriousViolations(page, 'the share dialog (AUTH off)')
    await saveScreenshot(page, 'a11y-share-dialog-auth-off')
    await page.keyboard.press('Escape')

    await page.getByRole('button', { name: 'Ada', exact: true }).click()
    await expect(page.getByRole('dialog', { name: 'Who is editing?' })).toBeVisible()
    await expectNoSeriousViolations(page, 'the identity dialog')
    await saveScreenshot(page, 'a11y-identity-dialog')
    await page.keyboard.press('Escape')

    await page.getByText('Export', { exact: true }).click()
    await expect(page.getByTestId('export-download')).toBeVisible()
    await expectNoSeriousViolations(page, 'the export menu')
    await saveScreenshot(page, 'a11y-export-menu')
  })

  test('the identity dialog a first visit opens', async ({ browser, request }) => {
    const id = await createDocument(request, { title: 'First visit', format: 'txt', source: SOURCE })
    const context = await browser.newContext()
    people.push({ context, page: await context.newPage() })
    const page = people.at(-1)!.page
    await page.goto(`/docs/${id}`)
    await expect(page.getByRole('dialog', { name: 'Who is editing?' })).toBeVisible()
    await expectNoSeriousViolations(page, 'the first-visit identity dialog')
    await saveScreenshot(page, 'a11y-identity-dialog-first-visit')
  })

  test('the not-found page', async ({ browser }) => {
    const page = await person(browser)
    await page.goto('/docs/no-such-document-here')
    await expect(page.getByTestId('not-found')).toBeVisible()
    await expectNoSeriousViolations(page, 'the not-found page')
  })
})

test.describe('with access control on', () => {
  const DOC = 'israel-russia-part-2'
  let stack: AuthStack

  test.beforeAll(async () => {
    stack = await startAuthStack()
  })

  test.afterAll(async () => {
    await stack?.stop()
  })

  test('the documents page without an admin link, and access refused for a forged token', async ({ browser }) => {
    const page = await person(browser)
    await page.goto(`${stack.appUrl}/`)
    await expect(page.locator('.documents-list').getByRole('alert')).toBeVisible()
    await expectNoSeriousViolations(page, 'the documents page refused a list')

    const forged = await signShareToken('another-secret-that-is-long-enough-0123456789', { doc: DOC, role: 'editor' })
    await page.goto(`${stack.appUrl}/docs/${DOC}?token=${forged}`)
    await expect(page.getByTestId('access-refused')).toBeVisible()
    await expectNoSeriousViolations(page, 'the access-refused page')
  })

  test("a viewer's page and an annotator's page", async ({ browser }) => {
    const page = await person(browser, 'Vic')
    await page.goto(`${stack.appUrl}/docs/${DOC}?token=${await signShareToken(stack.secret, { doc: DOC, role: 'viewer' })}`)
    await expectConnected(page)
    await expect(page.getByTestId('role-badge')).toHaveText('Viewer')
    await expectNoSeriousViolations(page, "a viewer's page")

    await page.goto(`${stack.appUrl}/docs/${DOC}?token=${await signShareToken(stack.secret, { doc: DOC, role: 'annotator' })}`)
    await expectConnected(page)
    await expect(page.getByTestId('role-badge')).toHaveText('Annotator')
    await expectNoSeriousViolations(page, "an annotator's page")
  })

  test('the share dialog with a link per role, asking to confirm revocation', async ({ browser }) => {
    const page = await person(browser, 'Adi')
    await page.goto(`${stack.appUrl}/docs/${DOC}?token=${await signAdminToken(stack.secret)}`)
    await expectConnected(page)
    await page.getByRole('button', { name: 'Share', exact: true }).click()
    const dialog = page.getByTestId('share-dialog')
    await expect(dialog.locator('[data-role-link]')).toHaveCount(3)
    await expectNoSeriousViolations(page, 'the share dialog with links')
    await saveScreenshot(page, 'a11y-share-dialog-links')
    await dialog.getByRole('button', { name: 'Revoke all links…' }).click()
    await expect(dialog).toContainText('Every link made so far stops working')
    await expectNoSeriousViolations(page, 'the share dialog asking to confirm revocation')
    await saveScreenshot(page, 'a11y-share-dialog-revoke-confirm')
  })
})
