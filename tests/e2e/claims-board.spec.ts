import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expectNoSeriousViolations } from './support/axe'
import { editorOf, pagesOfAdaAndBea, saveScreenshot } from './support/app'
import { PROJECT_ROOT } from './support/e2e-env'

const openPagesOfAdaAndBea = pagesOfAdaAndBea()

const board = (page: Page) => page.getByTestId('claims-board')
const row = (page: Page, id: string) => board(page).locator(`[data-claim-row="${id}"]`)
const rowIds = (page: Page) =>
  board(page)
    .locator('[data-claim-row]')
    .evaluateAll((rows) => rows.map((element) => element.getAttribute('data-claim-row')))
const listItem = (page: Page, id: string) => page.locator(`[data-annotation-item="${id}"]`)
const highlight = (page: Page, id: string) => editorOf(page).locator(`[data-annotation-id="${id}"]`).first()

/** The seed article with its annotations: the golden native export of tests/fixtures/seed-annotations.json. */
async function importSeed(request: APIRequestContext): Promise<{ id: string; claims: string[] }> {
  const source = readFileSync(join(PROJECT_ROOT, 'tests/fixtures/golden/seed.json'), 'utf8')
  const response = await request.post('/api/docs', { data: { title: 'Claims of the seed article', format: 'json', source } })
  expect(response.status(), await response.text()).toBe(201)
  const body = await response.json()
  const claims = (JSON.parse(source).annotations as Array<{ id: string; type: string; state: string }>)
    .filter((annotation) => annotation.type === 'claim' && annotation.state !== 'detached')
    .map((annotation) => annotation.id)
  return { id: body.id as string, claims }
}

async function openBoard(page: Page) {
  await page.getByTestId('view-toggle-claims').click()
  await expect(board(page)).toBeVisible()
}

async function expectInViewAboveDrawer(page: Page, target: Locator) {
  await expect(target).toBeInViewport()
  await expect
    .poll(async () => {
      const box = (await target.boundingBox())!
      const drawer = (await page.getByTestId('document-views').boundingBox())!
      return box.y + box.height <= drawer.y
    })
    .toBe(true)
}

test('the claims board lists every claim, sorts and filters, edits verdict and status in the row, and clicks through to the text', async ({ browser, request }) => {
  const { id, claims } = await importSeed(request)
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)
  await openBoard(ada)
  await expect(board(ada).getByTestId('board-summary')).toHaveText(`${claims.length} of ${claims.length} claims`)
  // In document order, as the native export lists them.
  expect(await rowIds(ada)).toEqual(claims)
  await expect(row(ada, 'cl-churkin')).toHaveClass(/needs-re-review/)
  await expect(row(ada, 'cl-churkin').getByLabel('Status')).toHaveValue('needs-re-review')
  await expect(row(ada, 'cl-putin-2001').getByLabel('Verdict')).toHaveValue('false')
  await expect(row(ada, 'cl-putin-2001').getByLabel('Status')).toHaveValue('reviewed')
  await expectNoSeriousViolations(ada, '[data-testid="claims-board"]')

  // Sort by verdict: the false claims first, then misleading…; again: the other way round.
  await board(ada).getByRole('button', { name: 'Verdict' }).click()
  await expect(board(ada).locator('th').nth(2)).toHaveAttribute('aria-sort', 'ascending')
  const byVerdict = await board(ada)
    .locator('[data-claim-row] select[aria-label="Verdict"]')
    .evaluateAll((selects) => selects.map((select) => (select as HTMLSelectElement).value))
  expect(byVerdict[0]).toBe('false')
  expect(byVerdict.at(-1)).toBe('unreviewed')
  await board(ada).getByRole('button', { name: 'Verdict' }).click()
  await expect(board(ada).locator('th').nth(2)).toHaveAttribute('aria-sort', 'descending')

  // Filter by status and by words.
  await board(ada).getByLabel('Status filter').selectOption({ label: 'Needs re-review' })
  expect(await rowIds(ada)).toEqual(['cl-churkin'])
  await board(ada).getByLabel('Status filter').selectOption({ label: 'Any status' })
  await board(ada).getByLabel('Search claims').fill('bolton')
  expect(await rowIds(ada)).toEqual(['cl-bolton'])
  await board(ada).getByLabel('Search claims').fill('')

  // Inline: Ada gives an unreviewed claim a verdict; Bea sees it in her panel.
  await row(ada, 'cl-trump-favored').getByLabel('Verdict').selectOption({ label: 'Unverifiable' })
  await expect(row(ada, 'cl-trump-favored').getByLabel('Status')).toHaveValue('reviewed')
  await expect(listItem(bea, 'cl-trump-favored').locator('.verdict-badge')).toHaveText('Unverifiable')
  // Ada cannot approve her own review: the option is disabled; she approves Bob's review of cl-putin-2001.
  await expect(row(ada, 'cl-trump-favored').getByLabel('Status').locator('option[value="approved"]')).toBeDisabled()
  await row(ada, 'cl-putin-2001').getByLabel('Status').selectOption('approved')
  await expect(row(ada, 'cl-putin-2001').getByLabel('Status')).toHaveValue('approved')
  await expect(listItem(bea, 'cl-putin-2001').getByTestId('review-state-badge')).toHaveText('Approved')
  // In review: assigned to the person who chose it.
  await row(ada, 'cl-dread').getByLabel('Status').selectOption('in-review')
  await expect(row(ada, 'cl-dread').locator('td').nth(4)).toHaveText('Ada')

  // A click on a claim's words scrolls the text to it (above the drawer) and selects it.
  await row(ada, 'cl-hamas').locator('.board-text button').click()
  await expectInViewAboveDrawer(ada, highlight(ada, 'cl-hamas'))
  await expect(highlight(ada, 'cl-hamas')).toHaveClass(/is-selected/)
  await expect(row(ada, 'cl-hamas')).toHaveAttribute('aria-selected', 'true')

  // Keyboard: the arrows move between rows, Enter shows the claim in the text.
  await row(ada, 'cl-hamas').focus()
  await ada.keyboard.press('Home')
  const first = (await rowIds(ada))[0]!
  await expect(row(ada, first)).toBeFocused()
  await ada.keyboard.press('ArrowDown')
  const second = (await rowIds(ada))[1]!
  await expect(row(ada, second)).toBeFocused()
  await ada.keyboard.press('Enter')
  await expectInViewAboveDrawer(ada, highlight(ada, second))
  await expect(row(ada, second)).toHaveAttribute('aria-selected', 'true')
  await saveScreenshot(ada, 'claims-board')

  // Export the visible rows.
  await board(ada).getByLabel('Status filter').selectOption({ label: 'Approved' })
  const [download] = await Promise.all([ada.waitForEvent('download'), board(ada).getByTestId('board-export').click()])
  expect(download.suggestedFilename()).toBe('claims.csv')
  const csv = readFileSync(await download.path(), 'utf8')
  const lines = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
  expect(lines[0]).toBe('id,text,claimant,verdict,review,assignee,evidence,needsReReview')
  expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['cl-putin-2001'])
})
