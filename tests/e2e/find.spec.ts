import { expect, test, type Page } from '@playwright/test'
import { createDocument, editorOf, newPerson, openDocument, pagesOfAdaAndBea, placeCaret, saveScreenshot, selectedAnnotationId, selectText, tagText } from './support/app'
import { expectNoSeriousViolations } from './support/axe'

const openPagesOfAdaAndBea = pagesOfAdaAndBea()

// "Kremlin" five times: once split by bold (Krem**lin**), once in lower case; "kremlin" never spans the two paragraphs.
const SOURCE = [
  '# Find test',
  'The Kremlin said the Kremlin would answer on Monday.',
  'A reporter asked the kremlin about the **Krem**lin statement.',
  'Nothing here but a second paragraph stays as it is. Kremlin',
].join('\n\n')

const findBar = (page: Page) => page.getByTestId('find-bar')
const findField = (page: Page) => findBar(page).getByRole('textbox', { name: 'Find in the document' })
const findCount = (page: Page) => page.getByTestId('find-count')
/** The current match's text (one match may be drawn as several pieces, split by marks). */
const currentMatch = (page: Page) =>
  editorOf(page)
    .locator('.find-match-current')
    .allTextContents()
    .then((pieces) => pieces.join(''))
/** Which occurrence (0-based, in document order) of the matched words is current. */
const currentIndex = (page: Page) =>
  editorOf(page).evaluate((root) => {
    const pieces = [...root.querySelectorAll('.find-match')]
    // A match drawn in pieces: only the first piece of each counts.
    const starts = pieces.filter((piece, index) => index === 0 || !isContinuation(pieces[index - 1], piece))
    return starts.findIndex((piece) => piece.classList.contains('find-match-current'))
    function isContinuation(previous: Element, piece: Element): boolean {
      const range = document.createRange()
      range.setStartAfter(previous)
      range.setEndBefore(piece)
      return range.toString() === ''
    }
  })

test('Ctrl-F finds every match with a count, steps through them, follows a co-author’s edit, lists annotations and closes at the match', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Find test', format: 'md', source: SOURCE })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)

  // An annotation whose note (not its words) holds the query.
  const eventId = await tagText(ada, 'second paragraph', 'Event')
  await ada.getByTestId('annotation-detail').getByLabel('Note').fill('Ask the Kremlin press office about this.')
  await ada.getByTestId('annotation-detail').getByRole('button', { name: 'Save' }).click()
  await expect(ada.getByTestId('annotation-detail').getByRole('status')).toHaveText('Saved')
  await ada.getByTestId('annotation-detail').press('Escape')
  await expect(ada.getByTestId('annotation-detail')).toHaveCount(0)

  await placeCaret(editorOf(ada), 0, 'start')
  await ada.keyboard.press('ControlOrMeta+f')
  await expect(findField(ada)).toBeFocused()
  await ada.keyboard.type('kremlin')
  await expect(findCount(ada)).toHaveText('1 of 5')
  await expect(findCount(ada)).toHaveAttribute('role', 'status')
  expect(await currentMatch(ada)).toBe('Kremlin')
  expect(await currentIndex(ada)).toBe(0)

  // Enter, Shift-Enter, the buttons, Ctrl-G and F3 move the current match, round at both ends.
  await ada.keyboard.press('Enter')
  await expect(findCount(ada)).toHaveText('2 of 5')
  await ada.keyboard.press('Enter')
  await expect(findCount(ada)).toHaveText('3 of 5')
  expect(await currentMatch(ada)).toBe('kremlin')
  await ada.keyboard.press('Enter')
  await expect(findCount(ada)).toHaveText('4 of 5')
  // The match split by bold is one match, highlighted across the mark.
  expect(await currentMatch(ada)).toBe('Kremlin')
  await expect(editorOf(ada).locator('strong .find-match-current, .find-match-current strong')).toHaveText('Krem')
  await ada.keyboard.press('Shift+Enter')
  await expect(findCount(ada)).toHaveText('3 of 5')
  await findBar(ada).getByRole('button', { name: 'Next match' }).click()
  await ada.keyboard.press('ControlOrMeta+g')
  await expect(findCount(ada)).toHaveText('5 of 5')
  await ada.keyboard.press('F3')
  await expect(findCount(ada)).toHaveText('1 of 5')
  await findBar(ada).getByRole('button', { name: 'Previous match' }).click()
  await expect(findCount(ada)).toHaveText('5 of 5')
  await ada.keyboard.press('Shift+F3')
  await expect(findCount(ada)).toHaveText('4 of 5')

  // Match case leaves out the lower-case one.
  await findBar(ada).getByRole('button', { name: 'Match case' }).click()
  await expect(findBar(ada).getByRole('button', { name: 'Match case' })).toHaveAttribute('aria-pressed', 'true')
  await expect(findCount(ada)).toHaveText('1 of 1')
  await findField(ada).fill('Kremlin')
  await expect(findCount(ada)).toHaveText(/ of 4$/)
  await findBar(ada).getByRole('button', { name: 'Match case' }).click()
  await expect(findCount(ada)).toHaveText(/ of 5$/)

  // Bea adds another occurrence: Ada's count and highlights follow.
  await placeCaret(editorOf(bea), 0, 'end')
  await bea.keyboard.type(' The KREMLIN denied it.')
  await expect(findCount(ada)).toHaveText(/ of 6$/)
  await expect(editorOf(ada).locator('.find-match', { hasText: /^KREMLIN$/ })).toHaveCount(1)

  // The annotation whose note matches is listed; a click opens it in the side panel.
  const results = ada.getByTestId('find-annotation-results')
  await expect(results.getByRole('button', { name: 'Also in 1 annotation' })).toHaveAttribute('aria-expanded', 'true')
  const result = results.locator(`[data-find-result="${eventId}"]`)
  await expect(result).toContainText('“second paragraph”')
  await expect(result).toContainText('Note: Ask the Kremlin press office about this.')
  await expect(result.locator('mark')).toHaveText('Kremlin')
  await expectNoSeriousViolations(ada, 'the find bar, open with matches and annotation results')
  await saveScreenshot(ada, 'find-bar')
  await result.click()
  await expect(ada.getByTestId('annotation-detail')).toBeVisible()
  expect(await selectedAnnotationId(ada)).toBe(eventId)
  await expect(ada.getByTestId('annotation-detail').getByLabel('Note')).toHaveValue('Ask the Kremlin press office about this.')

  // Escape closes find: no highlights, focus in the text with the current match selected.
  await findField(ada).click()
  await ada.keyboard.press('Enter')
  const closingAt = await findCount(ada).textContent()
  await ada.keyboard.press('Escape')
  await expect(findBar(ada)).toHaveCount(0)
  await expect(editorOf(ada).locator('.find-match')).toHaveCount(0)
  await expect(editorOf(ada)).toBeFocused()
  expect((await ada.evaluate(() => window.getSelection()?.toString()))?.toLowerCase()).toBe('kremlin')
  expect(closingAt).toMatch(/ of 6$/)

  // Opened again with a word selected, find starts with that word.
  await selectText(ada, 'asked the kremlin')
  await ada.keyboard.press('ControlOrMeta+f')
  await expect(findField(ada)).toHaveValue('asked the kremlin')
  await expect(findCount(ada)).toHaveText('1 of 1')
  // Ctrl-F again in the field keeps what was typed there (and selects it).
  await findField(ada).fill('Monday')
  await ada.keyboard.press('ControlOrMeta+f')
  await expect(findField(ada)).toHaveValue('Monday')
  await expect(findCount(ada)).toHaveText('1 of 1')
  await ada.keyboard.press('Escape')
})

test('hostile input: pattern characters are text, 100,000 pasted characters are refused with a message, markup in a note is shown as text', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Hostile find', format: 'txt', source: 'Hostile find\n\nOdd text: a.*(b) and [x]+ here.' })
  const { context, page } = await newPerson(browser, 'Ada', '#0072B2')
  await openDocument(page, id)
  const markup = '<img src=x onerror="window.pwned=1"><b>needle</b>'
  await tagText(page, 'Odd text', 'Quote')
  await page.getByTestId('annotation-detail').getByLabel('Note').fill(markup)
  await page.getByTestId('annotation-detail').getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('annotation-detail').getByRole('status')).toHaveText('Saved')
  const findButton = page.getByRole('button', { name: 'Find', exact: true })
  await expect(findButton).toHaveAttribute('aria-keyshortcuts', /^(Control|Meta)\+F$/)
  await findButton.click()
  await expect(findField(page)).toBeFocused()
  // The field's focus ring: the bar's border, 2px in the accent colour.
  await expect(findBar(page)).toHaveCSS('border-color', 'rgb(31, 95, 168)')
  await expect(findBar(page)).toHaveCSS('box-shadow', /rgb\(31, 95, 168\) 0px 0px 0px 1px/)

  await findField(page).fill('.*(')
  await expect(findCount(page)).toHaveText('1 of 1')
  expect(await currentMatch(page)).toBe('.*(')
  await findField(page).fill('.*')
  await expect(findCount(page)).toHaveText('1 of 1')
  await findField(page).fill('(?<x>)')
  await expect(findCount(page)).toHaveText('No matches')
  await expect(findBar(page).getByRole('button', { name: 'Next match' })).toBeDisabled()

  const started = Date.now()
  await findField(page).fill('x'.repeat(100_000))
  await expect(findCount(page)).toHaveText('Too long to search: 100,000 characters (at most 500).')
  await expect(findField(page)).toHaveAttribute('aria-invalid', 'true')
  await expect(editorOf(page).locator('.find-match')).toHaveCount(0)
  expect(Date.now() - started).toBeLessThan(5_000)
  await findField(page).fill('here')
  await expect(findCount(page)).toHaveText('1 of 1')

  await findField(page).fill('needle')
  await expect(findCount(page)).toHaveText('No matches')
  const results = page.getByTestId('find-annotation-results')
  await expect(results.locator('.find-result')).toContainText(`Note: ${markup}`)
  await expect(results.locator('img, b')).toHaveCount(0)
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
  await context.close()
})

test('the seed article: Hebrew and English counts, the current match scrolled into view below the sticky toolbar', async ({ browser }) => {
  const { context, page } = await newPerson(browser, 'Reader', '#D55E00')
  const editor = await openDocument(page, 'israel-russia-part-2')
  await editor.locator('h1').click()
  await saveScreenshot(page, 'find-closed')
  await page.keyboard.press('ControlOrMeta+f')
  await findField(page).fill('פוטין')
  await expect(findCount(page)).toHaveText('1 of 2')
  await findField(page).fill('Putin')
  await expect(findCount(page)).toHaveText(/^1 of (19|[2-9]\d)$/)
  for (let step = 0; step < 8; step++) await page.keyboard.press('Enter')
  await expect(findCount(page)).toHaveText(/^9 of /)
  const current = editor.locator('.find-match-current').first()
  await expect(current).toBeInViewport()
  // The current match is not under the sticky header and toolbar.
  const box = (await current.boundingBox())!
  const strip = (await page.locator('.toolbar-strip').boundingBox())!
  expect(box.y).toBeGreaterThan(strip.y + strip.height)
  await saveScreenshot(page, 'find-seed')
  await context.close()
})

test('opened from a note, Escape returns to the note and leaves the text alone; a comment match opens its resolved thread unfolded', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Focus', format: 'md', source: '# Focus\n\nThe Kremlin said so.\n\nAnother Kremlin line.' })
  const { context, page } = await newPerson(browser, 'Ada', '#0072B2')
  await openDocument(page, id)
  const detail = page.getByTestId('annotation-detail')
  const thread = detail.getByRole('region', { name: 'Comments' })
  const eventId = await tagText(page, 'Another', 'Event')
  await thread.getByLabel('Add a comment').fill('The Kremlin denied it later.')
  await thread.getByRole('button', { name: 'Comment', exact: true }).click()
  await thread.getByRole('button', { name: 'Resolve' }).click()
  await expect(thread.getByTestId('comments')).toHaveCount(0)

  const note = detail.getByLabel('Note')
  await note.fill('draft')
  await page.keyboard.press('ControlOrMeta+f')
  await expect(findField(page)).toBeFocused()
  await page.keyboard.type('kremlin')
  await expect(findCount(page)).toHaveText(/ of 2$/)
  await page.keyboard.press('Escape')
  await expect(findBar(page)).toHaveCount(0)
  await expect(note).toBeFocused()
  await expect(note).toHaveValue('draft')
  expect(await selectedAnnotationId(page)).toBe(eventId)

  // The comment matches: opening the annotation from find shows the resolved thread's comments.
  await detail.getByRole('button', { name: 'Close details' }).click()
  await page.keyboard.press('ControlOrMeta+f')
  await findField(page).fill('denied')
  await expect(findCount(page)).toHaveText('No matches')
  const result = page.getByTestId('find-annotation-results').locator(`[data-find-result="${eventId}"]`)
  await expect(result).toContainText('Comment by Ada: The Kremlin denied it later.')
  await result.click()
  await expect(thread.getByTestId('comments').locator('.comment-text')).toHaveText('The Kremlin denied it later.')
  await expect(thread.getByTestId('thread-resolution').getByRole('button', { name: /^Hide the \d+ comments?$/ })).toHaveAttribute('aria-expanded', 'true')
  await thread.scrollIntoViewIfNeeded()
  await saveScreenshot(page, 'find-comment-in-resolved-thread')
  // Opened again from the list, the thread is as resolved threads are: folded.
  await detail.getByRole('button', { name: 'Close details' }).click()
  await page.locator(`[data-annotation-item="${eventId}"]`).click()
  await expect(thread.getByTestId('thread-resolution')).toBeVisible()
  await expect(thread.getByTestId('comments')).toHaveCount(0)
  await context.close()
})

test('reopening with selected words searches them at once; Enter right after typing goes to the first match', async ({ browser, request }) => {
  const filler = Array.from({ length: 80 }, (_, i) => `Filler paragraph ${i} with enough words to take a line.`).join('\n\n')
  const id = await createDocument(request, { title: 'Reopen', format: 'md', source: `# Reopen\n\nalpha beta\n\n${filler}\n\nzebra at the end, and zebra again` })
  const { context, page } = await newPerson(browser, 'Ada', '#0072B2')
  await openDocument(page, id)
  await placeCaret(editorOf(page), 0, 'start')
  await page.keyboard.press('ControlOrMeta+f')
  // Enter before typing pauses: the query is searched and its first match is current, not skipped.
  await findField(page).fill('zebra')
  await page.keyboard.press('Enter')
  await expect(findCount(page)).toHaveText('1 of 2')
  await page.keyboard.press('Escape')
  await page.evaluate(() => window.scrollTo(0, 0))
  await selectText(page, 'beta')
  // Neither the old query's highlights nor a scroll to them may show on the way.
  await page.evaluate(() => {
    const seen = window as unknown as { staleMatch: boolean; maxScrollY: number }
    seen.staleMatch = false
    seen.maxScrollY = 0
    new MutationObserver(() => {
      for (const element of document.querySelectorAll('.find-match')) if (element.textContent === 'zebra') seen.staleMatch = true
    }).observe(document.body, { subtree: true, childList: true, attributes: true })
    window.addEventListener('scroll', () => (seen.maxScrollY = Math.max(seen.maxScrollY, window.scrollY)))
  })
  await page.keyboard.press('ControlOrMeta+f')
  await expect(findField(page)).toHaveValue('beta')
  await expect(findCount(page)).toHaveText('1 of 1')
  await page.waitForTimeout(500)
  expect(await page.evaluate(() => (window as unknown as { staleMatch: boolean; maxScrollY: number }).staleMatch)).toBe(false)
  expect(await page.evaluate(() => (window as unknown as { staleMatch: boolean; maxScrollY: number }).maxScrollY)).toBe(0)
  await context.close()
})

test('a short window with annotation results: the current match is scrolled below the sticky strip, matches show in forced colours', async ({ browser, request }) => {
  const paragraphs = Array.from({ length: 60 }, (_, i) => `Paragraph ${i}: the Kremlin said something long enough to fill a line of text here.`).join('\n\n')
  const id = await createDocument(request, { title: 'Short window', format: 'md', source: `# Short window\n\n${paragraphs}` })
  const { context, page } = await newPerson(browser, 'Ada', '#0072B2')
  await page.setViewportSize({ width: 1280, height: 620 })
  await openDocument(page, id)
  const detail = page.getByTestId('annotation-detail')
  for (let i = 0; i < 4; i++) {
    await tagText(page, `Paragraph ${i}:`, 'Event')
    await detail.getByLabel('Note').fill('About the Kremlin.')
    await detail.getByRole('button', { name: 'Save' }).click()
    await expect(detail.getByRole('status')).toHaveText('Saved')
    await detail.press('Escape')
  }
  await editorOf(page).locator('h1').click()
  await page.keyboard.press('ControlOrMeta+f')
  await findField(page).fill('kremlin')
  await expect(findCount(page)).toHaveText('1 of 60')
  await expect(page.getByTestId('find-annotation-results').locator('.find-result')).toHaveCount(4)
  const strip = page.locator('.toolbar-strip')
  const current = editorOf(page).locator('.find-match-current').first()
  for (const [presses, count] of [
    [30, '31 of 60'],
    [1, '32 of 60'],
    [25, '57 of 60'],
  ] as const) {
    for (let step = 0; step < presses; step++) await page.keyboard.press('Enter')
    await expect(findCount(page)).toHaveText(count)
    await page.waitForTimeout(700)
    const box = (await current.boundingBox())!
    const stripBox = (await strip.boundingBox())!
    expect(box.y).toBeGreaterThan(stripBox.y + stripBox.height)
    expect(box.y + box.height).toBeLessThan(620)
  }
  // The list stays short: the strip leaves most of a short window to the text.
  expect((await strip.boundingBox())!.height).toBeLessThan(340)
  await saveScreenshot(page, 'find-short-window')

  await page.emulateMedia({ forcedColors: 'active' })
  await expect(current).toHaveCSS('outline-style', 'solid')
  await expect(editorOf(page).locator('.find-match:not(.find-match-current)').first()).toHaveCSS('outline-style', 'solid')
  await saveScreenshot(page, 'find-forced-colors')
  await context.close()
})
