import { expect, test, type Page } from '@playwright/test'
import { createDocument, editorOf, pagesOfAdaAndBea, saveScreenshot, tagText } from './support/app'

const openPagesOfAdaAndBea = pagesOfAdaAndBea()

const detailOf = (page: Page) => page.getByTestId('annotation-detail')
const linksOf = (page: Page) => detailOf(page).getByTestId('annotation-links')
const listItem = (page: Page, id: string) => page.locator(`[data-annotation-item="${id}"]`)
const highlight = (page: Page, id: string) => editorOf(page).locator(`[data-annotation-id="${id}"]`).first()

const SOURCE =
  'Russia and Israel\n\nThe minister said that Russia is neutral in the conflict.\n\nCritics answered that Russia sides with Iran, and Putin met Raisi in Tehran in July.'

test('a claim linked to a quote by clicking it in the text shows the link both ways, for both people; a deleted end leaves a broken link', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Links', format: 'txt', source: SOURCE })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)
  const quoteId = await tagText(ada, 'Russia sides with Iran', 'Quote')
  const eventId = await tagText(ada, 'Putin met Raisi in Tehran', 'Event')
  const claimId = await tagText(ada, 'Russia is neutral', 'Claim')

  // Ada, on the claim: "contradicted by", then a click on the quote's highlight picks it.
  await expect(detailOf(ada).locator('.detail-text')).toHaveText('Russia is neutral')
  await linksOf(ada).getByRole('button', { name: 'Link this claim to…' }).click()
  await linksOf(ada).getByLabel('This claim…').selectOption({ label: 'contradicted by' })
  await expect(editorOf(ada)).toHaveClass(/is-picking/)
  await highlight(ada, quoteId).click()
  await expect(linksOf(ada).getByRole('status')).toHaveText('Linked: contradicted by “Russia sides with Iran”.')
  await expect(editorOf(ada)).not.toHaveClass(/is-picking/)
  // Picking did not select the quote: the claim stays open.
  await expect(detailOf(ada).locator('.detail-text')).toHaveText('Russia is neutral')
  const adaRow = linksOf(ada).locator('.link-row')
  await expect(adaRow).toHaveCount(1)
  await expect(adaRow.locator('.link-relation')).toHaveText('contradicted by')
  await expect(adaRow.locator('.link-target')).toContainText('Russia sides with Iran')
  await expect(listItem(ada, claimId).getByTestId('link-summary')).toHaveText('contradicted by 1 quote')
  await saveScreenshot(ada, 'links-claim-with-evidence')

  // The claim's own highlight cannot be picked (the reason is shown); Escape in the text stops picking.
  await linksOf(ada).getByRole('button', { name: 'Link this claim to…' }).click()
  await highlight(ada, claimId).click()
  await expect(linksOf(ada).getByRole('alert')).toHaveText('link: an annotation cannot link to itself')
  await ada.keyboard.press('Escape')
  await expect(editorOf(ada)).not.toHaveClass(/is-picking/)
  await expect(linksOf(ada).getByRole('group', { name: 'New link' })).toHaveCount(0)
  await expect(linksOf(ada).getByRole('alert')).toHaveCount(0)
  await expect(detailOf(ada).locator('.detail-text')).toHaveText('Russia is neutral')

  // Bea sees it from both ends: the list says so, and the quote's detail reads the other way.
  await expect(listItem(bea, claimId).getByTestId('link-summary')).toHaveText('contradicted by 1 quote')
  await expect(listItem(bea, quoteId).getByTestId('link-summary')).toHaveText('contradicts 1 claim')
  await listItem(bea, quoteId).click()
  await expect(linksOf(bea).locator('.link-row .link-relation')).toHaveText('contradicts')
  // The link opens the annotation at its other end.
  await linksOf(bea).locator('.link-target').click()
  await expect(detailOf(bea).locator('.detail-text')).toHaveText('Russia is neutral')

  // Bea links the claim to the event by searching for its words.
  await linksOf(bea).getByRole('button', { name: 'Link this claim to…' }).click()
  await linksOf(bea).getByLabel('This claim…').selectOption({ label: 'mentioned by' })
  await linksOf(bea).getByPlaceholder('Search annotations by their words').fill('raisi')
  await saveScreenshot(bea, 'links-picker-search')
  await linksOf(bea).getByRole('list', { name: 'Matching annotations' }).getByRole('button').click()
  await expect(linksOf(bea).locator('.link-row')).toHaveCount(2)
  await expect(listItem(ada, eventId).getByTestId('link-summary')).toHaveText('mentions 1 claim')
  await expect(listItem(ada, claimId).getByTestId('link-summary')).toHaveText('contradicted by 1 quote · mentioned by 1 event')

  // The same link again is refused with the reason.
  await linksOf(bea).getByRole('button', { name: 'Link this claim to…' }).click()
  await linksOf(bea).getByLabel('This claim…').selectOption({ label: 'mentioned by' })
  await highlight(bea, eventId).click()
  await expect(linksOf(bea).getByRole('alert')).toContainText(`already has a "mentions" link to "${claimId}"`)
  await linksOf(bea).getByRole('button', { name: 'Cancel' }).click()

  // Ada deletes the claim: for Bea, the quote's and the event's links to it are broken, and removable.
  await listItem(ada, claimId).click()
  await detailOf(ada).getByRole('button', { name: 'Delete' }).click()
  await expect(listItem(bea, claimId)).toHaveCount(0)
  await listItem(bea, quoteId).click()
  await expect(linksOf(bea).getByTestId('broken-link')).toHaveText('a deleted annotation')
  await expect(listItem(bea, quoteId).getByTestId('link-summary')).toHaveText('1 broken')
  await linksOf(bea).getByRole('button', { name: 'Remove link: contradicts a deleted annotation' }).click()
  await expect(linksOf(bea).locator('.link-row')).toHaveCount(0)
  await expect(listItem(ada, quoteId).getByTestId('link-summary')).toHaveCount(0)
  await expect(listItem(ada, eventId).getByTestId('link-summary')).toHaveText('1 broken')
})
