import { expect, test, type Download, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { signShareToken } from '../../collab-server/auth/tokens'
import { startAuthStack } from './support/auth-stack'
import { expectConnected, newPerson, openDocument, saveScreenshot, tagText } from './support/app'
import { expectNoSeriousViolations } from './support/axe'

const ARTICLE = 'https://www.israpundit.example/2020/03/israel-russia-relations'
const FACTCHECK_PAGE = 'https://factcheck.example/reviews/israel-russia'
const CLAIM_SOURCE = 'https://www.kremlin.example/events/president/news/2011'
const CLAIM_ARCHIVE = 'https://web.archive.org/web/2011/https://www.kremlin.example/events/president/news/2011'
const TEXT = 'Sourced article\n\nIn 2011, Putin said that Israel is practically a Russian-speaking country.\n\nThe visit took place in Sochi.'

const byline = (page: Page) => page.getByTestId('document-byline')

/** A script's Yjs client of the seed article on the collab server at `port` (no browser, so no Origin). */
async function metaWriter(port: number, token: string) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, 'israel-russia-part-2', doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  })
  await expect.poll(() => provider.synced, { timeout: 15_000 }).toBe(true)
  return {
    set: (entries: Record<string, unknown>) => doc.transact(() => Object.entries(entries).forEach(([key, value]) => doc.getMap('meta').set(key, value))),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}
const detailsDialog = (page: Page) => page.getByTestId('details-dialog')

async function download(page: Page, format: 'w3c' | 'claimreview'): Promise<unknown> {
  await page.getByText('Export', { exact: true }).click()
  await page.getByLabel('Export format').selectOption(format)
  const [file]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()])
  await page.keyboard.press('Escape')
  return JSON.parse(readFileSync(await file.path(), 'utf8'))
}

test('a document imported with its source shows it under the title; an editor’s change reaches another browser; exports carry it', async ({ browser }) => {
  const ada = await newPerson(browser, 'Ada', '#0072B2')
  const bea = await newPerson(browser, 'Bea', '#D55E00')
  const page = ada.page

  // The form asks for the source, folded away until wanted; a bad address is named before anything is sent.
  await page.goto('/')
  await page.getByLabel('Title').fill('Israel and Russia, sourced')
  await page.getByText('Source (optional)').click()
  await page.getByLabel('Address').fill('javascript:alert(1)')
  await page.getByLabel('Import a .txt, .md or .html file').setInputFiles({ name: 'article.txt', mimeType: 'text/plain', buffer: Buffer.from(TEXT) })
  await expect(page.locator('.new-document').getByRole('alert')).toHaveText('Address: must be an absolute http:// or https:// URL')
  await page.getByLabel('Address').fill(ARTICLE)
  await page.getByLabel('Publisher').fill('Israpundit')
  await page.getByLabel('Authors').fill('Ted Belman, Alexander Maistrovoy')
  await page.getByLabel('Published').fill('2020-03')
  await page.getByLabel('Language').fill('en')
  await saveScreenshot(page, 'document-source-form')
  await expectNoSeriousViolations(page, 'the new document form with its source')
  await page.getByLabel('Import a .txt, .md or .html file').setInputFiles({ name: 'article.txt', mimeType: 'text/plain', buffer: Buffer.from(TEXT) })
  await expect(page).toHaveURL(/\/docs\/[A-Za-z0-9_-]+$/)
  await expectConnected(page)
  const id = new URL(page.url()).pathname.split('/').pop()!

  // Under the title: authors, publisher, date, language, and the article in a new tab without a referrer.
  await expect(page.locator('.header-title')).toHaveText('Israel and Russia, sourced')
  await expect(byline(page).locator('.byline-part')).toHaveText(['By Ted Belman and Alexander Maistrovoy', 'Israpundit', 'March 2020', 'English', 'Source ↗'])
  const sourceLink = byline(page).getByRole('link', { name: 'Source ↗' })
  await expect(sourceLink).toHaveAttribute('href', ARTICLE)
  await expect(sourceLink).toHaveAttribute('target', '_blank')
  await expect(sourceLink).toHaveAttribute('rel', 'noopener noreferrer')
  await expect(page.getByTestId('source-link')).toHaveText('israpundit.example ↗')

  await openDocument(bea.page, id)
  await expect(byline(bea.page)).toContainText('Israpundit')

  // The details dialog is a modal: Escape shuts it and focus goes back to the button that opened it.
  const editDetails = page.getByRole('button', { name: 'Edit details…' })
  await editDetails.click()
  const dialog = detailsDialog(page)
  await expect(dialog.getByLabel('Address')).toHaveValue(ARTICLE)
  await expectNoSeriousViolations(page, 'the document details dialog')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(editDetails).toBeFocused()

  // Ada edits the details; a bad address is refused naming the field, and nothing is written.
  await editDetails.click()
  await dialog.getByLabel('Fact-check page').fill(`${FACTCHECK_PAGE}#top`)
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('factcheck.baseUrl: must be an absolute http:// or https:// URL without a #fragment')
  await dialog.getByLabel('Fact-check page').fill(FACTCHECK_PAGE)
  await dialog.getByLabel(/^Organization —/).fill('Example Fact Check')
  await dialog.getByLabel('Organization website').fill('https://factcheck.example/')
  await dialog.getByLabel('Publisher').fill('Israpundit.org')
  await dialog.getByLabel('Published').fill('2020-03-05')
  await saveScreenshot(page, 'document-source-dialog')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toBeHidden()

  // Bea sees it at once, without reloading.
  await expect(byline(bea.page).locator('.byline-part')).toHaveText(['By Ted Belman and Alexander Maistrovoy', 'Israpundit.org', '5 March 2020', 'English', 'Source ↗'])
  await expect(bea.page.locator('dl.facts:not(.shortcuts)')).toContainText('Israpundit.org')

  // A claim with the page it was made on and an archived copy, as links side by side.
  await tagText(page, 'Israel is practically a Russian-speaking country', 'Claim')
  const detail = page.getByTestId('annotation-detail')
  await detail.getByLabel('Source URL').fill(CLAIM_SOURCE)
  await detail.getByLabel('Archived copy').fill(CLAIM_ARCHIVE)
  await detail.getByLabel('Verdict').selectOption({ label: 'Misleading' })
  await detail.getByRole('button', { name: 'Save' }).click()
  const links = detail.getByTestId('source-links')
  await expect(links.getByRole('link')).toHaveText(['kremlin.example ↗', 'Archived copy ↗'])
  await expect(links.getByRole('link', { name: 'Archived copy ↗' })).toHaveAttribute('href', CLAIM_ARCHIVE)
  await expect(links.getByRole('link', { name: 'Archived copy ↗' })).toHaveAttribute('rel', 'noopener noreferrer')
  await detail.getByLabel('Source URL').scrollIntoViewIfNeeded()
  await saveScreenshot(page, 'document-source')

  // The exports from the menu: W3C targets the article; ClaimReview is published on the fact-check page.
  const w3c = (await download(page, 'w3c')) as { first: { items: Array<{ motivation: string; target: { source: string } }> }; 'spanwise:document': { id: string } }
  expect(w3c.first.items.filter((item) => item.motivation !== 'linking').map((item) => item.target.source)).toEqual([ARTICLE])
  expect(w3c['spanwise:document'].id).toBe(`urn:spanwise:${id}`)
  const [review] = (await download(page, 'claimreview')) as Array<Record<string, any>>
  expect(review).toMatchObject({
    url: FACTCHECK_PAGE,
    author: { '@type': 'Organization', name: 'Example Fact Check', url: 'https://factcheck.example/' },
    contributor: { '@type': 'Person', name: 'Ada' },
    itemReviewed: {
      appearance: {
        url: ARTICLE,
        name: 'Israel and Russia, sourced',
        publisher: { '@type': 'Organization', name: 'Israpundit.org' },
        author: [
          { '@type': 'Person', name: 'Ted Belman' },
          { '@type': 'Person', name: 'Alexander Maistrovoy' },
        ],
        datePublished: '2020-03-05',
        inLanguage: 'en',
      },
      firstAppearance: { url: CLAIM_SOURCE, archivedAt: CLAIM_ARCHIVE },
    },
  })
  expect(review.sameAs).toMatch(new RegExp(`^${FACTCHECK_PAGE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}#claim-`))
  await ada.context.close()
  await bea.context.close()
})

test('with AUTH=on the seed article shows its source, annotators and viewers read the details, and a hostile value is never a link', async ({ browser }) => {
  const stack = await startAuthStack()
  const people = [await newPerson(browser, 'Eda', '#0072B2'), await newPerson(browser, 'Ann', '#D55E00')]
  try {
    const [editor, annotator] = people
    const link = async (role: 'editor' | 'annotator') =>
      `${stack.appUrl}/docs/israel-russia-part-2?token=${await signShareToken(stack.secret, { doc: 'israel-russia-part-2', role })}`
    await editor.page.goto(await link('editor'))
    await annotator.page.goto(await link('annotator'))
    for (const person of people) await expectConnected(person.page)
    // The seed article's source as far as it is known: no address, so no link.
    await expect(byline(annotator.page).locator('.byline-part')).toHaveText(['By Ted Belman and Alexander Maistrovoy', 'Israpundit', 'English'])
    await expect(annotator.page.getByRole('button', { name: 'Edit details…' })).toHaveCount(0)
    await annotator.page.getByRole('button', { name: 'Details…' }).click()
    const dialog = detailsDialog(annotator.page)
    await expect(dialog.getByLabel('Publisher')).toHaveValue('Israpundit')
    await expect(dialog.getByLabel('Publisher')).toHaveAttribute('readonly', '')
    await expect(dialog.getByRole('button', { name: 'Save' })).toHaveCount(0)
    await expect(dialog).toContainText('Only editors can change these.')
    await saveScreenshot(annotator.page, 'document-source-read-only')
    await dialog.getByRole('button', { name: 'Close' }).click()

    // An editor's script writes hostile values straight into meta: stored, but listed as ignored, and never an href.
    const script = await metaWriter(stack.collabPort, await signShareToken(stack.secret, { doc: 'israel-russia-part-2', role: 'editor' }))
    try {
      script.set({ 'source.url': 'javascript:alert(document.cookie)', 'source.publisher': { nested: { name: '<img src=x onerror=alert(1)>' } } })
      await expect(byline(annotator.page).locator('.byline-part')).toHaveText(['By Ted Belman and Alexander Maistrovoy', 'English'])
      await expect(annotator.page.locator('a[href^="javascript"], [href*="alert"]')).toHaveCount(0)
      await annotator.page.getByRole('button', { name: 'Details…' }).click()
      await expect(dialog.getByTestId('details-problems')).toContainText('source.url: must be an absolute http:// or https:// URL')
      await expect(dialog.getByTestId('details-problems')).toContainText('source.publisher: Invalid input: expected string, received object')
      await expect(annotator.page.locator('img[src="x"]')).toHaveCount(0)
      await saveScreenshot(annotator.page, 'document-source-hostile')
      await expectNoSeriousViolations(annotator.page, 'the read-only details dialog listing ignored entries')
      await dialog.getByRole('button', { name: 'Close' }).click()

      // The editor replaces the bad address from the form; the annotator gets the link.
      await editor.page.getByRole('button', { name: 'Edit details…' }).click()
      await detailsDialog(editor.page).getByLabel('Address').fill('https://israpundit.example/part-2')
      await detailsDialog(editor.page).getByLabel('Publisher').fill('Israpundit')
      await detailsDialog(editor.page).getByRole('button', { name: 'Save' }).click()
      await expect(byline(annotator.page).getByRole('link', { name: 'Source ↗' })).toHaveAttribute('href', 'https://israpundit.example/part-2')
      await expect(byline(annotator.page)).toContainText('Israpundit')
    } finally {
      script.destroy()
    }
  } finally {
    for (const person of people) await person.context.close()
    await stack.stop()
  }
})
