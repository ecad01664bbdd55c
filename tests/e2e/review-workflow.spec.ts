import { expect, test, type Page } from '@playwright/test'
import { createDocument, editorOf, pagesOfAdaAndBea, saveScreenshot, selectText, tagText } from './support/app'

const openPagesOfAdaAndBea = pagesOfAdaAndBea()

const detailOf = (page: Page) => page.getByTestId('annotation-detail')
const reviewOf = (page: Page) => detailOf(page).getByTestId('review-controls')
const listItem = (page: Page, id: string) => page.locator(`[data-annotation-item="${id}"]`)
const stateOf = (page: Page) => reviewOf(page).getByTestId('review-state')

const SOURCE = 'Reviews\n\nThe minister said that Russia is a reliable partner of Israel, and that nothing will change.'

test('a claim goes open → in review → reviewed → approved → needs re-review, for both people, with its history', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Review workflow', format: 'txt', source: SOURCE })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)

  const claimId = await tagText(ada, 'Russia is a reliable partner', 'Claim')
  await expect(stateOf(ada)).toHaveText('Open')

  // Ada assigns the claim to Bea, who is here: both see it in review; it is in Bea's queue, not Ada's.
  await reviewOf(ada).getByLabel('Assignee').selectOption({ label: 'Bea' })
  await expect(stateOf(ada)).toHaveText('In review')
  await expect(listItem(bea, claimId).getByTestId('review-state-badge')).toHaveText('In review')
  await expect(listItem(bea, claimId)).toContainText('assigned to Bea')
  await expect(bea.getByTestId('my-queue')).toContainText('1')
  await expect(ada.getByTestId('my-queue')).toContainText('0')
  await bea.getByTestId('my-queue').click()
  await expect(bea.getByTestId('filter-summary')).toHaveText('Showing 1 of 1')

  // Bea reviews: a verdict with its rationale.
  await listItem(bea, claimId).click()
  await detailOf(bea).getByLabel('Verdict').selectOption({ label: 'Misleading' })
  await detailOf(bea).getByLabel('Rationale').fill('Russia votes against Israel at the UN.')
  await detailOf(bea).getByRole('button', { name: 'Save' }).click()
  await expect(stateOf(bea)).toHaveText('Reviewed')
  await expect(reviewOf(bea).getByTestId('reviewer')).toContainText('Misleading · Bea')
  // Bea cannot sign off her own review; the panel says why.
  await expect(reviewOf(bea).getByRole('button', { name: 'Approve' })).toBeDisabled()
  await expect(reviewOf(bea).getByTestId('approve-hint')).toHaveText('The reviewer cannot approve their own review: a second person signs it off.')

  // Ada, the second person, approves it.
  await expect(stateOf(ada)).toHaveText('Reviewed')
  await reviewOf(ada).getByRole('button', { name: 'Approve' }).click()
  // Approved, the claim leaves Bea's queue (the filter is still on); without the filter it is listed as approved.
  await expect(bea.getByTestId('my-queue')).toContainText('0')
  await expect(bea.getByTestId('filter-summary')).toHaveText('Showing 0 of 1')
  await bea.getByTestId('my-queue').click()
  for (const page of [ada, bea]) {
    await expect(stateOf(page)).toHaveText('Approved')
    await expect(reviewOf(page).getByTestId('approver')).toContainText('Ada')
    await expect(listItem(page, claimId).getByTestId('review-state-badge')).toHaveText('Approved')
  }
  await saveScreenshot(ada, 'review-approved')

  // Bea edits the claim's words: it needs re-review, for both, by itself.
  await selectText(bea, 'reliable')
  await bea.keyboard.type('trusted')
  for (const page of [ada, bea]) {
    await expect(stateOf(page)).toHaveText('Needs re-review')
    await expect(listItem(page, claimId).getByTestId('review-state-badge')).toHaveText('Needs re-review')
    await expect(editorOf(page).locator(`[data-annotation-id="${claimId}"]`).first()).toHaveAttribute('title', 'Claim: misleading (needs re-review)')
  }
  await expect(bea.getByTestId('my-queue')).toContainText('1')

  // Bea reviews the new words (the verdict still holds); Ada approves again.
  await listItem(bea, claimId).click()
  await reviewOf(bea).getByRole('button', { name: 'Verdict still holds' }).click()
  await expect(stateOf(ada)).toHaveText('Reviewed')
  await reviewOf(ada).getByRole('button', { name: 'Approve' }).click()
  await expect(stateOf(bea)).toHaveText('Approved')

  // The history names each step and who took it, newest first, the same for both.
  for (const page of [ada, bea]) {
    const steps = detailOf(page).getByTestId('history').locator('.history-what')
    await expect(steps.nth(0)).toHaveText('Ada approved the review (Misleading)')
    await expect(steps.nth(1)).toHaveText('Bea reviewed the new words (verdict Misleading)')
    await expect(steps.nth(2)).toHaveText('Ada approved the review (Misleading)')
    await detailOf(page)
      .getByRole('button', { name: /Show all \d+ steps/ })
      .click()
    await expect(steps).toHaveCount(7)
    // The verdict and the rationale were saved at once (their order among themselves is by id).
    expect((await steps.allTextContents()).slice(3, 5).sort()).toEqual(['Bea changed rationale', 'Bea set verdict Misleading'])
    await expect(steps.nth(5)).toHaveText('Ada assigned it to Bea')
    await expect(steps.nth(6)).toHaveText('Ada tagged it as a claim')
  }
  await saveScreenshot(bea, 'review-history')

  // The export carries the review.
  const exported = await request.get(`/api/docs/${id}/export?format=json`)
  expect(exported.status()).toBe(200)
  const body = (await exported.json()) as {
    annotations: Array<{ id: string; review?: { state: string; assignee: { name: string }; reviewer: { name: string }; approvedBy: { name: string } }; history?: unknown[] }>
  }
  const claim = body.annotations.find((annotation) => annotation.id === claimId)
  expect(claim?.review).toMatchObject({ state: 'approved', assignee: { name: 'Bea' }, reviewer: { name: 'Bea' }, approvedBy: { name: 'Ada' } })
  // Six steps after the tagging: assign, verdict, rationale, approve, review, approve.
  expect(claim?.history).toHaveLength(6)
})

test('keyboard only: Alt-J / Alt-K walk the annotations, Tab reaches the verdict, Ctrl-Enter saves, Escape returns to the text', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Keyboard review', format: 'txt', source: SOURCE })
  const { ada } = await openPagesOfAdaAndBea(browser, id)
  const first = await tagText(ada, 'Russia is a reliable partner', 'Claim')
  const second = await tagText(ada, 'nothing will change', 'Claim')
  await detailOf(ada).getByRole('button', { name: 'Close details' }).click()
  await expect(detailOf(ada)).toHaveCount(0)

  await editorOf(ada).click()
  await ada.keyboard.press('Alt+j')
  await expect(detailOf(ada).locator('.detail-text')).toHaveText('Russia is a reliable partner')
  await expect(detailOf(ada)).toBeFocused()
  await ada.keyboard.press('Alt+j')
  await expect(detailOf(ada).locator('.detail-text')).toHaveText('nothing will change')
  await expect(listItem(ada, second)).toHaveAttribute('aria-current', 'true')
  await ada.keyboard.press('Alt+k')
  await expect(listItem(ada, first)).toHaveAttribute('aria-current', 'true')
  await expect(detailOf(ada)).toBeFocused()

  // Tab to the verdict, choose it by typing, Tab to the rationale, Ctrl-Enter saves.
  const verdict = detailOf(ada).getByLabel('Verdict')
  for (let presses = 0; presses < 25 && !(await verdict.evaluate((element) => element === document.activeElement)); presses++) await ada.keyboard.press('Tab')
  await expect(verdict).toBeFocused()
  await ada.keyboard.type('False')
  await expect(verdict).toHaveValue('false')
  await ada.keyboard.press('Tab')
  await expect(detailOf(ada).getByLabel('Rationale')).toBeFocused()
  await ada.keyboard.type('It was said in 2016, not 2001.')
  await ada.keyboard.press('Control+Enter')
  await expect(detailOf(ada).getByRole('status')).toHaveText('Saved')
  await expect(stateOf(ada)).toHaveText('Reviewed')

  // Escape closes the details and puts the focus back in the text.
  await ada.keyboard.press('Escape')
  await expect(detailOf(ada)).toHaveCount(0)
  await expect(editorOf(ada)).toBeFocused()
})

test('changing a claim into a quote keeps what both have, shows in the history, and reaches the other person', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Change type', format: 'txt', source: SOURCE })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)
  const annotationId = await tagText(ada, 'Russia is a reliable partner', 'Claim')
  await detailOf(ada).getByLabel('Source URL').fill('https://example.org/minister')
  await detailOf(ada).getByRole('button', { name: 'Save' }).click()
  await expect(detailOf(ada).getByRole('status')).toHaveText('Saved')
  await detailOf(ada).getByLabel('Change type').selectOption({ label: 'Quote' })
  await expect(detailOf(ada).locator('.type-badge')).toHaveText('Quote')
  await expect(detailOf(ada).getByLabel('Speaker')).toBeVisible()
  await expect(detailOf(ada).getByLabel('Source URL')).toHaveValue('https://example.org/minister')
  await expect(detailOf(ada).getByTestId('history').locator('.history-what').first()).toHaveText('Ada changed the type to quote')
  await expect(listItem(bea, annotationId).locator('.type-badge')).toHaveText('Quote')
})

test('the panel’s keys leave typing alone: Alt-J in a field, Escape over a comment being written, leaving with unsaved input asks', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Keys and drafts', format: 'txt', source: SOURCE })
  const { ada } = await openPagesOfAdaAndBea(browser, id)
  const first = await tagText(ada, 'Russia is a reliable partner', 'Claim')
  await tagText(ada, 'nothing will change', 'Claim')
  await listItem(ada, first).click()

  // Alt-J while typing in a field does not move to another annotation.
  await detailOf(ada).getByLabel('Claimant').focus()
  await ada.keyboard.press('Alt+j')
  await expect(detailOf(ada).locator('.detail-text')).toHaveText('Russia is a reliable partner')

  // Escape in a comment being written keeps the details and the text.
  const comment = detailOf(ada).getByLabel('Add a comment')
  await comment.fill('Half a thought')
  await ada.keyboard.press('Escape')
  await expect(detailOf(ada)).toBeVisible()
  await expect(comment).toHaveValue('Half a thought')

  // Unsaved input: going to the documents list asks; dismissing stays, accepting leaves.
  await detailOf(ada).getByLabel('Claimant').fill('The minister')
  ada.once('dialog', (dialog) => void dialog.dismiss())
  await ada.getByRole('link', { name: /Spanwise/ }).click()
  await expect(ada).toHaveURL(new RegExp(`/docs/${id}`))
  await expect(detailOf(ada).getByLabel('Claimant')).toHaveValue('The minister')
  ada.once('dialog', (dialog) => {
    expect(dialog.message()).toBe('Some annotation changes are not saved. Leave this document and lose them?')
    void dialog.accept()
  })
  await ada.getByRole('link', { name: /Spanwise/ }).click()
  await expect(ada).toHaveURL(/\/$/)
})
