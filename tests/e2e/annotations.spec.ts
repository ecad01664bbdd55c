import { expect, test, type Page } from '@playwright/test'
import { createDocument, editorOf, highlightText, pagesOfAdaAndBea, placeCaret, saveScreenshot, selectText, selectedAnnotationId, tagText } from './support/app'

const openPagesOfAdaAndBea = pagesOfAdaAndBea()

/** Waits until the annotation's highlight covers exactly `text`. */
async function expectHighlight(page: Page, id: string, text: string) {
  await expect.poll(() => highlightText(page, id)).toBe(text)
}

const panelOf = (page: Page) => page.getByTestId('annotation-panel')
const detailOf = (page: Page) => page.getByTestId('annotation-detail')
const filtersOf = (page: Page) => page.getByRole('group', { name: 'Filter annotations' })
const listItem = (page: Page, id: string) => page.locator(`[data-annotation-item="${id}"]`)
const listedTexts = (page: Page) => page.getByTestId('annotation-list').locator('.annotation-item-text')

test('a claim tagged by Ada highlights the same words for Bea and grows only by text typed inside it', async ({ browser, request }) => {
  const source = 'Claim boundaries\n\nRussia is a reliable partner of Israel, the minister said on Tuesday.\n\nA second paragraph stays as it is.'
  const id = await createDocument(request, { title: 'Claim boundaries', format: 'txt', source })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)

  const claimId = await tagText(ada, 'Russia is a reliable partner', 'Claim')
  await expect(detailOf(ada).locator('.type-badge')).toHaveText('Claim')
  await expect(detailOf(ada).locator('.detail-text')).toHaveText('Russia is a reliable partner')
  const seenByBea = editorOf(bea).locator(`[data-annotation-type="claim"][data-annotation-id="${claimId}"]`)
  await expect(seenByBea).toHaveText('Russia is a reliable partner', { timeout: 5_000 })
  await expect(seenByBea).toHaveAttribute('title', 'Claim')
  await expect(bea.getByTestId('annotation-count')).toHaveText('1')

  await selectText(bea, 'reliable', 0, 'caret-start')
  await bea.keyboard.type('very ')
  await placeCaret(editorOf(bea), 0, 'start')
  await bea.keyboard.type('Officially, ')
  await selectText(bea, 'partner', 0, 'caret-end')
  await bea.keyboard.type(' indeed')

  const paragraph = 'Officially, Russia is a very reliable partner indeed of Israel, the minister said on Tuesday.'
  for (const page of [ada, bea]) {
    await expect(editorOf(page).locator('p').first()).toHaveText(paragraph)
    await expectHighlight(page, claimId, 'Russia is a very reliable partner')
    await expect(listItem(page, claimId).locator('.annotation-item-text')).toHaveText('“Russia is a very reliable partner”')
  }
})

test('a verdict given by Ada shows as changed since review for both once Bea edits the claim', async ({ browser, request }) => {
  const source = 'Reviews\n\nRussia is a reliable partner of Israel, the minister said.'
  const id = await createDocument(request, { title: 'Reviews', format: 'txt', source })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)

  const claimId = await tagText(ada, 'Russia is a reliable partner', 'Claim')
  await detailOf(ada).getByLabel('Verdict').selectOption({ label: 'False' })
  await detailOf(ada).getByRole('button', { name: 'Save' }).click()
  await expect(detailOf(ada).getByRole('status')).toHaveText('Saved')
  await expect(detailOf(ada).getByTestId('reviewer')).toContainText('False · Ada · ')
  await expect(detailOf(ada).getByTestId('review-state')).toHaveText('Reviewed')
  await expect(listItem(bea, claimId).locator('.verdict-badge')).toHaveText('False')
  // The verdict shows in the text too: the claim's underline is the verdict's.
  const beaHighlight = editorOf(bea).locator(`[data-annotation-id="${claimId}"]`)
  await expect(beaHighlight).toHaveAttribute('data-verdict', 'false')
  await expect(beaHighlight).toHaveClass(/claim-verdict-false/)
  expect(await beaHighlight.evaluate((span) => getComputedStyle(span).textDecorationStyle)).toBe('wavy')
  expect(await beaHighlight.evaluate((span) => getComputedStyle(span).textDecorationColor)).toBe('rgb(179, 38, 30)')
  for (const page of [ada, bea]) {
    await expect(page.getByTestId('changed-since-review')).toHaveCount(0)
    await expect(listItem(page, claimId).getByTestId('review-state-badge')).toHaveText('Reviewed')
  }

  await selectText(bea, 'reliable')
  await bea.keyboard.type('dependable')
  await listItem(bea, claimId).click()

  for (const page of [ada, bea]) {
    await expectHighlight(page, claimId, 'Russia is a dependable partner')
    await expect(listItem(page, claimId).getByTestId('review-state-badge')).toHaveText('Needs re-review')
    await expect(page.getByTestId('changed-since-review-detail')).toHaveText('Changed since review. The verdict was given on: “Russia is a reliable partner”')
    await expect(editorOf(page).locator(`[data-annotation-id="${claimId}"]`)).toHaveAttribute('title', 'Claim: false (needs re-review)')
  }
})

test('type chips, search, verdict and author filters narrow the list; comments reach the other person as text', async ({ browser, request }) => {
  const source = [
    'Filters',
    'The summit in Helsinki took place in July 2018.',
    'Putin said: "We are good partners."',
    'The deal was rejected by Israel.',
    'Turkey opposed both moves.',
  ].join('\n\n')
  const id = await createDocument(request, { title: 'Filters', format: 'txt', source })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)

  await tagText(ada, 'The summit in Helsinki took place in July 2018', 'Event')
  await tagText(ada, 'We are good partners.', 'Quote')
  const dealId = await tagText(ada, 'The deal was rejected by Israel', 'Claim')
  await expect(bea.getByTestId('annotation-count')).toHaveText('3')
  await tagText(bea, 'Turkey opposed both moves', 'Claim')
  await expect(ada.getByTestId('annotation-count')).toHaveText('4')

  const filters = filtersOf(ada)
  const summary = ada.getByTestId('filter-summary')
  for (const name of ['Events 1', 'Quotes 1', 'Claims 2']) await expect(filters.getByRole('button', { name, exact: true })).toHaveAttribute('aria-pressed', 'false')
  await filters.getByRole('button', { name: 'Claims 2' }).click()
  await expect(filters.getByRole('button', { name: 'Claims 2' })).toHaveAttribute('aria-pressed', 'true')
  await expect(summary).toHaveText('Showing 2 of 4')
  await expect(listedTexts(ada)).toHaveText(['“The deal was rejected by Israel”', '“Turkey opposed both moves”'])
  // The text highlights only what the filters keep: the event and the quote read as plain text.
  const backgroundOf = (type: string) =>
    editorOf(ada)
      .locator(`.annotation-${type}`)
      .first()
      .evaluate((span) => getComputedStyle(span).backgroundColor)
  await expect.poll(() => backgroundOf('event')).toBe('rgba(0, 0, 0, 0)')
  await expect.poll(() => backgroundOf('quote')).toBe('rgba(0, 0, 0, 0)')
  expect(await backgroundOf('claim')).not.toBe('rgba(0, 0, 0, 0)')
  await filters.getByRole('button', { name: 'Events 1' }).click()
  await expect(summary).toHaveText('Showing 3 of 4')
  await expect(listedTexts(ada)).toHaveText(['“The summit in Helsinki took place in July 2018”', '“The deal was rejected by Israel”', '“Turkey opposed both moves”'])
  await filters.getByRole('button', { name: 'Events 1' }).click()
  await filters.getByRole('button', { name: 'Claims 2' }).click()
  await expect(summary).toHaveText('Showing 4 of 4')
  await expect.poll(() => backgroundOf('event')).not.toBe('rgba(0, 0, 0, 0)')

  await filters.getByLabel('Search annotations').fill('HELSINKI')
  await expect(summary).toHaveText('Showing 1 of 4')
  await expect(listedTexts(ada)).toHaveText(['“The summit in Helsinki took place in July 2018”'])
  await filters.getByLabel('Search annotations').fill('putin')
  await expect(listedTexts(ada)).toHaveText(['“We are good partners.”'])
  await filters.getByLabel('Search annotations').fill('')

  await listItem(ada, dealId).click()
  await detailOf(ada).getByLabel('Verdict').selectOption({ label: 'Supported' })
  await detailOf(ada).getByRole('button', { name: 'Save' }).click()
  await filters.getByLabel('Verdict').selectOption({ label: 'Supported' })
  await expect(summary).toHaveText('Showing 1 of 4')
  await expect(listedTexts(ada)).toHaveText(['“The deal was rejected by Israel”'])
  await filters.getByLabel('Verdict').selectOption({ label: 'Unreviewed' })
  await expect(listedTexts(ada)).toHaveText(['“Turkey opposed both moves”'])
  await filters.getByLabel('Verdict').selectOption({ label: 'Any verdict' })

  const author = filters.getByLabel('Author')
  await expect(author.locator('option')).toHaveText(['All authors', 'Ada', 'Bea'])
  await author.selectOption({ label: 'Bea' })
  await expect(summary).toHaveText('Showing 1 of 4')
  await expect(listedTexts(ada)).toHaveText(['“Turkey opposed both moves”'])
  await author.selectOption({ label: 'Ada' })
  await expect(summary).toHaveText('Showing 3 of 4')
  await author.selectOption({ label: 'All authors' })
  await expect(summary).toHaveText('Showing 4 of 4')

  await detailOf(ada).getByLabel('Add a comment').fill('<b>x</b> is not bold')
  await detailOf(ada).getByRole('button', { name: 'Comment' }).click()
  await expect(detailOf(ada).getByTestId('comments').locator('.comment-text')).toHaveText(['<b>x</b> is not bold'])
  await expect(listItem(bea, dealId).getByLabel('1 comments')).toHaveText('💬 1')
  await listItem(bea, dealId).click()
  const thread = detailOf(bea).getByTestId('comments')
  await expect(thread.locator('.comment-text')).toHaveText(['<b>x</b> is not bold'])
  await expect(thread.locator('.comment-head strong')).toHaveText(['Ada'])
  await expect(thread.locator('b')).toHaveCount(0)
})

test('Mod-Alt-2 tags a quote with its speaker pre-filled', async ({ browser, request }) => {
  const source = 'Speakers\n\nIn 2011, Putin said: "Israel is special to us."'
  const id = await createDocument(request, { title: 'Speakers', format: 'txt', source })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)

  await selectText(ada, 'Israel is special to us.')
  await ada.keyboard.press('Control+Alt+2')
  await expect(detailOf(ada).locator('.type-badge')).toHaveText('Quote')
  await expect(detailOf(ada).getByLabel('Speaker')).toHaveValue('Putin')
  const quoteId = await selectedAnnotationId(ada)
  await expectHighlight(bea, quoteId, 'Israel is special to us.')
  await expect(editorOf(bea).locator(`[data-annotation-id="${quoteId}"]`)).toHaveAttribute('data-annotation-type', 'quote')
  await expect(listItem(bea, quoteId).locator('.annotation-item-attrs')).toHaveText('Putin')
})

test('deleting all of a span detaches it for both; it re-attaches to new words; Undo brings a deleted one back', async ({ browser, request }) => {
  const source = 'Detaching\n\nThe ministers met in Moscow on Tuesday. They signed nothing.\n\nA later meeting took place in Sochi.'
  const id = await createDocument(request, { title: 'Detaching', format: 'txt', source })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)

  const eventId = await tagText(ada, 'met in Moscow', 'Event')
  await expectHighlight(bea, eventId, 'met in Moscow')
  await selectText(bea, 'met in Moscow')
  await bea.keyboard.press('Backspace')
  for (const page of [ada, bea]) {
    await expect(editorOf(page).locator('p').first()).toHaveText('The ministers  on Tuesday. They signed nothing.')
    await expect(page.getByTestId('detached-list').locator('[data-annotation-item]')).toHaveText([/“met in Moscow”/])
    await expect(page.getByTestId('annotation-list').locator('[data-annotation-item]')).toHaveCount(0)
    await expect(editorOf(page).locator('[data-annotation-id]')).toHaveCount(0)
    await expect(page.getByTestId('annotation-count')).toHaveText('1')
  }
  await expect(detailOf(ada).getByRole('status')).toHaveText('The words of this event were deleted. Select the right words in the text and re-attach it.')

  await selectText(ada, 'took place in Sochi')
  await detailOf(ada).getByRole('button', { name: 'Re-attach to selection' }).click()
  for (const page of [ada, bea]) {
    await expectHighlight(page, eventId, 'took place in Sochi')
    await expect(page.getByTestId('detached-list')).toHaveCount(0)
    await expect(page.getByTestId('annotation-list').locator('[data-annotation-item]')).toHaveText([/“took place in Sochi”/])
  }

  await detailOf(ada).getByRole('button', { name: 'Delete' }).click()
  const toast = panelOf(ada).getByRole('status').filter({ hasText: 'Annotation deleted.' })
  await expect(toast).toHaveText('Annotation deleted. Undo')
  for (const page of [ada, bea]) {
    await expect(page.getByTestId('annotation-count')).toHaveText('0')
    await expect(editorOf(page).locator('[data-annotation-id]')).toHaveCount(0)
  }
  await toast.getByRole('button', { name: 'Undo' }).click()
  await expect(toast).toHaveCount(0)
  for (const page of [ada, bea]) {
    await expect(page.getByTestId('annotation-count')).toHaveText('1')
    await expectHighlight(page, eventId, 'took place in Sochi')
  }
})

test('an impossible event date is refused with a message naming the field, and nothing is saved', async ({ browser, request }) => {
  const source = 'Validation\n\nThe meeting at Trump Tower took place in late September 2016.'
  const id = await createDocument(request, { title: 'Validation', format: 'txt', source })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)

  const eventId = await tagText(ada, 'The meeting at Trump Tower', 'Event')
  const dateField = (page: Page) => detailOf(page).getByLabel(/^Date/)
  await dateField(ada).fill('2016-13-40')
  await detailOf(ada).getByRole('button', { name: 'Save' }).click()
  // The message is at the field, in words, and the focus goes there.
  const alert = detailOf(ada).getByRole('alert')
  await expect(alert).toHaveText('Date: use 2016, 2016-09 or 2016-09-25 (or write it out: Sept 2015, 25 September 2016)')
  await expect(dateField(ada)).toBeFocused()
  await expect(dateField(ada)).toHaveAttribute('aria-invalid', 'true')
  await expect(detailOf(ada).getByText('Saved', { exact: true })).toHaveCount(0)

  // A later change by Ada that Bea sees proves Bea is in step when she still shows no date.
  await detailOf(ada).getByLabel('Add a comment').fill('Checked the date.')
  await detailOf(ada).getByRole('button', { name: 'Comment' }).click()
  await listItem(bea, eventId).click()
  await expect(detailOf(bea).getByTestId('comments').locator('.comment-text')).toHaveText(['Checked the date.'])
  await expect(dateField(bea)).toHaveValue('')
  for (const page of [ada, bea]) await expect(listItem(page, eventId).locator('.annotation-item-attrs')).toHaveCount(0)

  // A date written out is read, and the form says what it will be saved as.
  await dateField(ada).fill('Sept 2016')
  await expect(detailOf(ada).getByRole('alert')).toHaveCount(0)
  await expect(detailOf(ada).getByTestId('date-reading')).toHaveText('Saved as 2016-09')
  // An end date before the date is refused at its own field.
  await detailOf(ada)
    .getByLabel(/^End date/)
    .fill('August 2016')
  await detailOf(ada).getByRole('button', { name: 'Save' }).click()
  await expect(detailOf(ada).getByRole('alert')).toHaveText('End date: must not be before date')
  await detailOf(ada)
    .getByLabel(/^End date/)
    .fill('')
  await detailOf(ada).getByRole('button', { name: 'Save' }).click()
  await expect(detailOf(ada).getByRole('status')).toHaveText('Saved')
  await expect(dateField(ada)).toHaveValue('2016-09')
  await expect(dateField(bea)).toHaveValue('2016-09')
  await expect(listItem(bea, eventId).locator('.annotation-item-attrs')).toHaveText('2016-09')
})

test('switching to another annotation keeps what was typed and not saved; Discard drops it', async ({ browser, request }) => {
  const source = 'Drafts\n\nThe minister said that Russia is a reliable partner, and that nothing will change.'
  const id = await createDocument(request, { title: 'Drafts', format: 'txt', source })
  const { ada } = await openPagesOfAdaAndBea(browser, id)
  const claimId = await tagText(ada, 'Russia is a reliable partner', 'Claim')
  const otherId = await tagText(ada, 'nothing will change', 'Claim')
  await listItem(ada, claimId).click()
  await detailOf(ada).getByLabel('Claimant').fill('The minister')
  await listItem(ada, otherId).click()
  await expect(detailOf(ada).getByLabel('Claimant')).toHaveValue('')
  await listItem(ada, claimId).click()
  await expect(detailOf(ada).getByLabel('Claimant')).toHaveValue('The minister')
  await expect(detailOf(ada).getByTestId('draft-restored')).toBeVisible()
  await detailOf(ada).getByRole('button', { name: 'Discard changes' }).click()
  await expect(detailOf(ada).getByLabel('Claimant')).toHaveValue('')
  await listItem(ada, otherId).click()
  await listItem(ada, claimId).click()
  await expect(detailOf(ada).getByLabel('Claimant')).toHaveValue('')
  await expect(detailOf(ada).getByTestId('draft-restored')).toHaveCount(0)
})

/** Spans tagged on the seed article: nested, overlapping, across two paragraphs, on the Hebrew caption. */
const SEED_SPANS: Array<{ type: 'Event' | 'Quote' | 'Claim'; text: string }> = [
  { type: 'Event', text: 'פגישת פוטין-נתניהו' },
  { type: 'Quote', text: 'a true friend of Israel' },
  { type: 'Quote', text: 'Israel is, in fact, a special state to us.' },
  { type: 'Claim', text: 'Israel is one of the few foreign countries that can be called Russian-speaking' },
  { type: 'Event', text: 'In April 2014, Israel took a neutral stance on the Russian annexation of Crimea' },
  { type: 'Claim', text: 'Relations between Israel and Russia further improved after the Russian military intervention in Syria in September 2015' },
  { type: 'Event', text: 'the Russian military intervention in Syria in September 2015' },
  { type: 'Quote', text: 'Russia and Israel have developed a special relationship. 1.5 million Israeli citizens come from the former Soviet Union' },
  { type: 'Claim', text: '1.5 million Israeli citizens come from the former Soviet Union, they speak the Russian language' },
  { type: 'Event', text: 'Avigdor Liberman.\n\nPrior to and immediately after the 2016 United States presidential election' },
  { type: 'Claim', text: 'Donald Trump was reportedly a favored candidate for both Russia and Israel' },
  { type: 'Event', text: 'a meeting at Trump Tower in late September, 2016' },
  { type: 'Claim', text: 'Russia does not consider Hamas a terrorist organization' },
]

test('the seed article with a dozen annotations of every type: screenshots', async ({ browser }) => {
  const { ada, bea } = await openPagesOfAdaAndBea(browser, 'israel-russia-part-2')
  const ids: string[] = []
  for (const span of SEED_SPANS) ids.push(await tagText(ada, span.text, span.type))

  await expect(bea.getByTestId('annotation-count')).toHaveText(String(SEED_SPANS.length))
  for (const page of [ada, bea]) {
    const filters = filtersOf(page)
    for (const name of ['Events 5', 'Quotes 3', 'Claims 5']) await expect(filters.getByRole('button', { name, exact: true })).toBeVisible()
    for (const [index, span] of SEED_SPANS.entries()) await expectHighlight(page, ids[index], span.text)
  }
  const claimId = ids[SEED_SPANS.findIndex((span) => span.text.startsWith('Israel is one of the few'))]
  await listItem(ada, claimId).click()
  await detailOf(ada).getByLabel('Verdict').selectOption({ label: 'Disputed' })
  await detailOf(ada).getByRole('button', { name: 'Save' }).click()
  await expect(listItem(bea, claimId).locator('.verdict-badge')).toHaveText('Disputed')

  // Selecting from the list scrolls the highlight into view; the screenshots start at the top.
  await scrollTo(ada, 'window', 0)
  await scrollTo(ada, '.side-panel', 0)
  await saveScreenshot(ada, 'seed-annotated')
  await saveScreenshot(ada, 'seed-annotated-full', true)
  const nestedTop = await editorOf(ada)
    .locator(`[data-annotation-id="${ids[5]}"]`)
    .first()
    .evaluate((span) => span.getBoundingClientRect().top)
  await scrollTo(ada, 'window', Math.round(nestedTop) - 200)
  await scrollTo(ada, '.side-panel', await ada.getByTestId('annotation-list').evaluate((list) => Math.round(list.getBoundingClientRect().top) - 120))
  await saveScreenshot(ada, 'seed-annotated-nested-and-list')
})

/** Scrolls the window or a scrolling element to `top` at once and waits until it is there. */
async function scrollTo(page: Page, target: 'window' | '.side-panel', top: number) {
  const wanted = await page.evaluate(
    ([selector, y]) => {
      const scroller = selector === 'window' ? document.scrollingElement! : document.querySelector(selector)!
      scroller.scrollTo({ top: y, behavior: 'instant' })
      return scroller.scrollTop
    },
    [target, top] as const,
  )
  await expect.poll(() => page.evaluate((selector) => (selector === 'window' ? document.scrollingElement! : document.querySelector(selector)!).scrollTop, target)).toBe(wanted)
}
