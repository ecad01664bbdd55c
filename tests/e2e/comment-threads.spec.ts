import { expect, test, type Page } from '@playwright/test'
import { join } from 'node:path'
import { createDocument, expectConnected, newPerson, pagesOfAdaAndBea, saveScreenshot, tagText, type Person } from './support/app'
import { shareLink, startAuthStack, type AuthStack } from './support/auth-stack'
import { E2E } from './support/e2e-env'

const openPagesOfAdaAndBea = pagesOfAdaAndBea()

const detailOf = (page: Page) => page.getByTestId('annotation-detail')
const threadOf = (page: Page) => detailOf(page).getByRole('region', { name: 'Comments' })
const listItem = (page: Page, id: string) => page.locator(`[data-annotation-item="${id}"]`)
const CLOCK = /\d{2}:\d{2}/

const SOURCE = 'Threads\n\nThe minister said that Russia is a reliable partner of Israel, and that nothing will change.'

async function comment(page: Page, text: string) {
  await threadOf(page).getByLabel('Add a comment').fill(text)
  await threadOf(page).getByRole('button', { name: 'Comment', exact: true }).click()
}

/** A screenshot of the comment thread alone, next to the page's. */
async function saveThreadScreenshot(page: Page, name: string) {
  await threadOf(page).scrollIntoViewIfNeeded()
  await threadOf(page).screenshot({ path: join(E2E.screenshotsDir, `${name}.png`) })
}

test('Bea resolves Ada’s thread: it folds for Ada live, unfolds on Show, and Ada’s new comment reopens it for both', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Comment threads', format: 'txt', source: SOURCE })
  const { ada, bea } = await openPagesOfAdaAndBea(browser, id)

  const claimId = await tagText(ada, 'Russia is a reliable partner', 'Claim')
  // Nothing to resolve without comments.
  await expect(threadOf(ada).getByRole('button', { name: 'Resolve' })).toHaveCount(0)
  await comment(ada, 'Who said this first? The 2019 interview says otherwise.')
  await comment(ada, 'Also: which minister?')
  await expect(threadOf(ada).locator('.comment-text')).toHaveCount(2)

  await expect(listItem(bea, claimId).getByLabel('2 comments')).toHaveText('💬 2')
  await expect(bea.getByTestId('open-threads')).toContainText('1')
  await listItem(bea, claimId).click()
  await expect(threadOf(bea).locator('.comment-text')).toHaveText(['Who said this first? The 2019 interview says otherwise.', 'Also: which minister?'])
  await threadOf(bea).getByRole('button', { name: 'Resolve' }).click()

  // Ada's open details fold, live: one line, the comments out of sight, Reopen offered.
  for (const page of [ada, bea]) {
    await expect(threadOf(page).getByTestId('thread-resolution')).toHaveText(new RegExp(`^✓Resolved by Bea · ${CLOCK.source} · 2 comments\\s*Show$`))
    await expect(threadOf(page).getByTestId('thread-badge')).toHaveText('Resolved')
    await expect(threadOf(page).getByTestId('comments')).toHaveCount(0)
    await expect(threadOf(page).getByRole('button', { name: 'Resolve' })).toHaveCount(0)
    await expect(threadOf(page).getByRole('button', { name: 'Reopen' })).toBeVisible()
    await expect(listItem(page, claimId).getByTestId('thread-marker')).toHaveText('✓ resolved')
    await expect(page.getByTestId('open-threads')).toContainText('0')
    await expect(detailOf(page).getByTestId('history').locator('.history-what').first()).toHaveText('Bea resolved the comment thread')
  }
  await saveScreenshot(ada, 'thread-resolved-folded')
  // The list with the details closed: the thread marked resolved, the filter counting none open.
  await detailOf(bea).getByRole('button', { name: 'Close details' }).click()
  await saveScreenshot(bea, 'thread-resolved-list')
  await listItem(bea, claimId).click()
  await saveThreadScreenshot(ada, 'thread-resolved-folded-detail')

  // Show unfolds it for Ada only; Hide folds it again.
  await threadOf(ada).getByRole('button', { name: 'Show' }).click()
  await expect(threadOf(ada).locator('.comment-text')).toHaveCount(2)
  await expect(threadOf(ada).getByRole('button', { name: 'Hide' })).toHaveAttribute('aria-expanded', 'true')
  await expect(threadOf(bea).getByTestId('comments')).toHaveCount(0)
  await saveThreadScreenshot(ada, 'thread-resolved-expanded-detail')
  await threadOf(ada).getByRole('button', { name: 'Hide' }).click()
  await expect(threadOf(ada).getByTestId('comments')).toHaveCount(0)
  await expect(threadOf(ada).getByRole('button', { name: 'Show' })).toHaveAttribute('aria-expanded', 'false')

  // Ada comments on the resolved thread: it is open again for both, her comment counted.
  await comment(ada, 'Found it: the interview was in 2021. Reopening.')
  for (const page of [ada, bea]) {
    await expect(threadOf(page).getByTestId('thread-resolution')).toHaveCount(0)
    await expect(threadOf(page).locator('.comment-text')).toHaveCount(3)
    await expect(threadOf(page).getByTestId('thread-reopened')).toHaveText(new RegExp(`^Reopened by Ada · ${CLOCK.source}$`))
    await expect(threadOf(page).getByRole('button', { name: 'Resolve' })).toBeVisible()
    await expect(listItem(page, claimId).getByLabel('3 comments')).toHaveText('💬 3')
    const steps = detailOf(page).getByTestId('history').locator('.history-what')
    // The reopening and the comment share a time: their order among themselves is by id.
    expect((await steps.allTextContents()).slice(0, 2).sort()).toEqual(['Ada commented “Found it: the interview was in 2021. Reopening.”', 'Ada reopened the comment thread'])
    await expect(steps.nth(2)).toHaveText('Bea resolved the comment thread')
  }

  // Bea filters the list down to open threads; Reopen after another resolve works too.
  await bea.getByTestId('open-threads').click()
  await expect(bea.getByTestId('filter-summary')).toHaveText('Showing 1 of 1')
  await threadOf(bea).getByRole('button', { name: 'Resolve' }).click()
  await expect(bea.getByTestId('filter-summary')).toHaveText('Showing 0 of 1')
  await bea.getByTestId('open-threads').click()
  await threadOf(ada).getByRole('button', { name: 'Reopen' }).click()
  await expect(threadOf(bea).getByTestId('thread-reopened')).toHaveText(new RegExp(`^Reopened by Ada · ${CLOCK.source}$`))
  await saveThreadScreenshot(bea, 'thread-reopened-detail')

  // The json export carries the thread's state.
  const exported = await request.get(`/api/docs/${id}/export?format=json`)
  expect(exported.status()).toBe(200)
  const body = (await exported.json()) as { annotations: Array<{ id: string; comments: unknown[]; thread?: { state: string; by: { name: string } } }> }
  const claim = body.annotations.find((annotation) => annotation.id === claimId)
  expect(claim?.comments).toHaveLength(3)
  expect(claim?.thread).toMatchObject({ state: 'open', by: { name: 'Ada' } })
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

  test('a viewer sees the thread’s state and can unfold it, but has no Resolve, Reopen or comment box', async ({ browser }) => {
    const DOC = 'israel-russia-part-2'
    const link = (role: 'editor' | 'annotator' | 'viewer') => shareLink(stack, DOC, role)
    const editor = await newPerson(browser, 'Eda', '#0072B2')
    const viewer = await newPerson(browser, 'Vic', '#009E73')
    people.push(editor, viewer)
    await editor.page.goto(await link('editor'))
    await viewer.page.goto(await link('viewer'))
    for (const person of [editor, viewer]) await expectConnected(person.page)

    const claimId = await tagText(editor.page, 'saw little improvement', 'Claim')
    await comment(editor.page, 'Compared with what?')
    await listItem(viewer.page, claimId).click()
    await expect(threadOf(viewer.page).locator('.comment-text')).toHaveText(['Compared with what?'])
    await expect(threadOf(viewer.page).getByRole('button')).toHaveCount(0)
    await expect(threadOf(viewer.page).getByLabel('Add a comment')).toHaveCount(0)

    await threadOf(editor.page).getByRole('button', { name: 'Resolve' }).click()
    await expect(threadOf(viewer.page).getByTestId('thread-resolution')).toHaveText(new RegExp(`^✓Resolved by Eda · ${CLOCK.source} · 1 comment\\s*Show$`))
    await expect(threadOf(viewer.page).getByRole('button', { name: 'Reopen' })).toHaveCount(0)
    await threadOf(viewer.page).getByRole('button', { name: 'Show' }).click()
    await expect(threadOf(viewer.page).locator('.comment-text')).toHaveText(['Compared with what?'])
    await expect(threadOf(viewer.page).getByRole('button')).toHaveText(['Hide'])
    await expect(viewer.page.getByTestId('discarded-banner')).toHaveCount(0)
  })
})
