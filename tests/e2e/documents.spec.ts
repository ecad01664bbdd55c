import { expect, test } from '@playwright/test'
import { createDocument, editorOf, expectConnected, newPerson, saveScreenshot } from './support/app'

test('the document list shows the seed article and opens it', async ({ page }) => {
  await page.goto('/')
  const link = page.locator('a[data-doc-id="israel-russia-part-2"]')
  await expect(link).toContainText('Israel – Russia relations, Part II')
  await expect(link).toContainText('Last edited')
  await saveScreenshot(page, 'documents-list')
  await link.click()
  await expect(page).toHaveURL(/\/docs\/israel-russia-part-2$/)
  // Shortcut hints name the keys people press (Ctrl here; ⌘ on Apple platforms), never "Mod".
  const shortcuts = page.locator('dl.shortcuts')
  await expect(shortcuts).toContainText('Ctrl+Z')
  await expect(shortcuts).toContainText('Ctrl+Alt+1')
  await expect(shortcuts).not.toContainText('Mod')
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', /Ctrl\+Z/)
})

test('an unknown document id shows a not-found page, not an editor', async ({ page }) => {
  const response = await page.goto('/docs/no-such-document')
  expect(response?.status()).toBe(404)
  await expect(page.getByTestId('not-found')).toContainText('Document not found')
  await expect(page.getByTestId('editor')).toHaveCount(0)
  await page.goto('/docs/bad%20id!')
  await expect(page.getByTestId('not-found')).toBeVisible()
})

test('first visit asks for a name and colour, and remembers them', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Identity check', format: 'txt', source: 'Hello there.' })
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`/docs/${id}`)
  const dialog = page.getByRole('dialog', { name: 'Who is editing?' })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Start editing' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('name must not be empty')
  await dialog.getByLabel('Display name').fill('Rivka')
  await dialog.getByLabel('Colour #007A5E').check()
  await dialog.getByRole('button', { name: 'Start editing' }).click()
  await expectConnected(page)
  await expect(page.getByTestId('presence-list')).toContainText('Rivka (you)')
  await page.reload()
  await expectConnected(page)
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(page.getByTestId('presence-list')).toContainText('Rivka')
  await context.close()
})

test('create a blank document and import .txt, .md and .html files', async ({ browser }) => {
  const { context, page } = await newPerson(browser, 'Importer', '#0072B2')
  await page.goto('/')
  await page.getByLabel('Title').fill('Fresh notes')
  await page.getByRole('button', { name: 'Create blank document' }).click()
  await expect(page).toHaveURL(/\/docs\/[A-Za-z0-9_-]+$/)
  await expectConnected(page)
  await expect(editorOf(page).locator('h1')).toHaveText('Fresh notes')

  await page.goto('/')
  await page.getByLabel('Import a .txt, .md or .html file').setInputFiles({
    name: 'field-notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Field notes\n\nThe “first” line – with Erdoğan.\n\nSecond paragraph [27].'),
  })
  await expect(page).toHaveURL(/\/docs\//)
  await expectConnected(page)
  await expect(page.locator('.header-title')).toHaveText('field notes')
  await expect(editorOf(page).locator('h1')).toHaveText('Field notes')
  await expect(editorOf(page).locator('p')).toHaveText(['The “first” line – with Erdoğan.', 'Second paragraph [27].'])

  // A Spanwise export keeps its own title, not the file's name.
  await page.goto('/')
  const exported = {
    format: 'spanwise',
    version: 1,
    offsetUnit: 'codepoint',
    document: { id: 'x', title: 'Kept from the export', createdAt: '2026-11-25T10:00:00.000Z' },
    text: 'One line.',
    annotations: [],
  }
  await page.getByLabel('Import a .txt, .md or .html file').setInputFiles({ name: 'download-3.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) })
  await expect(page).toHaveURL(/\/docs\//)
  await expectConnected(page)
  await expect(page.locator('.header-title')).toHaveText('Kept from the export')

  await page.goto('/')
  await page.getByLabel('Import a .txt, .md or .html file').setInputFiles({
    name: 'briefing.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('# Briefing\n\nA **bold** claim and an *aside*.\n\n> Quoted words'),
  })
  await expectConnected(page)
  const markdownEditor = editorOf(page)
  await expect(markdownEditor.locator('h1')).toHaveText('Briefing')
  await expect(markdownEditor.locator('strong')).toHaveText('bold')
  await expect(markdownEditor.locator('em')).toHaveText('aside')
  await expect(markdownEditor.locator('blockquote p')).toHaveText('Quoted words')

  await page.goto('/')
  await page.getByLabel('Import a .txt, .md or .html file').setInputFiles({
    name: 'page.html',
    mimeType: 'text/html',
    buffer: Buffer.from(
      '<h2>Report</h2><script>window.pwned = true</script><p onclick="alert(1)">Safe <b>text</b><img src=x onerror="window.pwned=true"></p><marquee>kept words</marquee>',
    ),
  })
  await expectConnected(page)
  const htmlEditor = editorOf(page)
  await expect(htmlEditor.locator('h2')).toHaveText('Report')
  await expect(htmlEditor.locator('p').first()).toHaveText('Safe text')
  await expect(htmlEditor).toContainText('kept words')
  await expect(htmlEditor.locator('script, img, marquee, [onclick]')).toHaveCount(0)
  expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined()
  await context.close()
})

test('a document made from pasted text keeps its paragraphs and takes its first line as title', async ({ browser }) => {
  const { context, page } = await newPerson(browser, 'Paster', '#0072B2')
  await page.goto('/')
  await page.getByText('Paste text', { exact: true }).click()
  await expect(page.getByRole('button', { name: 'Create from pasted text' })).toBeDisabled()
  // Copied from a web page: paragraphs on single lines, a Hebrew caption among them.
  await page.getByLabel(/^Text/).fill('Israel – Russia relations, Part II\r\nחביבות כמעטה לחוסר עניין\r\nThe relationship between Israel and Russia saw little improvement.\r\n')
  await page.getByRole('button', { name: 'Create from pasted text' }).click()
  await expect(page).toHaveURL(/\/docs\/[A-Za-z0-9_-]+$/)
  await expectConnected(page)
  await expect(page.locator('.header-title')).toHaveText('Israel – Russia relations, Part II')
  await expect(editorOf(page).locator('h1')).toHaveText('Israel – Russia relations, Part II')
  await expect(editorOf(page).locator('p')).toHaveText(['חביבות כמעטה לחוסר עניין', 'The relationship between Israel and Russia saw little improvement.'])
  await context.close()
})

test('a file that is not .txt, .md or .html is refused with a message', async ({ browser }) => {
  const { context, page } = await newPerson(browser, 'Importer', '#0072B2')
  await page.goto('/')
  await page.getByLabel('Import a .txt, .md or .html file').setInputFiles({
    name: 'figures.xlsx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('not text'),
  })
  await expect(page.locator('.new-document').getByRole('alert')).toHaveText('"figures.xlsx" is not a .txt, .md, .html, .json, .jsonld, .ann or .zip file.')
  await context.close()
})
